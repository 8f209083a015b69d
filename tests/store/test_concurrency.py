"""Several processes on one project file: two writers at once, and readers beside a writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core import commands
from annotator.core.model import AnnotatedDocument, DocState, Document, DocumentState, Span
from annotator.store import Project, ReadOnlyProjectError

from .conftest import TEXT, at, make_stream_project
from .edit_stream import apply_effects, snapshot

EDITS_EACH = 500


def consistency_problems(records: dict) -> list[str]:
    """Relations whose spans are missing from the same snapshot."""
    spans = {key for kind, key in records if kind == "span"}
    relations = {key: value for (kind, key), value in records.items() if kind == "relation"}
    return [
        f"relation {key} points to a span not in the snapshot"
        for key, (_, head, tail) in relations.items()
        if not {head, tail} <= spans
    ]


@pytest.mark.slow
def test_two_writers_at_once_keep_every_edit(tmp_path: Path, spawn):
    path = tmp_path / "shared.annotator"
    make_stream_project(path)
    with Project.open(path) as project:
        expected = snapshot(project)
        rows_before = project.stats()["edits"]

    writers = [spawn(path, name, seed, EDITS_EACH) for seed, name in enumerate(["alice", "bob"])]
    reads = 0
    with Project.open(path, read_only=True) as reader:
        last_edits = 0
        while any(w.process.poll() is None for w in writers):
            records = snapshot(reader)
            assert consistency_problems(records) == []
            edits = reader.stats()["edits"]
            assert edits >= last_edits, "a reader saw the edit log shrink"
            last_edits = edits
            reads += 1
    for writer in writers:
        assert writer.finish() == 0, writer.stderr()
        assert writer.lines[-1] == "done"
        saved = writer.reports("saved")
        assert len(saved) == EDITS_EACH
        for report in saved:
            apply_effects(expected, report["effects"])

    with Project.open(path) as project:
        assert project.check() == []
        assert project.stats()["edits"] == rows_before + 2 * EDITS_EACH
        assert snapshot(project) == expected
        assert {"alice", "bob"} <= set(project.annotators())
    assert reads > 0


def test_read_only_project_sees_what_another_connection_commits(project: Project):
    with Project.open(project.path, read_only=True) as reader:
        assert reader.spans("doc-1") == []
        span = Span("doc-1", *at("Berlin"), "LOC", "anna")
        project.apply(commands.add_span(span, TEXT), "anna")
        assert reader.spans("doc-1") == [span]
        project.apply(commands.set_document_state("doc-1", "anna", DocState.DONE, None), "anna")
        assert reader.states("doc-1")["anna"].state is DocState.DONE
        assert reader.stats()["edits"] == project.stats()["edits"]
        assert reader.check() == []


@pytest.mark.slow
def test_read_only_open_beside_a_writing_process(tmp_path: Path, spawn):
    path = tmp_path / "busy.annotator"
    make_stream_project(path)
    with Project.open(path) as project:
        expected = snapshot(project)
    writer = spawn(path, "carla", seed=7, count=EDITS_EACH)
    writer.wait_ready()
    opened = 0
    while writer.process.poll() is None:
        with Project.open(path, read_only=True) as reader:
            assert reader.document_count() == 6
            assert consistency_problems(snapshot(reader)) == []
            assert reader.check() == []
            opened += 1
    assert writer.finish() == 0, writer.stderr()
    saved = writer.reports("saved")
    assert len(saved) == EDITS_EACH
    for report in saved:
        apply_effects(expected, report["effects"])
    with Project.open(path, read_only=True) as reader:
        assert reader.check() == []
        assert snapshot(reader) == expected
    assert opened > 0


def test_writing_through_a_read_only_project_is_refused(project: Project):
    span = Span("doc-1", *at("Berlin"), "LOC", "anna")
    project.apply(commands.add_span(span, TEXT), "anna")
    before = snapshot(project), project.stats()
    with Project.open(project.path, read_only=True) as reader:
        attempts = {
            "apply": lambda: reader.apply(commands.relabel_span(span, TEXT, "ORG"), "anna"),
            "undo": lambda: reader.undo("anna"),
            "redo": lambda: reader.redo("anna"),
            "set_setting": lambda: reader.set_setting("name", "x"),
            "set_scheme": lambda: reader.set_scheme(reader.scheme, "anna"),
        }
        for name, attempt in attempts.items():
            with pytest.raises(ReadOnlyProjectError, match="read-only") as caught:
                attempt()
            assert str(project.path) in str(caught.value), name
        with pytest.raises(ReadOnlyProjectError), reader.importing("anna", "Import") as sink:
            pytest.fail(f"importing into a read-only project opened a sink {sink!r}")
        assert reader.spans("doc-1") == [span]
    assert (snapshot(project), project.stats()) == before


def commit_from_elsewhere_when(reader: Project, marker: str, edit) -> None:
    """Run `edit` (on another connection) the first time `reader` starts a statement with
    `marker`: another process committing between two queries of one read."""
    fired = []

    def trace(statement: str) -> None:
        if marker in statement and not fired:
            fired.append(statement)
            edit()

    reader.db.conn.set_trace_callback(trace)


@pytest.mark.parametrize("read", ["iter_records", "check"])
def test_one_read_sees_one_state_of_the_file(project: Project, read: str):
    """Regression: spans and speaker links were read in separate snapshots, so an export or
    a check running while someone linked a new speaker saw a link to a span it had not read."""
    quote = Span("doc-1", *at("„Wir schaffen das.“"), "QUOTE", "anna", attrs={"type": "Direct"})
    project.apply(commands.add_span(quote, TEXT), "anna")

    def link_new_speaker() -> None:
        speaker = Span("doc-1", *at("Angela Merkel"), "PER", "anna")
        project.apply(commands.add_span(speaker, TEXT), "anna")
        project.apply(commands.link_speaker(quote, speaker, "anna", TEXT), "anna")

    with Project.open(project.path, read_only=True) as reader:
        commit_from_elsewhere_when(reader, "FROM relations", link_new_speaker)
        if read == "check":
            assert reader.check() == []
        else:
            records = list(reader.iter_records())
            assert [len(r.spans) for r in records] == [1, 0]
            assert [len(r.relations) for r in records] == [0, 0]
        assert len(reader.relations("doc-1")) == 1, "the edit from elsewhere did happen"


def test_stats_count_one_state_of_the_file(project: Project):
    """Regression: stats() counted documents, states and spans in separate snapshots."""

    def import_done_document() -> None:
        with project.importing("anna", "Import") as sink:
            record = AnnotatedDocument(
                Document("doc-3", "Köln."),
                spans=(Span("doc-3", 0, 4, "LOC", "anna"),),
                states=(DocumentState("doc-3", "anna", DocState.DONE),),
            )
            sink.add(record, origin="more.jsonl:1")

    with Project.open(project.path, read_only=True) as reader:
        commit_from_elsewhere_when(reader, "FROM doc_states", import_done_document)
        stats = reader.stats()
        assert project.document_count() == 3, "the import from elsewhere did happen"
    seen = (stats["documents"], stats["spans"], stats["states"])
    assert seen in [(2, 0, {}), (3, 1, {"anna": {"done": 1, "new": 2}})]
