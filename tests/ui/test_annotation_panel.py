"""The annotation panel: rows picked, spans edited through the form and found in the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMainWindow, QPlainTextEdit

from annotator.core.model import AnnotatedDocument, Document, Relation, Source, Span, Status
from annotator.resources import load_scheme
from annotator.services.editing import DocumentEditor
from annotator.services.library import ProjectSession
from annotator.store import Project
from annotator.ui import span_model
from annotator.ui.annotation_panel import AnnotationPanel, install_annotation_panel
from annotator.ui.main_window import MainWindow
from annotator.ui.span_model import Column, SpanIdRole
from annotator.ui.speaker_choice import NO_SPEAKER, candidates

pytestmark = pytest.mark.gui

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


MERKEL = Span("d", *at("Angela Merkel"), "PER", "anna", id="merkel")
QUOTE = Span("d", *at("„Wir schaffen das.“"), "QUOTE", "anna", id="quote", attrs={"type": "Direct"})
BERLIN = Span(
    "d",
    *at("Berlin"),
    "LOC",
    "model",
    id="berlin",
    source=Source.MODEL,
    model="de_core",
    status=Status.PENDING,
)
HAMBURG = Span("d", *at("Universität Hamburg"), "ORG", "anna", id="hamburg")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    with (
        Project.create(path, load_scheme("german-news")) as project,
        project.importing("anna", "test") as sink,
    ):
        spans = (MERKEL, QUOTE, BERLIN, HAMBURG)
        sink.add(AnnotatedDocument(Document("d", TEXT), spans), origin="t:1")
    return path


@pytest.fixture
def editor(path: Path) -> Iterator[DocumentEditor]:
    with ProjectSession.open(path, annotator="anna") as session:
        yield DocumentEditor(session, "d")


@pytest.fixture
def panel(qtbot, editor: DocumentEditor) -> AnnotationPanel:
    panel = AnnotationPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.set_editor(editor)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def saved_spans(path: Path) -> dict[str, Span]:
    with Project.open(path) as project:
        return {s.id: s for s in project.spans("d")}


def saved_relations(path: Path) -> list[Relation]:
    with Project.open(path) as project:
        return list(project.relations("d"))


def shown_ids(panel: AnnotationPanel) -> list[str]:
    return [panel.proxy.index(r, 0).data(SpanIdRole) for r in range(panel.proxy.rowCount())]


def click_row(qtbot, panel: AnnotationPanel, span_id: str) -> None:
    row = shown_ids(panel).index(span_id)
    rect = panel.table.visualRect(panel.proxy.index(row, Column.TEXT))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_row_activates_its_span(qtbot, panel: AnnotationPanel):
    assert panel.title == "Annotations (4)"
    assert shown_ids(panel) == ["merkel", "berlin", "quote", "hamburg"]
    with qtbot.waitSignal(panel.span_activated) as activated:
        click_row(qtbot, panel, "quote")
    assert activated.args == ["quote"]
    assert panel.form.span_id == "quote"
    assert panel.form.heading.text() == "„Wir schaffen das.“"
    assert panel.form.speaker.isVisibleTo(panel.form)


def test_select_span_selects_without_telling_back(qtbot, panel: AnnotationPanel):
    heard: list[str] = []
    panel.span_activated.connect(heard.append)
    panel.select_span("hamburg")
    assert panel.table.currentIndex().data(SpanIdRole) == "hamburg"
    assert panel.form.span_id == "hamburg"
    assert not panel.form.speaker.isVisibleTo(panel.form)  # an entity has no speaker
    panel.select_span(None)
    assert not panel.table.selectionModel().hasSelection()
    assert panel.form.hint.isVisibleTo(panel)
    assert heard == []


def test_removing_the_selected_span_activates_no_neighbour(
    qtbot, panel: AnnotationPanel, editor: DocumentEditor
):
    heard: list[str] = []
    panel.span_activated.connect(heard.append)
    click_row(qtbot, panel, "berlin")
    editor.remove("berlin")
    assert heard == ["berlin"]
    assert panel.form.span_id is None
    assert panel.title == "Annotations (3)"


def test_label_offsets_and_comment_are_saved(qtbot, panel: AnnotationPanel, path: Path):
    form = panel.form
    panel.select_span("hamburg")
    form.label.setCurrentIndex(form.label.findData("LOC"))
    form.start.setValue(at("Hamburg")[0])
    form.comment.setFocus()
    form.comment.clear()
    qtbot.keyClicks(form.comment, "Stadt, nicht Uni")
    qtbot.keyClick(form.comment, Qt.Key.Key_Return)

    span = saved_spans(path)["hamburg"]
    assert (span.label, span.start, span.end) == ("LOC", *at("Hamburg"))
    assert span.comment == "Stadt, nicht Uni"
    assert form.error.isHidden()
    assert form.heading.text() == "Hamburg"
    row = shown_ids(panel).index("hamburg")
    assert panel.proxy.index(row, Column.LABEL).data() == "LOC"


def test_refused_offsets_are_explained_and_change_nothing(panel: AnnotationPanel, path: Path):
    form = panel.form
    before = saved_spans(path)
    panel.select_span("merkel")
    form.end.setValue(at("Universität Ham")[1])  # would cross Hamburg
    assert "overlap" in form.error.text()
    assert form.error.isVisibleTo(form)
    form.start.setValue(form.end.value())
    assert form.error.text() == f"The start ({form.end.value()}) must come before the end " + (
        f"({form.end.value()})."
    )
    assert saved_spans(path) == before
    form.start.setValue(0)
    form.end.setValue(len("Angela"))
    assert form.error.isHidden()
    assert saved_spans(path)["merkel"].end == len("Angela")


def test_a_comment_typed_is_kept_when_another_row_is_picked(
    qtbot, panel: AnnotationPanel, path: Path
):
    panel.select_span("merkel")
    panel.form.comment.setFocus()
    qtbot.keyClicks(panel.form.comment, "Kanzlerin")
    click_row(qtbot, panel, "hamburg")
    assert saved_spans(path)["merkel"].comment == "Kanzlerin"
    assert panel.form.comment.text() == ""


def test_attribute_and_speaker_of_a_quotation(panel: AnnotationPanel, path: Path):
    form = panel.form
    panel.select_span("quote")
    kind = form.findChild(QComboBox, "spanAttribute-type")
    assert kind is not None
    kind.setCurrentText("Indirect")
    assert saved_spans(path)["quote"].attrs == {"type": "Indirect"}

    form.speaker.showPopup()  # the candidates are listed when the box is opened
    form.speaker.hidePopup()
    speakers = [form.speaker.itemText(i) for i in range(form.speaker.count())]
    assert speakers[0] == NO_SPEAKER
    assert any(text.startswith("Angela Merkel · PER") for text in speakers)
    form.speaker.setCurrentIndex(form.speaker.findData("merkel"))
    (link,) = saved_relations(path)
    assert (link.head, link.tail) == ("quote", "merkel")
    row = shown_ids(panel).index("quote")
    assert panel.proxy.index(row, Column.SPEAKER).data() == "Angela Merkel"

    form.speaker.setCurrentIndex(0)
    assert saved_relations(path) == []


def test_a_suggestion_is_accepted_from_the_form(qtbot, panel: AnnotationPanel, path: Path):
    panel.select_span("berlin")
    form = panel.form
    assert form.status.text() == "suggestion, pending"
    assert form.source.text() == "model de_core"
    assert form.accept.isVisibleTo(form)
    qtbot.mouseClick(form.reject, Qt.MouseButton.LeftButton)
    assert saved_spans(path)["berlin"].status is Status.REJECTED
    assert not form.reject.isVisibleTo(form)
    qtbot.mouseClick(form.accept, Qt.MouseButton.LeftButton)
    saved = saved_spans(path)["berlin"]
    assert saved.status is Status.ACCEPTED
    assert saved.annotator == "anna"
    assert not form.accept.isVisibleTo(form)


def test_undo_shows_in_the_form(panel: AnnotationPanel, editor: DocumentEditor):
    panel.select_span("merkel")
    panel.form.label.setCurrentIndex(panel.form.label.findData("ORG"))
    editor.undo()
    assert panel.form.label.currentData() == "PER"


def test_filters_by_label_and_status(qtbot, panel: AnnotationPanel):
    panel.label_filter.setCurrentIndex(panel.label_filter.findData("LOC"))
    assert shown_ids(panel) == ["berlin"]
    assert panel.title == "Annotations (1 of 4)"
    panel.label_filter.setCurrentIndex(0)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(Status.ACCEPTED))
    assert shown_ids(panel) == ["merkel", "quote", "hamburg"]
    panel.select_span("merkel")
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(Status.PENDING))
    assert shown_ids(panel) == ["berlin"]
    assert not panel.table.selectionModel().hasSelection()
    assert panel.form.span_id == "merkel"  # still being edited, though its row is hidden
    panel.status_filter.setCurrentIndex(0)
    panel.text_filter.setText("  HAMBURG ")
    qtbot.waitUntil(lambda: shown_ids(panel) == ["hamburg"])  # after a pause in typing
    panel.text_filter.setText("schaffen das")
    panel.apply_text_filter()  # as Enter does
    assert shown_ids(panel) == ["quote"]
    panel.label_filter.setCurrentIndex(panel.label_filter.findData("PER"))
    assert shown_ids(panel) == []
    assert panel.title == "Annotations (0 of 4)"


def test_another_document_or_none(panel: AnnotationPanel, editor: DocumentEditor):
    panel.select_span("merkel")
    panel.set_editor(None)
    assert panel.title == "Annotations (0)"
    assert panel.form.hint.text() == "No document is open."
    assert not panel.label_filter.isEnabled()
    panel.set_editor(editor)
    assert panel.title == "Annotations (4)"
    assert panel.form.span_id is None


class _Window(QMainWindow):
    """What `install_annotation_panel` expects of the main window, and no more."""

    editor_changed = Signal(object)
    span_selected = Signal(str)

    def __init__(self, editor: DocumentEditor) -> None:
        super().__init__()
        self.editor: DocumentEditor | None = editor
        self.selected: list[str] = []
        self.setCentralWidget(QPlainTextEdit(self))

    def select_span(self, span_id: str) -> None:
        self.selected.append(span_id)


def test_installed_in_a_window(qtbot, editor: DocumentEditor):
    window = _Window(editor)
    qtbot.addWidget(window)
    panel = install_annotation_panel(window)
    window.resize(1000, 600)
    window.show()
    dock = window.findChild(QObject, "annotationDock")
    assert dock is not None
    assert dock.windowTitle() == "Annotations (4)"

    window.span_selected.emit("quote")
    assert panel.current_span == "quote"
    assert window.selected == []
    click_row(qtbot, panel, "hamburg")
    assert window.selected == ["hamburg"]

    window.editor_changed.emit(None)
    assert dock.windowTitle() == "Annotations (0)"
    window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_in_the_main_window(qtbot, sample_project: Path, open_session):
    window = MainWindow(open_session(sample_project), remember_layout=False)
    qtbot.addWidget(window)
    window.open_first("wikinews-de-59270")
    window.show()
    panel = window.findChild(AnnotationPanel)
    assert panel is not None
    assert panel.title == "Annotations (33)"
    editor = window.editor
    assert editor is not None
    quote = next(s for s in editor.spans() if s.label == "QUOTE" and editor.speaker_of(s.id))

    window.select_span(quote.id)  # as a click in the text does
    assert panel.current_span == quote.id
    assert panel.table.currentIndex().data(SpanIdRole) == quote.id
    speaker = editor.speaker_of(quote.id)
    assert speaker is not None
    assert panel.form.speaker.currentData() == speaker.id

    other = editor.spans()[0]
    click_row(qtbot, panel, other.id)
    assert window.reader.controller.selected == other.id

    window.library.select_row(1)  # another document: its spans
    assert panel.title == "Annotations (31)"
    assert panel.current_span is None
    window.close()


def test_header_clicks_sort_and_return_to_reading_order(qtbot, panel: AnnotationPanel):
    header = panel.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(Column.LABEL) + 10, header.height() // 2)
    reading = ["merkel", "berlin", "quote", "hamburg"]
    assert shown_ids(panel) == reading
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert shown_ids(panel) == ["berlin", "hamburg", "merkel", "quote"]  # LOC ORG PER QUOTE
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert shown_ids(panel) == ["quote", "merkel", "hamburg", "berlin"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert shown_ids(panel) == reading


def test_a_long_document_offers_the_nearest_speakers(editor: DocumentEditor):
    quote = editor.span("quote")
    assert [s.id for s in candidates(editor, quote)] == ["merkel", "berlin", "hamburg"]
    assert [s.id for s in candidates(editor, quote, limit=2)] == ["berlin", "hamburg"]
    editor.reject("berlin")
    assert [s.id for s in candidates(editor, quote, limit=1)] == ["hamburg"]


def test_a_comment_typed_is_kept_when_the_document_changes(
    qtbot, panel: AnnotationPanel, path: Path
):
    panel.select_span("hamburg")
    panel.form.comment.setFocus()
    qtbot.keyClicks(panel.form.comment, "nachsehen")
    panel.set_editor(None)  # e.g. Ctrl+PgDown while still typing
    assert saved_spans(path)["hamburg"].comment == "nachsehen"


def test_a_read_only_project_is_shown_not_edited(qtbot, path: Path):
    with ProjectSession.open(path, read_only=True) as session:
        panel = AnnotationPanel()
        qtbot.addWidget(panel)
        panel.set_editor(DocumentEditor(session, "d"))
        panel.select_span("merkel")
        assert panel.form.heading.text() == "Angela Merkel"
        assert not panel.form.body.isEnabled()
        panel.set_editor(None)


def test_the_columns_chosen_are_remembered(qtbot, panel: AnnotationPanel):
    assert panel.table.isColumnHidden(Column.ANNOTATOR)
    panel.table.column_actions[Column.ANNOTATOR].setChecked(True)
    panel.table.column_actions[Column.SPEAKER].setChecked(False)
    again = AnnotationPanel()
    qtbot.addWidget(again)
    assert not again.table.isColumnHidden(Column.ANNOTATOR)
    assert again.table.isColumnHidden(Column.SPEAKER)
    assert not again.table.isColumnHidden(Column.TEXT)


def test_keys_in_the_table(qtbot, panel: AnnotationPanel, path: Path):
    heard: list[str] = []
    panel.span_activated.connect(heard.append)
    click_row(qtbot, panel, "berlin")
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # accept the suggestion
    assert saved_spans(path)["berlin"].status is Status.ACCEPTED
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)  # a decided span is removed
    assert "berlin" not in saved_spans(path)
    assert heard == ["berlin", "quote"]  # the next row is the current one now
    assert panel.form.span_id == "quote"
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    assert heard[-1] == "merkel"


def test_the_row_stays_selected_when_the_document_is_read_again(
    panel: AnnotationPanel, editor: DocumentEditor, path: Path, monkeypatch
):
    monkeypatch.setattr(span_model, "RESET_MINIMUM", 0)  # as in a long document
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    panel.select_span("quote")
    with ProjectSession.open(path, annotator="anna") as other:
        DocumentEditor(other, "d").relabel("hamburg", "LOC")
    editor.undo()  # undoes the relabel made elsewhere: the editor reads the file again
    assert resets == [True]
    assert panel.table.currentIndex().data(SpanIdRole) == "quote"
    assert panel.form.span_id == "quote"


def test_the_wheel_does_not_edit_a_span_in_passing(panel: AnnotationPanel, path: Path):
    panel.select_span("merkel")
    before = saved_spans(path)["merkel"]
    for widget in (panel.form.label, panel.form.end):
        assert not widget.hasFocus()
        wheel = QWheelEvent(
            QPointF(widget.rect().center()),
            QPointF(widget.mapToGlobal(widget.rect().center())),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, wheel)
    assert panel.form.label.currentData() == "PER"
    assert saved_spans(path)["merkel"] == before
