"""Edits through the one door: saved at once, logged, undone and redone, also after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core import commands
from annotator.core.commands import Batch
from annotator.core.errors import ConflictError, NothingToRedo, NothingToUndo, ValidationError
from annotator.core.model import DocState, Span
from annotator.store import Project

from .conftest import TEXT, at


def span(fragment: str, label: str, annotator: str = "anna", **kw) -> Span:
    return Span("doc-1", *at(fragment), label, annotator, **kw)


def labels(project: Project) -> dict[str, str]:
    return {TEXT[s.start : s.end]: s.label for s in project.spans("doc-1")}


def log(project: Project) -> list[tuple]:
    """The edit log, oldest first: (who, what, which document, description, undo state)."""
    return [
        (e.annotator, e.action, e.doc_id, e.description, e.undo_state)
        for e in reversed(project.edit_log(limit=1000))
    ]


def test_an_edit_is_in_the_file_when_apply_returns(project: Project):
    berlin = span("Berlin", "LOC")
    seq = project.apply(commands.add_span(berlin, TEXT), "anna")
    with Project.open(project.path, read_only=True) as other:
        assert other.spans("doc-1") == [berlin]
        assert other.edit_log(limit=1)[0].seq == seq


def test_undo_and_redo_survive_a_restart(project: Project):
    path = project.path
    berlin = span("Berlin", "LOC")
    project.apply(commands.add_span(berlin, TEXT), "anna")
    project.apply(commands.relabel_span(berlin, TEXT, "ORG"), "anna")
    project.close()

    with Project.open(path) as project:
        assert labels(project) == {"Berlin": "ORG"}
        assert project.next_undo("anna").command.describe() == "Relabel 'Berlin' LOC -> ORG"
        project.undo("anna")
        assert labels(project) == {"Berlin": "LOC"}
    with Project.open(path) as project:
        assert labels(project) == {"Berlin": "LOC"}
        project.undo("anna")
        assert labels(project) == {}
        with pytest.raises(NothingToUndo):
            project.undo("anna")
    with Project.open(path) as project:
        assert project.redo("anna").command.describe() == "Add LOC 'Berlin'"
        assert labels(project) == {"Berlin": "LOC"}
    with Project.open(path) as project:
        project.redo("anna")
        assert labels(project) == {"Berlin": "ORG"}
        with pytest.raises(NothingToRedo):
            project.redo("anna")
        assert project.check() == []


def test_each_annotator_undoes_only_their_own_edits(project: Project):
    project.apply(commands.add_span(span("Berlin", "LOC"), TEXT), "anna")
    project.apply(commands.add_span(span("Angela Merkel", "PER", "bob"), TEXT), "bob")
    project.undo("anna")
    assert labels(project) == {"Angela Merkel": "PER"}
    with pytest.raises(NothingToUndo):
        project.undo("anna")
    assert project.next_undo("bob") is not None


def test_the_edit_log_records_who_did_what(project: Project):
    berlin = span("Berlin", "LOC")
    project.apply(commands.add_span(berlin, TEXT), "anna")
    project.apply(commands.set_document_state("doc-2", "bob", DocState.DONE, None), "bob")
    project.undo("anna")
    project.redo("anna")
    project.undo("anna")
    project.apply(commands.add_span(span("Angela Merkel", "PER"), TEXT), "anna")  # drops redo
    assert log(project) == [
        ("tester", "import", None, "Import t.jsonl: 2 documents, 0 spans, 0 speaker links", None),
        ("anna", "do", "doc-1", "Add LOC 'Berlin'", "dropped"),
        ("bob", "do", "doc-2", "Mark as done document 'doc-2'", "done"),
        ("anna", "undo", "doc-1", "Add LOC 'Berlin'", None),
        ("anna", "redo", "doc-1", "Add LOC 'Berlin'", None),
        ("anna", "undo", "doc-1", "Add LOC 'Berlin'", None),
        ("anna", "do", "doc-1", "Add PER 'Angela Merkel'", "done"),
    ]
    with pytest.raises(NothingToRedo):
        project.redo("anna")
    assert [e.description for e in project.edit_log(doc_id="doc-2")] == [
        "Mark as done document 'doc-2'"
    ]
    assert [e.action for e in project.edit_log(limit=2)] == ["do", "undo"]
    times = [e.at for e in reversed(project.edit_log())]
    assert times == sorted(times)


def test_removing_a_span_removes_its_speaker_link_and_undo_restores_both(project: Project):
    quote = span("„Wir schaffen das.“", "QUOTE", attrs={"type": "Direct"})
    merkel = span("Angela Merkel", "PER")
    for new in (quote, merkel):
        project.apply(commands.add_span(new, TEXT), "anna")
    project.apply(commands.link_speaker(quote, merkel, "anna", TEXT), "anna")
    [link] = project.relations("doc-1")

    project.apply(commands.remove_span(merkel, TEXT, project.relations("doc-1")), "anna")
    assert (labels(project), project.relations("doc-1")) == (
        {TEXT[quote.start : quote.end]: "QUOTE"},
        [],
    )
    project.undo("anna")
    assert project.relations("doc-1") == [link]
    assert project.get_span(merkel.id) == merkel
    assert project.check() == []


def test_a_failing_edit_changes_nothing(project: Project):
    """A batch whose second part is invalid leaves neither part, and no log row."""
    project.apply(commands.add_span(span("Berlin", "LOC"), TEXT), "anna")
    before = (project.spans("doc-1"), project.edit_log())
    crossing = Span("doc-1", at("Berlin")[0] - 3, at("Berlin")[0] + 3, "ORG", "anna")  # "in Ber"
    batch = Batch(
        (commands.add_span(span("Angela Merkel", "PER"), TEXT), commands.add_span(crossing, TEXT)),
        "Add two",
    )
    with pytest.raises(ValidationError, match="overlaps"):
        project.apply(batch, "anna")
    assert (project.spans("doc-1"), project.edit_log()) == before
    assert project.next_undo("anna").command.describe() == "Add LOC 'Berlin'"


def test_stale_edit_from_a_second_window_is_a_conflict(project: Project):
    """Two Project objects on one file (two windows, two processes) edit the same span."""
    berlin = span("Berlin", "LOC")
    project.apply(commands.add_span(berlin, TEXT), "anna")
    with Project.open(project.path) as other:
        seen_by_other = other.get_span(berlin.id)
        project.apply(commands.relabel_span(berlin, TEXT, "ORG"), "anna")
        before = (labels(other), other.edit_log())
        with pytest.raises(ConflictError, match="was changed since"):
            other.apply(commands.relabel_span(seen_by_other, TEXT, "MISC"), "anna")
        assert (labels(other), other.edit_log()) == before

        other.apply(commands.remove_span(other.get_span(berlin.id), TEXT), "bob")
        with pytest.raises(ConflictError, match="is gone"):
            project.undo("anna")  # would set the label back on a span bob removed
        assert labels(project) == {}
        assert project.next_undo("anna").command.describe() == "Relabel 'Berlin' LOC -> ORG"

        state = commands.set_document_state("doc-2", "anna", DocState.DONE, None)
        project.apply(state, "anna")
        with pytest.raises(ConflictError, match="exists already"):
            other.apply(state, "anna")
    assert project.check() == []


def test_settings_and_scheme_are_kept(project_path: Path, project: Project, scheme):
    project.set_setting("reading_view", {"font_size": 14, "wrap": True})
    bigger = scheme.with_labels(["EVENT"])
    project.set_scheme(bigger, "anna")
    project.close()
    with Project.open(project_path) as reopened:
        assert reopened.setting("reading_view") == {"font_size": 14, "wrap": True}
        assert reopened.setting("missing", "default") == "default"
        assert reopened.scheme == bigger
        assert reopened.edit_log(limit=1)[0].action == "scheme"
        reopened.apply(commands.add_span(span("Berlin", "EVENT"), TEXT), "anna")


def test_scheme_changed_by_another_connection_is_seen(project: Project, scheme):
    with Project.open(project.path) as other:
        assert "EVENT" not in other.scheme
        project.set_scheme(scheme.with_labels(["EVENT"]), "anna")
        assert "EVENT" in other.scheme
        other.apply(commands.add_span(span("Berlin", "EVENT"), TEXT), "anna")
