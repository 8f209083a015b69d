"""The label scheme: changing it through the session, and the editor dialog."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from annotator.core.errors import ConflictError
from annotator.core.labels import PALETTE, AttributeSpec, Label, LabelKind
from annotator.services.library import ProjectSession
from annotator.services.scheme_change import problems_of_change
from annotator.ui import preferences
from annotator.ui.scheme_editor import SchemeEditor

# ProjectSession.set_scheme


def with_labels(session: ProjectSession, *labels: Label):
    return replace(session.scheme, labels=labels)


def test_adding_a_label_is_saved(sample_project: Path, open_session):
    session = open_session(sample_project)
    scheme = with_labels(session, *session.scheme.labels, Label("EVENT", "#999999", key="5"))
    session.set_scheme(scheme)
    assert ProjectSession.open(sample_project).scheme.get("EVENT") is not None


def test_removing_a_label_in_use_is_refused_with_its_count(sample_project: Path, open_session):
    session = open_session(sample_project)
    before = session.scheme
    count = session.stats()["spans_by_label"]["MISC"]
    others = [label for label in before.labels if label.name != "MISC"]
    with pytest.raises(ConflictError, match=f"MISC cannot be removed: {count} spans use it"):
        session.set_scheme(with_labels(session, *others))
    assert session.scheme == before


def test_renaming_a_label_in_use_is_refused_and_says_rename(sample_project: Path, open_session):
    session = open_session(sample_project)
    labels = [
        replace(label, name="PERSON") if label.name == "PER" else label
        for label in session.scheme.labels
    ]
    with pytest.raises(ConflictError, match=r"PER cannot be renamed to PERSON: \d+ spans use it"):
        session.set_scheme(with_labels(session, *labels), renamed={"PER": "PERSON"})
    assert "PER" in session.scheme


def test_changing_the_kind_of_a_label_in_use_is_refused(sample_project: Path, open_session):
    session = open_session(sample_project)
    labels = [
        replace(label, kind=LabelKind.ENTITY) if label.name == "QUOTE" else label
        for label in session.scheme.labels
    ]
    with pytest.raises(ConflictError, match="QUOTE cannot become a entity label"):
        session.set_scheme(with_labels(session, *labels))


def test_an_unused_label_may_be_renamed_and_removed(sample_project: Path, open_session):
    session = open_session(sample_project)
    base = session.scheme.labels
    session.set_scheme(with_labels(session, *base, Label("EVENT", "#999999")))
    session.set_scheme(
        with_labels(session, *base, Label("EVT", "#999999")), renamed={"EVENT": "EVT"}
    )
    assert session.scheme.names[-1] == "EVT"
    session.set_scheme(with_labels(session, *base))
    assert session.scheme.names == tuple(label.name for label in base)


def relabelled(session: ProjectSession, name: str, **changes):
    return with_labels(
        session,
        *(replace(label, **changes) if label.name == name else label for label in session.scheme),
    )


def test_attribute_values_that_spans_use_cannot_go(sample_project: Path, open_session):
    session = open_session(sample_project)
    quotes = session.stats()["spans_by_label"]["QUOTE"]
    narrow = relabelled(
        session, "QUOTE", attributes=(AttributeSpec("type", ("Indirect",), "Indirect"),)
    )
    expected = (
        rf"{quotes} QUOTE spans would not fit the new scheme \(for example: attribute 'type' "
        r"has value 'Direct'; allowed: Indirect\)"
    )
    with pytest.raises(ConflictError, match=expected):
        session.set_scheme(narrow)
    wider = relabelled(
        session, "QUOTE", attributes=(AttributeSpec("type", ("Direct", "Mixed"), "Direct"),)
    )
    session.set_scheme(wider)
    assert session.scheme.label("QUOTE").attributes[0].values == ("Direct", "Mixed")


def test_colours_and_keys_change_without_reading_the_documents(sample_project, open_session):
    session = open_session(sample_project)
    new = relabelled(session, "PER", colour="#0072B2", key="p", description="People")

    def unread():
        raise AssertionError("the documents were read")

    assert (
        problems_of_change(
            session.scheme, new, spans_by_label=session.stats()["spans_by_label"], records=unread
        )
        == []
    )


def test_forbidding_nesting_counts_the_nested_spans():
    from annotator.core.labels import LabelScheme
    from annotator.core.model import AnnotatedDocument, Document, Span

    old = LabelScheme("s", (Label("ORG", "#009E73"), Label("LOC", "#56B4E9")))
    text = "Universität Hamburg"
    record = AnnotatedDocument(
        Document("d", text),
        (Span("d", 0, len(text), "ORG", "anna"), Span("d", 12, len(text), "LOC", "anna")),
    )
    strict = replace(old, allow_nesting=False)
    problems = problems_of_change(
        old, strict, spans_by_label={"ORG": 1, "LOC": 1}, records=lambda: [record]
    )
    assert len(problems) == 1
    assert problems[0].startswith("1 LOC span would not fit the new scheme (for example: LOC 12-19")


# The editor


@pytest.fixture
def editor(sample_project: Path, open_session, qtbot) -> SchemeEditor:
    dialog = SchemeEditor(open_session(sample_project))
    qtbot.addWidget(dialog)
    return dialog


def select(editor: SchemeEditor, name: str) -> None:
    row = next(i for i, d in enumerate(editor.drafts) if d.label.name == name)
    editor.label_list.setCurrentRow(row)


def type_into(qtbot, widget, text: str) -> None:
    widget.selectAll()
    qtbot.keyClicks(widget, text)


@pytest.mark.gui
def test_the_editor_lists_labels_with_keys_and_counts(editor: SchemeEditor):
    rows = [editor.label_list.item(i).text() for i in range(editor.label_list.count())]
    assert rows[0].startswith("PER  [1]  \u2013 ")
    assert rows[-1].startswith("QUOTE  [Q]")
    assert editor.save_button.isEnabled()
    assert editor.message.isHidden()


@pytest.mark.gui
def test_a_label_in_use_keeps_its_name_and_cannot_be_removed(editor: SchemeEditor):
    select(editor, "PER")
    assert editor.name.isReadOnly()
    assert not editor.kind.isEnabled()
    assert "Used by" in editor.name_hint.text()
    assert not editor.remove_button.isEnabled()
    assert "PER cannot be removed" in editor.remove_button.toolTip()


@pytest.mark.gui
def test_add_a_label_with_a_free_colour_and_key_and_save(editor: SchemeEditor, qtbot):
    editor.add_button.click()
    draft = editor.drafts[-1]
    assert draft.label.colour not in {d.label.colour for d in editor.drafts[:-1]}
    assert draft.label.key == "5"
    assert not editor.name.isReadOnly()
    type_into(qtbot, editor.name, "EVENT")
    editor.kind.setCurrentIndex(editor.kind.findData(LabelKind.ENTITY))
    editor.palette_row.buttons[PALETTE[3]].click()
    assert editor.drafts[-1].label.colour == PALETTE[3]
    assert "contrast" in editor.preview.light[1].toolTip()
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted
    saved = editor.session.scheme.label("EVENT")
    assert (saved.key, saved.colour) == ("5", PALETTE[3])


@pytest.mark.gui
def test_scheme_validation_speaks_inline_and_blocks_save(editor: SchemeEditor, qtbot):
    select(editor, "LOC")
    type_into(qtbot, editor.key, "1")
    assert not editor.save_button.isEnabled()
    assert "share the key '1'" in editor.message.text()
    type_into(qtbot, editor.key, "7")
    assert editor.save_button.isEnabled()
    editor.add_button.click()
    type_into(qtbot, editor.name, "TWO WORDS")
    assert "without spaces" in editor.message.text()
    assert not editor.save_button.isEnabled()


@pytest.mark.gui
def test_a_key_taken_by_a_window_shortcut_is_refused(sample_project, open_session, qtbot):
    preferences.save_shortcut_overrides({"edit/filter": "X"})
    editor = SchemeEditor(open_session(sample_project))
    qtbot.addWidget(editor)
    select(editor, "MISC")
    type_into(qtbot, editor.key, "x")
    assert "the key X is the shortcut of \u201cFilter Library\u201d" in editor.message.text()
    assert not editor.save_button.isEnabled()


@pytest.mark.gui
def test_attributes_with_allowed_values_and_a_bad_default(editor: SchemeEditor):
    editor.add_button.click()
    table = editor.attributes
    table.add_attribute()
    table.table.item(0, 0).setText("role")
    table.table.item(0, 1).setText("actor, victim")
    table.table.item(0, 2).setText("witness")
    assert "default of 'role' is not allowed" in editor.message.text()
    table.table.item(0, 2).setText("victim")
    assert editor.message.isHidden()
    spec = editor.drafts[-1].attributes[0]
    assert (spec.values, spec.default) == (("actor", "victim"), "victim")
    table.add_attribute()
    assert "needs a name" in editor.message.text()


@pytest.mark.gui
def test_a_refusal_of_the_session_is_shown_inline(editor: SchemeEditor, monkeypatch):
    def refuse(scheme, *, renamed=None):
        raise ConflictError("The label scheme was not changed. Nope.")

    monkeypatch.setattr(editor.session, "set_scheme", refuse)
    editor.add_button.click()
    editor.save_button.click()
    assert editor.result() != QDialog.DialogCode.Accepted
    assert "Nope." in editor.message.text()


@pytest.mark.gui
def test_renaming_a_new_label_and_reordering(editor: SchemeEditor, qtbot):
    editor.add_button.click()
    type_into(qtbot, editor.name, "EVENT")
    editor.save_button.click()
    again = SchemeEditor(editor.session)
    qtbot.addWidget(again)
    select(again, "EVENT")
    assert not again.name.isReadOnly()  # no span uses it yet
    type_into(qtbot, again.name, "EVT")
    assert again.renamed() == {"EVENT": "EVT"}
    again.up_button.click()
    again.save_button.click()
    assert editor.session.scheme.names[-2:] == ("EVT", "QUOTE")


@pytest.mark.gui
def test_removing_an_unused_label(editor: SchemeEditor):
    editor.add_button.click()
    assert editor.remove_button.isEnabled()
    editor.remove_button.click()
    assert [d.label.name for d in editor.drafts] == list(editor.scheme.names)
    assert editor.label_list.currentItem().text().startswith("QUOTE")


@pytest.mark.gui
def test_a_read_only_project_cannot_be_saved(sample_project, open_session, qtbot):
    editor = SchemeEditor(open_session(sample_project, read_only=True))
    qtbot.addWidget(editor)
    assert not editor.save_button.isEnabled()
    assert editor.windowTitle() == "Label Scheme: german-news"
    assert editor.label_list.currentItem().data(Qt.ItemDataRole.DisplayRole).startswith("PER")


@pytest.mark.gui
def test_a_saved_scheme_reaches_the_open_document(sample_project, open_session, qtbot, monkeypatch):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.preference_menus import edit_label_scheme

    window = MainWindow(open_session(sample_project), remember_layout=False)
    qtbot.addWidget(window)
    window.open_first("wikinews-de-59270")

    def add_and_save(dialog: SchemeEditor) -> int:
        dialog.add_button.click()
        dialog.name.setText("EVENT")
        dialog.name.textEdited.emit("EVENT")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(SchemeEditor, "exec", add_and_save)
    assert edit_label_scheme(window)
    assert "EVENT" in window.session.scheme
    assert window.record.document.id == "wikinews-de-59270"
    if getattr(window, "editor", None) is not None:  # the window shows it with the new scheme
        assert "EVENT" in window.editor.scheme
    assert "label scheme is saved" in window.statusBar().currentMessage()


@pytest.mark.gui
def test_saving_an_unchanged_scheme_writes_nothing(editor: SchemeEditor, monkeypatch):
    monkeypatch.setattr(editor.session, "set_scheme", lambda *a, **k: pytest.fail("saved"))
    editor.save_button.click()
    assert editor.result() == QDialog.DialogCode.Accepted


@pytest.mark.gui
def test_the_palette_shows_the_choice_and_who_uses_each_colour(editor: SchemeEditor):
    select(editor, "PER")
    buttons = editor.palette_row.buttons
    assert buttons["#E69F00"].isChecked()
    assert not buttons["#56B4E9"].isChecked()
    assert buttons["#56B4E9"].toolTip().endswith("used by LOC")
    assert "used by" not in buttons["#E69F00"].toolTip()  # PER's own colour


@pytest.mark.gui
def test_a_new_label_key_works_in_the_window_at_once(tmp_path, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from annotator.ui.preference_menus import edit_label_scheme
    from tests.ui.reading_world import TEXT, at, build, click, key, window_opener

    opener = window_opener(qtbot)
    window = next(opener)(build(tmp_path / "reading.annotator"))

    def new_key_for_org(dialog: SchemeEditor) -> int:
        select(dialog, "ORG")
        type_into(qtbot, dialog.key, "7")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(SchemeEditor, "exec", new_key_for_org)
    assert edit_label_scheme(window)
    window.reader.text.setFocus()
    click(qtbot, window, TEXT.index("Die Universität"))
    for _ in "Die":
        key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, window, Qt.Key.Key_7)
    start, end = at("Die")
    made = [s for s in window.editor.spans() if s.label == "ORG"]
    assert [(s.start, s.end) for s in made] == [(start, end)]
    next(opener, None)  # close the window and its session
