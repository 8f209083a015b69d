"""Review mode by keyboard: two annotators' files merged, disagreements stepped through across
documents, each kind decided, undo, the gold layer found again after reopening."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from annotator.core.model import Status
from annotator.review.compare import Kind
from annotator.services.library import ProjectSession
from annotator.services.review import ReviewService
from annotator.ui.main_window import MainWindow
from annotator.ui.review.edit_dialog import EditDecision
from annotator.ui.review.mode import ReviewMode
from tests.ui.review_world import build_review_project

Key, Mod = Qt.Key, Qt.KeyboardModifier
PAIR = ["anna", "ben"]


@pytest.fixture
def review_project(tmp_path: Path) -> Path:
    return build_review_project(tmp_path / "world")


@pytest.fixture
def open_window(qapp, qtbot) -> Iterator:
    opened: list[tuple[MainWindow, ProjectSession]] = []

    def opener(path: Path) -> MainWindow:
        session = ProjectSession.open(path, annotator="reviewer")
        window = MainWindow(session, remember_layout=False)
        opened.append((window, session))
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.open_first()
        window.activateWindow()
        window.reader.text.setFocus()
        QApplication.processEvents()
        return window

    yield opener
    for window, session in opened:
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        session.close()


def mode_of(window: MainWindow) -> ReviewMode:
    mode = window.findChild(ReviewMode)
    assert mode is not None
    return mode


def press(qtbot, window: MainWindow, key: Qt.Key, modifiers=Mod.NoModifier) -> None:
    mode = mode_of(window)
    target = mode.view.text if mode.active else window.reader.text
    qtbot.keyClick(target, key, modifiers)


def gold(path: Path, doc_id: str) -> list:
    with ProjectSession.open(path, annotator="reviewer") as session:
        return [s for s in session.document(doc_id).spans if s.annotator == "gold"]


def current(window: MainWindow):
    mode = mode_of(window)
    assert mode.comparison is not None
    assert mode.key is not None
    return mode.comparison.item(mode.key)


@pytest.mark.gui
def test_ctrl_r_enters_review_mode_with_everyone_but_gold(review_project, open_window, qtbot):
    window = open_window(review_project)
    mode = mode_of(window)
    assert not window.actions_by_name["review/next"].isEnabled()  # N types nothing elsewhere
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    assert mode.active
    assert mode.view.isVisible()
    assert not window.reader.isVisible()
    assert mode.annotators == PAIR
    assert mode.panel.chosen() == PAIR
    assert window.actions_by_name["review/take-a"].isEnabled()
    texts = [b.text() for b in mode.panel._buttons.values()]
    assert "Take A's  (A)" in texts
    assert "Neither  (X)" in texts
    assert "Next \u25b6  (N)" in texts
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    assert not mode.active
    assert window.reader.isVisible()


@pytest.mark.gui
def test_fewer_than_two_annotators_is_said_plainly(review_project, open_window, qtbot):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    mode.panel.who.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert mode.annotators == ["anna"]
    assert mode.panel.who_message.isVisibleTo(mode.panel)
    assert not window.actions_by_name["review/next"].isEnabled()
    assert "at least two" in window.statusBar().currentMessage()


@pytest.mark.gui
def test_step_decide_each_kind_undo_and_reopen(review_project, open_window, qtbot):
    window = open_window(review_project)
    mode = mode_of(window)
    service = ReviewService(window.session)
    documents = service.documents_with_disagreements(PAIR)
    assert len(documents) >= 2
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)

    # N from the start of the first document: its first disagreement; the library follows.
    first_doc = mode.doc_id
    assert first_doc == documents[0]
    decided: dict[Kind, str] = {}
    # Both versions of a boundaries or label disagreement would overlap: "both" fits "only".
    keys = {Kind.ONLY: Key.Key_H, Kind.LABEL: Key.Key_A, Kind.BOUNDARIES: Key.Key_B}
    seen_docs = {mode.doc_id}
    for _ in range(40):
        item = current(window)
        if item.kind in keys and item.kind not in decided and not item.resolved:
            press(qtbot, window, keys[item.kind])
            decided[item.kind] = f"{mode.doc_id}/{item.key}"
            assert current(window).resolved
        elif Kind.SPEAKER not in decided and item.kind is Kind.SPEAKER and not item.resolved:
            press(qtbot, window, Key.Key_X)
            decided[Kind.SPEAKER] = f"{mode.doc_id}/{item.key}"
        if len(decided) == 4 and len(seen_docs) > 1:
            break
        press(qtbot, window, Key.Key_N)
        seen_docs.add(mode.doc_id)
        assert window.editor is not None
        assert window.editor.doc_id == mode.doc_id
    assert set(decided) == {Kind.ONLY, Kind.LABEL, Kind.BOUNDARIES, Kind.SPEAKER}
    assert len(seen_docs) >= 2  # stepped across documents

    # P goes back (to an undecided one, in this document or before).
    here = (mode.doc_id, mode.key)
    press(qtbot, window, Key.Key_P)
    assert (mode.doc_id, mode.key) != here

    # Undo takes the latest decision back, through the review service.
    before = sum(len(gold(review_project, d)) for d in documents)
    press(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    after = sum(len(gold(review_project, d)) for d in documents)
    assert after < before
    assert "Undone" in window.statusBar().currentMessage()
    press(qtbot, window, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
    assert sum(len(gold(review_project, d)) for d in documents) == before

    # The decisions are in the file: reopen and find the gold layer, with who decided.
    window.close()
    with ProjectSession.open(review_project, annotator="someone") as session:
        again = ReviewService(session)
        resolved = {
            f"{d}/{i.key}": i for d in documents for i in again.disagreements(d, PAIR) if i.resolved
        }
    for kind, where in decided.items():
        assert where in resolved, kind
    neither = resolved[decided[Kind.SPEAKER]]
    assert all(s.status is Status.REJECTED for s in neither.gold)
    taken = resolved[decided[Kind.LABEL]]
    assert [s.attrs["adjudicated_by"] for s in taken.gold] == ["reviewer"] * len(taken.gold)
    assert {s.attrs["adjudicated_from"] for s in taken.gold} == {"anna"}


@pytest.mark.gui
def test_accept_agreed_here_and_everywhere(review_project, open_window, qtbot, monkeypatch):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    doc = mode.doc_id
    agreed = len(mode.comparison.agreements)
    press(qtbot, window, Key.Key_A, Mod.ControlModifier | Mod.ShiftModifier)
    assert len([s for s in gold(review_project, doc) if s.status is Status.ACCEPTED]) >= agreed
    assert "agreed span" in window.statusBar().currentMessage()
    asked: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    added = mode.accept_agreed_everywhere()
    assert asked
    assert "anna and ben" in asked[0]
    assert added > 0
    service = ReviewService(window.session)
    for doc_id in service.documents_with_disagreements(PAIR):
        assert all(i.resolved for i in service.compare(doc_id, PAIR).agreements)


@pytest.mark.gui
def test_clicking_a_row_of_the_list_shows_that_disagreement(review_project, open_window, qtbot):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    rows = mode.panel.list
    assert rows.topLevelItemCount() == len(mode.comparison.disagreements)
    rows.setCurrentItem(rows.topLevelItem(2))
    assert mode.key == mode.comparison.disagreements[2].key
    assert mode.view.text.current is not None


@pytest.mark.gui
def test_e_opens_the_item_for_editing_and_takes_the_reviewers_spans(
    review_project, open_window, qtbot, monkeypatch
):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    item = next(i for i in mode.comparison.disagreements if i.kind is Kind.BOUNDARIES)
    mode.go_to_item(item.key)
    start, end = item.start, item.end
    shown: list[EditDecision] = []

    def exec_(dialog: EditDecision) -> int:
        shown.append(dialog)
        combo, first, last, _text, _remove = dialog.rows[0]
        first.setValue(start)
        last.setValue(end)
        combo.setCurrentText("ORG")
        return EditDecision.DialogCode.Accepted

    monkeypatch.setattr(EditDecision, "exec", exec_)
    press(qtbot, window, Key.Key_E)
    assert len(shown) == 1
    decided = current(window)
    assert decided.resolved
    assert [(s.start, s.end, s.label) for s in decided.gold] == [(start, end, "ORG")]
    assert "Your own version" in window.statusBar().currentMessage()


@pytest.mark.gui
def test_both_versions_that_would_overlap_are_refused_with_the_reason(
    review_project, open_window, qtbot
):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    item = next(i for i in mode.comparison.disagreements if i.kind is Kind.BOUNDARIES)
    mode.go_to_item(item.key)
    press(qtbot, window, Key.Key_H)
    assert not current(window).resolved
    assert "overlap" in window.statusBar().currentMessage()


@pytest.mark.gui
def test_letters_typed_into_the_library_filter_stay_there(review_project, open_window, qtbot):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    where = (mode.doc_id, mode.key)
    window.library.filter.setFocus()
    qtbot.keyClicks(window.library.filter, "nahb")
    assert window.library.filter.text() == "nahb"
    assert (mode.doc_id, mode.key) == where
    assert "undecided" in window.counts.text()


@pytest.mark.gui
def test_a_third_annotator_is_taken_from_the_panel(review_project, open_window, qtbot):
    from annotator.services.merge_session import merge_into

    with ProjectSession.open(review_project, annotator="reviewer") as session:
        merge_into(session, review_project.parent / "ben.jsonl", as_name="carla")
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    assert mode.annotators == ["anna", "ben", "carla"]
    item = next(i for i in mode.comparison.disagreements if i.kind is Kind.LABEL)
    mode.go_to_item(item.key)
    QApplication.processEvents()  # new widgets in a shown layout appear on the next round
    take_c = next(
        b
        for b in mode.panel.findChildren(QPushButton)
        if b.text() == "Take C's" and not b.isHidden()
    )
    take_c.click()
    decided = current(window)
    assert decided.resolved
    assert {s.attrs["adjudicated_from"] for s in decided.gold} == {"carla"}
    assert [s.label for s in decided.gold] == [s.label for s in decided.versions["carla"]]


@pytest.mark.gui
def test_after_review_mode_ctrl_z_undoes_once_in_the_reading_view(
    review_project, open_window, qtbot
):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    doc = mode.doc_id
    press(qtbot, window, Key.Key_A)
    press(qtbot, window, Key.Key_N)
    press(qtbot, window, Key.Key_B)
    assert len(gold(review_project, doc)) == 2
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)  # back to reading
    assert not mode.active
    assert window.editor is not None
    assert len([s for s in window.editor.spans() if s.annotator == "gold"]) == 2  # read afresh
    press(qtbot, window, Key.Key_Z, Mod.ControlModifier)
    assert len(gold(review_project, doc)) == 1  # one undo, not two


@pytest.mark.gui
def test_a_read_only_project_can_be_reviewed_but_not_decided(review_project, qapp, qtbot):
    with ProjectSession.open(review_project, read_only=True, annotator="reviewer") as session:
        window = MainWindow(session, remember_layout=False)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()  # the library's first-show scroll, before closing
        window.open_first()
        mode = mode_of(window)
        mode.set_active(True)
        assert mode.comparison is not None
        assert window.actions_by_name["review/next"].isEnabled()
        for name in ("review/take-a", "review/take-neither", "review/accept-agreed"):
            assert not window.actions_by_name[name].isEnabled()
        mode.step(forward=True)
        assert mode.key is not None
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.mark.gui
def test_the_shortcut_sheet_lists_the_review_keys_without_clashes(review_project, open_window):
    from annotator.ui.shortcut_sheet import ShortcutSheet

    window = open_window(review_project)
    sheet = ShortcutSheet(window.session.scheme, apply_to=window, parent=window)
    keys = {name: editor.keySequence().toString() for name, editor in sheet.editors.items()}
    assert keys["review/next"] == "N"
    assert keys["review/take-a"] == "A"
    assert keys["review/take-both"] == "H"
    assert keys["review/take-neither"] == "X"
    assert keys["review/edit"] == "E"
    assert keys["review/toggle"] == "Ctrl+R"
    assert sheet.conflicts() == {}
    assert sheet.ok_button.isEnabled()
    sheet.deleteLater()


@pytest.mark.gui
def test_larger_text_applies_to_the_review_view_too(review_project, open_window, qtbot):
    window = open_window(review_project)
    mode = mode_of(window)
    press(qtbot, window, Key.Key_R, Mod.ControlModifier)
    before = mode.view.text.font().pointSizeF()
    window.actions_by_name["view/zoom-in"].trigger()
    assert mode.view.text.font().pointSizeF() > before
    assert mode.view.text.font().pointSizeF() == window.reader.point_size()
