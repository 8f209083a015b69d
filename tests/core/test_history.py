"""Undo and redo: per-annotator histories, the redo branch, conflicts with edits made since."""

from __future__ import annotations

import pytest

from annotator.core.commands import (
    add_span,
    edit_span,
    link_speaker,
    relabel_span,
    remove_span,
    resize_span,
)
from annotator.core.errors import (
    AnnotatorError,
    ConflictError,
    NothingToRedo,
    NothingToUndo,
    ValidationError,
)
from annotator.core.history import History
from annotator.core.memory import MemoryProject
from annotator.core.model import Span

from .conftest import DOC, OTHER_DOC, TEXT, at


def add(history: History, fragment: str, label: str = "PER", annotator: str = "anna") -> Span:
    span = Span(DOC, *at(fragment), label, annotator)
    history.do(add_span(span, TEXT), annotator)
    return span


def test_nothing_to_undo_or_redo(history: History):
    with pytest.raises(NothingToUndo, match="Nothing to undo") as undo:
        history.undo("anna")
    with pytest.raises(NothingToRedo, match="Nothing to redo") as redo:
        history.redo("anna")
    assert (undo.value.code, redo.value.code) == ("A201", "A202")


def test_undo_walks_back_and_redo_walks_forward(project: MemoryProject, history: History):
    states = [project.snapshot()]
    merkel = add(history, "Angela Merkel")
    states.append(project.snapshot())
    history.do(relabel_span(merkel, TEXT, "ORG"), "anna")
    states.append(project.snapshot())
    add(history, "Berlin", "LOC")
    states.append(project.snapshot())

    for expected in reversed(states[:-1]):
        history.undo("anna")
        assert project.snapshot() == expected
    with pytest.raises(NothingToUndo):
        history.undo("anna")
    for expected in states[1:]:
        history.redo("anna")
        assert project.snapshot() == expected
    with pytest.raises(NothingToRedo):
        history.redo("anna")


def test_undo_and_redo_return_the_entry(history: History):
    add(history, "Angela Merkel")
    entry = history.undo("anna")
    assert entry.command.describe() == "Add PER 'Angela Merkel'"
    assert history.redo("anna").seq == entry.seq


def test_a_new_edit_drops_the_redo_branch(project: MemoryProject, history: History):
    add(history, "Angela Merkel")
    after_first = project.snapshot()
    berlin = add(history, "Berlin", "LOC")
    history.undo("anna")
    hamburg = add(history, "Hamburg", "LOC")

    with pytest.raises(NothingToRedo):
        history.redo("anna")
    assert berlin.id not in project.spans
    history.undo("anna")  # takes back Hamburg, not the dropped Berlin
    assert hamburg.id not in project.spans
    assert project.snapshot() == after_first
    history.undo("anna")
    assert project.spans == {}


def test_annotators_have_their_own_histories(project: MemoryProject, history: History):
    anna = add(history, "Angela Merkel", annotator="anna")
    ben = add(history, "Angela Merkel", annotator="ben")  # same words, other annotator: fine

    history.undo("anna")
    assert set(project.spans) == {ben.id}
    with pytest.raises(NothingToUndo):
        history.undo("anna")

    add(history, "Berlin", "LOC", annotator="ben")  # ben's new edit keeps anna's redo
    history.redo("anna")
    assert project.spans[anna.id] == anna
    history.undo("ben")
    history.undo("ben")
    assert set(project.spans) == {anna.id}


def test_undo_after_someone_changed_the_span_is_a_conflict(
    project: MemoryProject, history: History
):
    merkel = add(history, "Angela Merkel", annotator="anna")
    history.do(relabel_span(merkel, TEXT, "ORG"), "ben")
    before = project.snapshot()

    with pytest.raises(ConflictError, match="was changed since this edit was made") as raised:
        history.undo("anna")
    assert raised.value.code == "A200"
    assert merkel.id in raised.value.message
    assert project.snapshot() == before
    assert history.log.latest_done("anna").command.describe() == "Add PER 'Angela Merkel'"


def test_undo_after_someone_removed_the_span_is_a_conflict(
    project: MemoryProject, history: History
):
    merkel = add(history, "Angela Merkel", annotator="anna")
    history.do(edit_span(merkel, comment="Kanzlerin"), "anna")
    history.do(remove_span(project.spans[merkel.id], TEXT), "ben")
    before = project.snapshot()
    with pytest.raises(ConflictError, match="is gone: it was removed since"):
        history.undo("anna")
    assert project.snapshot() == before


def test_redo_after_someone_changed_the_span_is_a_conflict(
    project: MemoryProject, history: History
):
    merkel = add(history, "Angela Merkel", annotator="anna")
    history.do(resize_span(merkel, TEXT, *at("Merkel")), "anna")
    history.undo("anna")
    history.do(relabel_span(merkel, TEXT, "ORG"), "ben")
    before = project.snapshot()
    with pytest.raises(ConflictError, match="was changed since"):
        history.redo("anna")
    assert project.snapshot() == before


def test_undoing_the_same_command_twice_is_a_conflict(project: MemoryProject):
    span = Span(DOC, *at("Berlin"), "LOC", "anna")
    command = add_span(span, TEXT)
    command.apply(project)
    with pytest.raises(ConflictError, match="exists already"):
        command.apply(project)
    command.inverse().apply(project)
    with pytest.raises(ConflictError, match="is gone"):
        command.inverse().apply(project)
    assert project.spans == {}


def test_undo_that_would_break_a_link_changes_nothing(project: MemoryProject, history: History):
    quote = add(history, "„Wir schaffen das.“", "QUOTE", annotator="anna")
    speaker = add(history, "Angela Merkel", annotator="anna")
    history.do(link_speaker(quote, speaker, "anna", TEXT), "anna")
    (link,) = project.relations.values()
    history.do(remove_span(quote, TEXT, [link]), "anna")
    history.do(remove_span(speaker, TEXT), "ben")  # the speaker goes; no link points at it now
    before = project.snapshot()

    # Undoing anna's removal would re-add the quotation, then fail to re-add its link.
    with pytest.raises(ValidationError, match="no such span"):
        history.undo("anna")
    assert project.snapshot() == before

    history.undo("ben")  # once the speaker is back, anna's undo goes through
    history.undo("anna")
    assert project.spans[quote.id] == quote
    assert project.relations == {link.id: link}


def test_a_refused_undo_can_be_retried(project: MemoryProject, history: History):
    merkel = add(history, "Angela Merkel", annotator="anna")
    relabelled = relabel_span(merkel, TEXT, "ORG")
    history.do(relabelled, "ben")
    with pytest.raises(AnnotatorError):
        history.undo("anna")
    history.undo("ben")
    history.undo("anna")
    assert project.spans == {}


def test_edits_in_other_documents_do_not_conflict(project: MemoryProject, history: History):
    add(history, "Angela Merkel", annotator="anna")
    elsewhere = Span(OTHER_DOC, 0, 3, "PER", "ben")
    history.do(add_span(elsewhere, "Ein anderer Text."), "ben")
    history.undo("anna")
    assert set(project.spans) == {elsewhere.id}
