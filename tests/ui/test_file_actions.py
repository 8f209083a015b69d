"""The File menu's project actions: new, open, recent, import with progress, drag and drop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

from annotator.services import settings
from annotator.store import Project
from annotator.ui import file_actions
from annotator.ui.file_actions import install_file_actions
from annotator.ui.import_dialog import ImportDialog
from annotator.ui.main_window import MainWindow
from annotator.ui.new_project_dialog import NewProjectDialog
from tests.ui.projects import build_project, numbered_documents

pytestmark = pytest.mark.gui


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build_project(tmp_path / "first.annotator", numbered_documents(3), name="First")


@pytest.fixture
def make_window(qapp, open_session):
    """make_window(path) -> MainWindow with the file actions; every window is gone at the end."""
    windows: list[MainWindow] = []

    def make(path: Path, *, read_only: bool = False) -> MainWindow:
        window = MainWindow(open_session(path, read_only=read_only), remember_layout=False)
        install_file_actions(window)
        window.open_first()
        windows.append(window)
        return window

    yield make
    for window in [*windows, *file_actions._windows]:
        window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not file_actions._windows  # closed windows are let go, their sessions closed


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    """The (text, informative text) of every message box, instead of showing it."""
    shown: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        assert box.textFormat() == Qt.TextFormat.PlainText
        shown.append((box.text(), box.informativeText()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


class RecordingProgress(QProgressDialog):
    """A progress dialog that remembers its values and can press Cancel after some."""

    made: ClassVar[list[RecordingProgress]] = []
    cancel_after: int | None = None

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.values: list[int] = []
        RecordingProgress.made.append(self)

    def setValue(self, value: int) -> None:
        self.values.append(value)
        super().setValue(value)

    def wasCanceled(self) -> bool:
        limit = RecordingProgress.cancel_after
        return limit is not None and len(self.values) > limit


@pytest.fixture
def progress(monkeypatch) -> type[RecordingProgress]:
    RecordingProgress.made = []
    RecordingProgress.cancel_after = None
    monkeypatch.setattr(file_actions, "QProgressDialog", RecordingProgress)
    return RecordingProgress


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def news(count: int, prefix: str = "news") -> list[dict]:
    return [
        {"id": f"{prefix}-{n}", "text": f"Meldung {n} aus Kiel. " * 50, "meta": {"title": f"K{n}"}}
        for n in range(count)
    ]


def document_ids(path: Path) -> list[str]:
    with Project.open(path, read_only=True) as project:
        return [s.id for s in project.list_documents(limit=10_000)]


def menu_texts(window: MainWindow) -> list[str]:
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    return [a.text() if not a.isSeparator() else "-" for a in file_menu.actions()]


def test_the_file_menu_holds_the_project_actions(project: Path, make_window):
    window = make_window(project)
    texts = menu_texts(window)
    assert texts[:9] == [
        "&New Project...",
        "&Open Project...",
        "Open &Recent",
        "-",
        "&Import Files...",
        "Import &Folder...",
        "Import &Annotations of Another Annotator...",
        "&Export...",
        "-",
    ]
    assert "&Quit" in texts[9:]
    assert "Ctrl+O" in window.actions_by_name["file/open"].toolTip()
    assert install_file_actions(window) is install_file_actions(window)  # once only
    assert menu_texts(window) == texts
    assert window.acceptDrops()


def test_import_files_through_the_dialog_with_progress(
    project: Path, tmp_path: Path, make_window, monkeypatch, progress, messages
):
    source = jsonl(tmp_path / "kiel.jsonl", news(300))
    monkeypatch.setattr(
        file_actions.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(source)], "")
    )
    # The Import dialog opens with the chosen files; its Import button is pressed at once.
    monkeypatch.setattr(ImportDialog, "exec", lambda self: self.import_now() and 1)
    window = make_window(project)
    window.actions_by_name["file/import"].trigger()

    assert messages == []
    assert len(document_ids(project)) == 3 + 300
    assert window.model.total == 303  # the library was read again
    [dialog] = progress.made
    assert dialog.values[0] == 0
    assert dialog.values == sorted(dialog.values)
    assert dialog.values[-1] >= file_actions.PROGRESS_STEPS * 9 // 10
    assert "Imported 300 documents" in window.statusBar().currentMessage()


def test_cancel_keeps_nothing(project: Path, tmp_path: Path, make_window, progress, messages):
    source = jsonl(tmp_path / "kiel.jsonl", news(300))
    progress.cancel_after = 5
    window = make_window(project)
    assert window.findChild(file_actions.FileActions).import_paths([source]) is None
    assert document_ids(project) == ["doc-0000", "doc-0001", "doc-0002"]
    assert window.model.total == 3
    assert "cancelled" in window.statusBar().currentMessage()
    assert messages == []


def test_bad_input_names_file_and_line_and_changes_nothing(
    project: Path, tmp_path: Path, make_window, progress, messages
):
    good = jsonl(tmp_path / "good.jsonl", news(2, "good"))
    bad = jsonl(tmp_path / "bad.jsonl", news(2, "bad"))
    with bad.open("a", encoding="utf-8") as out:
        out.write('{"id": "broken", "text": 12}\n')
    window = make_window(project)
    actions = window.findChild(file_actions.FileActions)
    assert actions.import_paths([good, bad]) is None
    [(text, details)] = messages
    assert text == "Nothing was imported."
    assert f"{bad}:3" in details
    assert document_ids(project) == ["doc-0000", "doc-0001", "doc-0002"]
    assert window.model.total == 3


def drag_events(paths: list[Path]) -> tuple[QDragEnterEvent, QDropEvent]:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(50, 50), actions, data, buttons, modifiers)
    drop = QDropEvent(QPoint(50, 50), actions, data, buttons, modifiers)
    drop._data = enter._data = data  # keep the mime data alive as long as the events
    return enter, drop


def test_dropped_files_and_folders_are_imported(
    project: Path, tmp_path: Path, make_window, progress, messages, qtbot
):
    folder = tmp_path / "drop"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "eins.txt").write_text("Ein Text über Kiel.\n", encoding="utf-8")
    source = jsonl(tmp_path / "more.jsonl", news(2, "more"))
    window = make_window(project)
    enter, drop = drag_events([folder, source])
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.model.total == 6)  # once the drop is over
    assert messages == []
    assert len(document_ids(project)) == 3 + 1 + 2


def test_files_dropped_onto_the_text_are_imported(
    project: Path, tmp_path: Path, make_window, progress, messages, qtbot
):
    """The reading view takes drops of text; a drop of files there is an import all the same."""
    source = jsonl(tmp_path / "more.jsonl", news(2, "more"))
    window = make_window(project)
    targets = [w for w in window.findChildren(QWidget) if w.acceptDrops()]
    assert targets  # the reading view (and its viewport), the search field
    for target in targets:
        enter, _ = drag_events([source])
        QApplication.sendEvent(target, enter)
        assert enter.isAccepted(), target
    enter, drop = drag_events([source])
    QApplication.sendEvent(targets[0], drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: len(document_ids(project)) == 5)
    assert messages == []


def test_a_dropped_project_file_is_opened(project: Path, tmp_path: Path, make_window, qtbot):
    other = build_project(tmp_path / "dropped.annotator", numbered_documents(2))
    window = make_window(project)
    window.show()
    enter, drop = drag_events([other])
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: bool(file_actions._windows))
    [opened] = file_actions._windows
    assert opened.session.path == other
    assert not window.isVisible()


def test_other_drops_are_refused(project: Path, tmp_path: Path, make_window, messages):
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG")
    window = make_window(project)
    enter, _ = drag_events([picture])
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    assert len(document_ids(project)) == 3


def test_read_only_projects_take_no_imports(project: Path, make_window):
    window = make_window(project, read_only=True)
    assert not window.actions_by_name["file/import"].isEnabled()
    assert not window.acceptDrops()


def test_open_project_replaces_the_window_and_is_remembered(
    project: Path, tmp_path: Path, make_window, monkeypatch
):
    other = build_project(tmp_path / "second.annotator", numbered_documents(5), name="Second")
    settings.remember_project(project)
    window = make_window(project)
    window.show()
    monkeypatch.setattr(
        file_actions.QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), "")
    )
    window.actions_by_name["file/open"].trigger()
    [opened] = file_actions._windows
    assert opened.session.path == other
    assert opened.isVisible()
    assert not window.isVisible()
    assert opened.windowTitle() == "Second - Annotator"
    assert opened.model.total == 5
    assert opened.record is not None
    assert settings.recent_projects()[:2] == [other.resolve(), project.resolve()]

    recent = opened.findChild(file_actions.FileActions).recent
    recent.aboutToShow.emit()
    entries = [a for a in recent.actions() if not a.isSeparator()]
    assert entries[0].text() == "&1 first.annotator"  # the others, not the one open
    assert entries[0].toolTip() == str(project.resolve())
    entries[0].trigger()
    assert not opened.isVisible()
    assert {w.session.path for w in file_actions._windows if w.isVisible()} == {project}


def test_a_project_that_cannot_be_opened_is_explained(
    project: Path, tmp_path: Path, make_window, messages
):
    junk = tmp_path / "junk.annotator"
    junk.write_text("not a database", encoding="utf-8")
    window = make_window(project)
    actions = window.findChild(file_actions.FileActions)
    assert actions.open_project(junk) is None
    [(text, details)] = messages
    assert text == "The project cannot be opened."
    assert "junk.annotator" in details
    assert actions.open_project(project) is window  # the one open already


def test_new_project_with_a_built_in_scheme(
    project: Path, tmp_path: Path, make_window, monkeypatch
):
    window = make_window(project)

    def fill_in(dialog: NewProjectDialog) -> int:
        dialog.file.setText(str(tmp_path / "fresh"))
        dialog.schemes.setCurrentIndex(dialog.schemes.findData("english-conll"))
        assert "PER, LOC, ORG, MISC" in dialog.about.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewProjectDialog, "exec", fill_in)
    opened = window.findChild(file_actions.FileActions).new_project()
    assert opened is not None
    fresh = tmp_path / "fresh.annotator"
    assert opened.session.path == fresh
    assert opened.session.scheme.name == "english-conll"
    assert opened.model.total == 0
    assert settings.recent_projects()[0] == fresh.resolve()


def test_new_project_refuses_to_overwrite(project: Path, make_window, messages, monkeypatch):
    window = make_window(project)

    def same_file(dialog: NewProjectDialog) -> int:
        dialog.file.setText(str(project))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewProjectDialog, "exec", same_file)
    assert window.findChild(file_actions.FileActions).new_project() is None
    [(text, details)] = messages
    assert text == "The project cannot be created."
    assert "exists already" in details
    assert len(document_ids(project)) == 3


def test_the_new_project_dialog_lists_the_built_in_schemes(tmp_path: Path, qtbot):
    from annotator.services.project_files import built_in_schemes

    dialog = NewProjectDialog(built_in_schemes(), tmp_path)
    qtbot.addWidget(dialog)
    names = [dialog.schemes.itemData(i) for i in range(dialog.schemes.count())]
    assert names[0] == "german-news"
    assert "english-conll" in names
    assert dialog.path() == tmp_path / "Untitled.annotator"
    dialog.file.setText("")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def with_a_new_label(tmp_path: Path) -> Path:
    record = news(1, "event")[0]
    record["spans"] = [{"start": 0, "end": 7, "label": "EVENT"}]
    return jsonl(tmp_path / "events.jsonl", [record])


def test_new_labels_are_added_when_the_user_agrees(
    project: Path, tmp_path: Path, make_window, progress, monkeypatch
):
    asked = []

    def yes(box: QMessageBox) -> int:
        asked.append(box.informativeText())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", yes)
    window = make_window(project)
    summary = window.findChild(file_actions.FileActions).import_paths([with_a_new_label(tmp_path)])
    [question] = asked
    assert "events.jsonl:1" in question
    assert "'EVENT'" in question
    assert summary is not None
    assert summary.new_labels == ("EVENT",)
    assert "EVENT" in window.session.scheme.names
    assert len(document_ids(project)) == 4
    assert "added labels: EVENT" in window.statusBar().currentMessage()


def test_new_labels_are_refused_when_the_user_declines(
    project: Path, tmp_path: Path, make_window, progress, messages
):
    window = make_window(project)
    actions = window.findChild(file_actions.FileActions)
    assert actions.import_paths([with_a_new_label(tmp_path)]) is None
    [(text, _)] = messages  # the question, answered No; no second message
    assert text == "The files use labels the project does not have."
    assert "EVENT" not in window.session.scheme.names
    assert len(document_ids(project)) == 3
