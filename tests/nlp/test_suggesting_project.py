"""Storing suggestions in a project: pending, linked, never over people's work, never twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import SPEAKER, Source, Status
from annotator.nlp.suggesting import suggest_text
from annotator.resources import load_scheme
from annotator.services import suggesting
from annotator.services.editing import DocumentEditor
from annotator.services.importing import import_paths
from annotator.services.library import ProjectSession
from annotator.store import Project
from tests.tiny_model import tiny_model_path

TEXTS = {
    "merkel": "Angela Merkel sagte in Berlin: „Wir schaffen das.“",
    "siemens": "Siemens baut ein Werk in Berlin.",
    "bauer": "Der Minister Karl Bauer sagte: „Wir bleiben dabei, das ist sicher.“",
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model_path(tmp_path_factory))


@pytest.fixture
def session(tmp_path: Path):
    source = tmp_path / "docs.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n" for k, v in TEXTS.items()
        ),
        encoding="utf-8",
    )
    path = tmp_path / "p.annotator"
    with Project.create(path, load_scheme("german-news")) as project:
        import_paths(project, [source], annotator="importer")
    with ProjectSession.open(path, annotator="tester") as opened:
        yield opened


def spans_of(session: ProjectSession, doc_id: str):
    record = session.document(doc_id)
    text = record.document.text
    return {(text[s.start : s.end], s.label, s.source, s.status) for s in record.spans}


def test_suggestions_are_pending_model_spans_with_speaker_links(session, tiny):
    counts = suggesting.suggest_documents(session, spec=tiny)
    assert counts.documents == 3
    record = session.document("merkel")
    assert {(s.label, s.status, s.source, s.model) for s in record.spans} == {
        ("PER", Status.PENDING, Source.MODEL, "de_tiny_ner 0.0.1"),
        ("LOC", Status.PENDING, Source.MODEL, "de_tiny_ner 0.0.1"),
        ("QUOTE", Status.PENDING, Source.MODEL, "de_tiny_ner 0.0.1"),
    }
    quote = next(s for s in record.spans if s.label == "QUOTE")
    assert quote.attrs == {"type": "Direct"}
    (link,) = record.relations
    speaker = next(s for s in record.spans if s.id == link.tail)
    assert (link.kind, link.head, record.document.text[speaker.start : speaker.end]) == (
        SPEAKER,
        quote.id,
        "Angela Merkel",
    )


def test_a_speaker_the_model_missed_becomes_a_suggested_person(session):
    record = session.document("bauer")
    found = suggest_text(record.document.text, [], language="de")
    command = suggesting.plan_suggestions(
        record, found, scheme=session.scheme, annotator="tester", model="rules"
    )
    session.apply(command)
    assert spans_of(session, "bauer") == {
        ("Karl Bauer", "PER", Source.MODEL, Status.PENDING),
        ("„Wir bleiben dabei, das ist sicher.“", "QUOTE", Source.MODEL, Status.PENDING),
    }
    (link,) = session.document("bauer").relations
    assert session.document("bauer").document.text.find("Karl") == next(
        s.start for s in session.document("bauer").spans if s.id == link.tail
    )


def test_running_twice_adds_nothing_twice(session, tiny):
    first = suggesting.suggest_documents(session, spec=tiny)
    before = session.stats()["spans"]
    again = suggesting.suggest_documents(session, spec=tiny)
    assert session.stats()["spans"] == before
    assert (again.entities, again.quotations) == (0, 0)
    assert again.left_out == first.entities + first.quotations


def test_human_spans_are_untouched_and_not_doubled(session, tiny):
    editor = DocumentEditor(session, "siemens")
    human = editor.add_span(0, 7, "ORG")
    suggesting.suggest_documents(session, spec=tiny, doc_ids=["siemens"])
    record = session.document("siemens")
    assert human in record.spans
    assert spans_of(session, "siemens") == {
        ("Siemens", "ORG", Source.HUMAN, Status.ACCEPTED),
        ("Berlin", "LOC", Source.MODEL, Status.PENDING),
    }


def test_a_rejected_suggestion_is_not_proposed_again(session, tiny):
    suggesting.suggest_documents(session, spec=tiny, doc_ids=["siemens"])
    editor = DocumentEditor(session, "siemens")
    berlin = next(s for s in editor.spans() if s.label == "LOC")
    editor.reject(berlin.id)
    editor.remove(next(s for s in editor.spans() if s.label == "ORG").id)
    counts = suggesting.suggest_documents(session, spec=tiny, doc_ids=["siemens"])
    assert (counts.entities, counts.left_out) == (1, 1)  # Siemens again; Berlin stays rejected
    assert spans_of(session, "siemens") == {
        ("Siemens", "ORG", Source.MODEL, Status.PENDING),
        ("Berlin", "LOC", Source.MODEL, Status.REJECTED),
    }


def test_each_documents_suggestions_are_one_edit_to_undo(session, tiny):
    suggesting.suggest_documents(session, spec=tiny)
    assert session.undo_text().startswith("Suggest ")
    entry = session.undo()
    assert entry.command.doc_id == "bauer"
    assert session.document("bauer").spans == ()
    assert session.document("merkel").spans != ()


def test_the_projects_model_is_kept_in_the_project(session, tiny):
    assert suggesting.project_model(session) == "builtin"
    choice = suggesting.set_project_model(session, tiny)
    assert choice.kind == "folder"
    assert suggesting.project_model(session) == tiny
    with pytest.raises(Exception, match="not installed"):
        suggesting.set_project_model(session, "xx_absent_pipeline")
    assert suggesting.project_model(session) == tiny
