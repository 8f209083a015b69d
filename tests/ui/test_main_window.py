"""The main window: which document it shows, the filter, moving between documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication

from annotator.resources import load_scheme
from annotator.services import settings
from annotator.store import Project
from annotator.ui.main_window import MainWindow
from annotator.ui.numbers import number
from annotator.ui.preferences import FILE_NAME
from annotator.ui.reading_view import EMPTY_PROJECT_TEXT
from tests.ui.projects import build_project, numbered_documents

pytestmark = pytest.mark.gui

NOBEL = "wikinews-de-59270"  # third of the samples, 33 spans


@pytest.fixture
def make_window(qapp, open_session):
    """make_window(path, ...) -> MainWindow; windows are gone before their sessions close."""
    windows: list[MainWindow] = []

    def make(path: Path, *, read_only: bool = False, remember_layout: bool = True) -> MainWindow:
        session = open_session(path, read_only=read_only)
        window = MainWindow(session, remember_layout=remember_layout)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shown_id(window: MainWindow) -> str | None:
    return window.record.document.id if window.record else None


def test_shows_the_document_asked_for(sample_project: Path, make_window):
    window = make_window(sample_project)
    assert window.windowTitle() == "Samples - Annotator"
    assert window.open_first(NOBEL) is None

    expected = window.session.document(NOBEL).document
    assert shown_id(window) == NOBEL
    assert window.reader.text.toPlainText() == expected.text
    assert window.reader.title.text() == "Friedensnobelpreis geht an Obama"
    assert window.reader.about.text().startswith("2009-10-09 · de.wikinews.org")
    assert window.library.table.currentIndex().row() == 0  # German samples come first
    assert window.position.text() == "Document 1 of 12 · 33 spans"


def test_shows_the_first_document_without_doc(sample_project: Path, make_window):
    window = make_window(sample_project)
    assert window.open_first() is None
    assert window.library.table.currentIndex().row() == 0
    assert window.position.text().startswith("Document 1 of 12 · ")


def test_unknown_doc_warns_and_shows_the_first(sample_project: Path, make_window):
    window = make_window(sample_project)
    warning = window.open_first("no-such-doc")
    assert warning is not None
    assert "no-such-doc" in warning
    assert window.statusBar().currentMessage() == warning
    assert window.library.table.currentIndex().row() == 0
    assert window.record is not None


def test_text_is_plain_never_html(tmp_path: Path, make_window):
    text = "<b>fett</b> &amp; <i>kursiv</i>\n\n<script>x</script>"
    path = build_project(
        tmp_path / "html.annotator", [{"id": "h", "text": text, "meta": {"title": "<h1>T</h1>"}}]
    )
    window = make_window(path)
    window.open_first()
    assert window.reader.text.toPlainText() == text
    assert window.reader.title.text() == "<h1>T</h1>"
    assert window.reader.title.textFormat() == Qt.TextFormat.PlainText


def test_filter_narrows_the_library(sample_project: Path, make_window, qtbot):
    window = make_window(sample_project)
    window.open_first(NOBEL)
    panel = window.library
    assert panel.count.text() == "12 documents"

    qtbot.keyClicks(panel.filter, "nobel")
    qtbot.waitUntil(lambda: window.model.query.search == "nobel")
    assert window.model.total == 1
    assert panel.count.text() == "1 of 12 documents"
    assert panel.table.currentIndex().row() == 0  # the document shown stays selected
    assert window.position.text() == "Document 1 of 12 · 33 spans"  # place in the project

    panel.filter.setText("flood")
    panel.apply_filter()  # Enter, or the end of the typing pause
    assert window.model.total == 1
    assert not panel.table.currentIndex().isValid()  # the shown document is filtered out
    assert shown_id(window) == NOBEL  # and still shown
    panel.select_row(0)
    assert shown_id(window) == "annotator-sample-en-library"

    panel.filter.clear()
    panel.apply_filter()
    assert window.model.total == 12
    assert panel.table.currentIndex().row() == 10  # the English sample, after the German ones


def test_next_and_previous_document(sample_project: Path, make_window, qtbot):
    window = make_window(sample_project)
    window.open_first()
    first = shown_id(window)
    window.actions_by_name["document/next"].trigger()
    second = shown_id(window)
    assert second != first
    assert window.position.text().startswith("Document 2 of 12")
    window.actions_by_name["document/previous"].trigger()
    assert shown_id(window) == first
    window.actions_by_name["document/previous"].trigger()  # nothing before the first
    assert shown_id(window) == first

    qtbot.keyClick(window.library.table, Qt.Key.Key_Down)
    assert shown_id(window) == second


def test_actions_name_their_shortcuts(sample_project: Path, make_window):
    window = make_window(sample_project)
    quit_action = window.actions_by_name["file/quit"]
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    assert "Ctrl+Q" in quit_action.toolTip()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == [
        "&File",
        "&Edit",
        "&View",
        "&Span",
        "&Document",
        "&Project",
        "&Suggest",
        "&Review",
        "&Help",
    ]


def test_filter_shortcut_focuses_the_field(sample_project: Path, make_window, qtbot):
    window = make_window(sample_project)
    window.show()
    qtbot.waitExposed(window)
    window.open_first()
    assert window.focusWidget() is window.library.table  # arrow keys walk the library
    window.library.filter.setText("old words")
    window.actions_by_name["edit/filter"].trigger()
    assert window.focusWidget() is window.library.filter
    assert window.library.filter.selectedText() == "old words"


def test_pages_to_a_document_far_down(tmp_path: Path, make_window):
    path = build_project(tmp_path / "big.annotator", numbered_documents(1000))
    window = make_window(path)
    window.open_first("doc-0999")
    assert window.library.table.currentIndex().row() == 999
    assert window.position.text() == f"Document {number(1000)} of {number(1000)} · 0 spans"


def test_empty_project(tmp_path: Path, make_window):
    path = tmp_path / "empty.annotator"
    Project.create(path, load_scheme("german-news"), name="Empty").close()
    window = make_window(path)
    assert window.open_first() is None
    assert window.record is None
    assert window.reader.text.placeholderText() == EMPTY_PROJECT_TEXT
    assert window.position.text() == ""
    assert window.library.count.text() == "0 documents"


def test_read_only_says_so(sample_project: Path, make_window):
    window = make_window(sample_project, read_only=True)
    assert window.windowTitle() == "Samples (read-only) - Annotator"


def test_layout_is_remembered_unless_told_not_to(sample_project: Path, make_window):
    ini = settings.config_dir() / FILE_NAME
    window = make_window(sample_project, remember_layout=False)
    window.close()
    assert not ini.exists()

    window = make_window(sample_project)
    window.splitter.setSizes([300, 900])
    window.close()
    stored = QSettings(str(ini), QSettings.Format.IniFormat)
    assert stored.contains("main/geometry")
    assert stored.contains("main/splitter")
    assert stored.contains("main/docks")


def test_the_annotation_dock_comes_back_where_it_was_put(sample_project: Path, make_window):
    from PySide6.QtWidgets import QDockWidget

    window = make_window(sample_project)
    dock = window.findChild(QDockWidget, "annotationDock")
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.close()

    window = make_window(sample_project)
    dock = window.findChild(QDockWidget, "annotationDock")
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_a_vanished_document_is_reported(sample_project: Path, make_window, monkeypatch):
    window = make_window(sample_project)
    window.open_first()

    def missing(doc_id: str):
        raise KeyError(doc_id)

    monkeypatch.setattr(window.session, "document", missing)
    window.show_document("gone")
    assert "no longer in the project" in window.statusBar().currentMessage()
