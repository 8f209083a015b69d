"""Editing from the keyboard (and the mouse), as an annotator does it: real key presses and
mouse selections on the window, every edit found in the project file after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import DocState, Status
from annotator.services.library import ProjectSession
from annotator.store import Project
from tests.ui.reading_world import TEXT, at, build, click, key, select_with_mouse, window_opener

pytestmark = pytest.mark.gui

Key = Qt.Key
Mod = Qt.KeyboardModifier


@pytest.fixture
def reading_project(tmp_path: Path) -> Path:
    return build(tmp_path / "reading.annotator")


@pytest.fixture
def window_on(qapp, qtbot):
    yield from window_opener(qtbot)


def spans_in_file(path: Path, doc_id: str = "a") -> dict[str, tuple[int, int, str, str]]:
    with Project.open(path) as project:
        return {s.id: (s.start, s.end, s.label, s.status.value) for s in project.spans(doc_id)}


def find(window, fragment: str):
    start, end = at(fragment)
    return next(s for s in window.editor.spans() if (s.start, s.end) == (start, end))


def test_keyboard_selection_and_label_key_make_a_span(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    click(qtbot, window, TEXT.index("Universität"))
    key(qtbot, window, Key.Key_Right, Mod.ControlModifier | Mod.ShiftModifier)
    key(qtbot, window, Key.Key_3)
    span = find(window, "Universität")
    assert span.label == "ORG"
    assert window.reader.controller.selected == span.id
    assert window.save_state.text() == "All changes saved"


def test_mouse_selection_snaps_to_whole_words(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    start = TEXT.index("Morgen") + 2  # from inside "Morgen" ...
    select_with_mouse(qtbot, window, start, start + 3)  # ... to inside it again
    assert window.reader.text.textCursor().hasSelection()
    key(qtbot, window, Key.Key_4)
    assert find(window, "Morgen").label == "MISC"


def test_a_span_after_emoji_and_combining_accent_lands_on_its_words(
    reading_project: Path, window_on, qtbot
):
    window = window_on(reading_project)
    select_with_mouse(qtbot, window, *at("Cafe\u0301"))
    key(qtbot, window, Key.Key_2)
    span = find(window, "Cafe\u0301")
    assert TEXT[span.start : span.end] == "Cafe\u0301"
    assert spans_in_file(reading_project)[span.id][:3] == (*at("Cafe\u0301"), "LOC")


def test_tab_walks_the_spans_and_alt_keys_move_their_edges(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    key(qtbot, window, Key.Key_Tab)
    assert window.reader.controller.selected == "merkel"
    key(qtbot, window, Key.Key_Right, Mod.AltModifier)
    key(qtbot, window, Key.Key_Left, Mod.ControlModifier | Mod.AltModifier)
    merkel = window.editor.span("merkel")
    start, end = at("Angela Merkel")
    assert (merkel.start, merkel.end) == (start + 1, end - 1)
    key(qtbot, window, Key.Key_Left, Mod.AltModifier | Mod.ShiftModifier)
    key(qtbot, window, Key.Key_Right, Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)
    merkel = window.editor.span("merkel")
    assert TEXT[merkel.start : merkel.end] == "Angela Merkel"
    key(qtbot, window, Key.Key_Right, Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)
    merkel = window.editor.span("merkel")
    assert TEXT[merkel.start : merkel.end] == "Angela Merkel sagte"
    key(qtbot, window, Key.Key_Tab)  # Berlin, a suggestion
    assert window.reader.controller.selected == "berlin"
    key(qtbot, window, Key.Key_Backtab, Mod.ShiftModifier)
    assert window.reader.controller.selected == "merkel"


def test_relabel_delete_accept_and_reject(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("merkel")
    key(qtbot, window, Key.Key_3)
    assert window.editor.span("merkel").label == "ORG"
    key(qtbot, window, Key.Key_Delete)
    assert "merkel" not in {s.id for s in window.editor.spans()}
    window.select_span("berlin")
    key(qtbot, window, Key.Key_Return)
    assert window.editor.span("berlin").status is Status.ACCEPTED
    window.select_span("hamburg")
    key(qtbot, window, Key.Key_Delete)
    assert window.editor.span("hamburg").status is Status.REJECTED
    assert window.reader.controller.selected is None  # a rejected suggestion is hidden
    saved = spans_in_file(reading_project)
    assert "merkel" not in saved
    assert saved["berlin"][3] == "accepted"
    assert saved["hamburg"][3] == "rejected"


def test_accept_all_suggestions(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    key(qtbot, window, Key.Key_Return, Mod.ControlModifier | Mod.ShiftModifier)
    assert {s.status for s in window.editor.spans()} == {Status.ACCEPTED}
    assert "0 pending" in window.counts.text()


def test_link_a_speaker_with_s_tab_and_enter(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("quote")
    key(qtbot, window, Key.Key_S)
    assert window.reader.controller.linking
    assert window.reader.text.candidate == "merkel"  # the nearest person first
    key(qtbot, window, Key.Key_Tab)
    assert window.reader.text.candidate == "scholz"
    key(qtbot, window, Key.Key_Escape)
    assert not window.reader.controller.linking
    assert window.editor.speaker_of("quote") is None
    key(qtbot, window, Key.Key_S)
    key(qtbot, window, Key.Key_Return)
    assert window.editor.speaker_of("quote").id == "merkel"
    assert window.reader.text.speaker == "merkel"  # marked while the quotation is selected


def test_link_a_speaker_by_clicking_it(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("quote")
    key(qtbot, window, Key.Key_S)
    click(qtbot, window, TEXT.index("Scholz") + 1)
    assert window.editor.speaker_of("quote").id == "scholz"


def test_a_refused_edit_is_told_in_the_status_bar(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    start, end = at("Merkel sagte")
    select_with_mouse(qtbot, window, start, end)
    key(qtbot, window, Key.Key_1)  # would overlap Angela Merkel
    assert window.statusBar().currentMessage().startswith("Not done:")
    assert "overlap" in window.statusBar().currentMessage()


def test_undo_and_redo_keys(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("merkel")
    key(qtbot, window, Key.Key_Delete)
    key(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    assert window.editor.span("merkel").label == "PER"
    assert window.statusBar().currentMessage() == "Undone: Remove PER 'Angela Merkel'"
    assert window.reader.controller.selected == "merkel"  # what came back is shown
    key(qtbot, window, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
    assert "merkel" not in {s.id for s in window.editor.spans()}


def test_undo_goes_to_the_document_of_the_edit(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("merkel")
    key(qtbot, window, Key.Key_Delete)
    key(qtbot, window, Key.Key_PageDown, Mod.ControlModifier)
    assert window.editor.doc_id == "b"
    key(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    assert window.editor.doc_id == "a"
    assert window.editor.span("merkel").label == "PER"


def test_done_marks_the_document_and_moves_on(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    editor = window.editor
    key(qtbot, window, Key.Key_D, Mod.ControlModifier)
    assert editor.state() is DocState.DONE
    assert window.editor.doc_id == "b"


def test_every_edit_and_undo_is_there_after_a_restart(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    select_with_mouse(qtbot, window, *at("Universität Hamburg"))  # over the Hamburg suggestion
    window.select_span("hamburg")
    key(qtbot, window, Key.Key_Delete)  # reject the suggestion
    select_with_mouse(qtbot, window, *at("Universität Hamburg"))
    key(qtbot, window, Key.Key_3)  # the university as ORG
    university = find(window, "Universität Hamburg").id
    window.select_span("merkel")
    key(qtbot, window, Key.Key_Right, Mod.AltModifier)  # resize, then take it back
    key(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    window.select_span("scholz")
    key(qtbot, window, Key.Key_2)  # relabel
    window.select_span("berlin")
    key(qtbot, window, Key.Key_Return)  # accept
    window.select_span("quote")
    key(qtbot, window, Key.Key_S)
    key(qtbot, window, Key.Key_Return)  # link Merkel
    window.close()

    with ProjectSession.open(reading_project, annotator="tester") as session:
        record = session.document("a")
        spans = {s.id: s for s in record.spans}
        assert (spans[university].label, spans[university].start) == ("ORG", at("Universität")[0])
        assert spans["hamburg"].status is Status.REJECTED
        assert (spans["merkel"].start, spans["merkel"].end) == at("Angela Merkel")  # undone
        assert spans["scholz"].label == "LOC"
        assert spans["berlin"].status is Status.ACCEPTED
        assert [(r.head, r.tail) for r in record.relations] == [("quote", "merkel")]
    again = window_on(reading_project)
    key(qtbot, again, Key.Key_Z, Mod.ControlModifier)  # undo works after the restart too
    assert again.editor.speaker_of("quote") is None


def test_without_snapping_a_span_keeps_the_selection(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    window.actions_by_name["span/snap-words"].setChecked(False)
    start = TEXT.index("Morgen")
    select_with_mouse(qtbot, window, start, start + 3)
    key(qtbot, window, Key.Key_4)
    assert {TEXT[s.start : s.end] for s in window.editor.spans()} >= {"Mor"}


def test_enter_in_the_library_goes_on_to_the_text(reading_project: Path, window_on, qtbot):
    window = window_on(reading_project)
    window.library.table.setFocus()
    qtbot.keyClick(window.library.table, Key.Key_Down)
    qtbot.keyClick(window.library.table, Key.Key_Return)
    assert window.editor.doc_id == "b"
    assert window.focusWidget() is window.reader.text
