"""Storing suggestions in a writer process: the same spans, links and edits as in this one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.resources import load_scheme
from annotator.services import suggesting, writer_process
from annotator.services.importing import import_paths
from annotator.services.library import ProjectSession
from annotator.store import Project
from tests.tiny_model import tiny_model_path

TEXTS = [
    "Angela Merkel sagte in Berlin: „Wir schaffen das.“",
    "Siemens baut ein Werk in Berlin.",
    "Der Minister Karl Bauer sagte: „Wir bleiben dabei, das ist sicher.“",
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model_path(tmp_path_factory))


def make_project(folder: Path) -> Path:
    source = folder / "docs.jsonl"
    lines = [
        json.dumps({"id": f"d{n:02}", "text": TEXTS[n % len(TEXTS)]}, ensure_ascii=False)
        for n in range(12)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "p.annotator"
    with Project.create(path, load_scheme("german-news")) as project:
        import_paths(project, [source], annotator="importer")
    return path


def suggest(path: Path, tiny: str, *, writer: bool) -> tuple[suggesting.SuggestionCounts, dict]:
    seen: list[tuple[int, int]] = []
    with ProjectSession.open(path, annotator="tester") as session:
        counts = suggesting.suggest_documents(
            session,
            spec=tiny,
            batch=2,
            writer_process=writer,
            progress=lambda done, total: seen.append((done, total)),
        )
        assert seen[-1] == (12, 12)
        stored = {}
        for doc_id in suggesting.document_ids(session):
            record = session.document(doc_id)
            spans = {
                s.id: (s.start, s.end, s.label, s.status, s.source, s.model) for s in record.spans
            }
            links = {(spans[r.head], spans[r.tail], r.kind) for r in record.relations}
            stored[doc_id] = (sorted(spans.values()), links, session.undo_text())
        return counts, stored


def started_processes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    monkeypatch.setattr(suggesting, "PROCESS_FROM", 1)
    started: list[object] = []
    start = suggesting.WriterProcess

    def spy(*args, **kwargs):
        started.append(start(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(suggesting, "WriterProcess", spy)
    return started


def test_a_writer_process_stores_what_this_process_would(tmp_path, tiny, monkeypatch):
    started = started_processes(monkeypatch)
    here = make_project(tmp_path)
    (tmp_path / "copy").mkdir()
    there = make_project(tmp_path / "copy")
    counts_here, stored_here = suggest(here, tiny, writer=False)
    assert not started
    counts_there, stored_there = suggest(there, tiny, writer=True)
    assert len(started) == 1
    assert counts_there == counts_here
    assert counts_there.documents == 12
    assert counts_there.quotations > 0
    assert stored_there == stored_here


def exits_at_once(*_args) -> None:
    sys.exit(3)


def test_a_writer_process_that_cannot_work_leaves_the_storing_here(tmp_path, tiny, monkeypatch):
    started = started_processes(monkeypatch)
    monkeypatch.setattr(writer_process, "serve", exits_at_once)  # "spawn" finds it by name
    counts, stored = suggest(make_project(tmp_path), tiny, writer=True)
    assert len(started) == 1
    assert not started[0].stored_any
    assert counts.documents == 12
    assert all(spans for spans, _, _ in stored.values())
