"""ProjectSession: what the window reads from a project, without Qt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.library import DocumentQuery
from annotator.core.model import SPEAKER, AnnotatedDocument, DocState
from annotator.resources import load_scheme, sample_files
from annotator.services.importing import import_paths
from annotator.services.library import PAGE_SIZE, ProjectSession
from annotator.store import Project


def make_project(path: Path, records: list[dict]) -> Path:
    source = path.with_suffix(".jsonl")
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    with Project.create(path, load_scheme("german-news"), name="Test") as project:
        import_paths(project, [source], annotator="tester")
    return path


TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    quote_start = TEXT.index("„")
    return make_project(
        tmp_path / "test.annotator",
        [
            {
                "id": "merkel",
                "text": TEXT,
                "meta": {"title": "Merkel in Berlin", "date": "2015-08-31"},
                "spans": [
                    {"start": 0, "end": 13, "label": "PER"},
                    {"start": 23, "end": 29, "label": "LOC"},
                    {
                        "start": quote_start,
                        "end": len(TEXT),
                        "label": "QUOTE",
                        "speaker": {"start": 0, "end": 13},
                    },
                ],
                "states": {"tester": "in_progress"},
            },
            *({"id": f"d{n:03d}", "text": f"Dokument {n}."} for n in range(450)),
        ],
    )


def test_opens_and_describes_a_project(project: Path):
    with ProjectSession.open(project) as session:
        assert session.name == "Test"
        assert session.path == project
        assert not session.read_only
        assert session.annotator == "tester"  # $ANNOTATOR_USER, set by the test conftest
        assert session.scheme.names == ("PER", "LOC", "ORG", "MISC", "QUOTE")
        figures = session.stats()
        assert figures["documents"] == 451
        assert figures["relations"] == 1


def test_read_only_and_a_named_annotator(project: Path):
    with ProjectSession.open(project, read_only=True, annotator="alice") as session:
        assert session.read_only
        assert session.annotator == "alice"


def test_cannot_open_what_is_not_a_project(tmp_path: Path):
    with pytest.raises(AnnotatorError):
        ProjectSession.open(tmp_path / "missing.annotator")
    junk = tmp_path / "junk.annotator"
    junk.write_bytes(b"\x00junk" * 1000)
    with pytest.raises(AnnotatorError):
        ProjectSession.open(junk)


def test_lists_the_library_page_by_page(project: Path):
    with ProjectSession.open(project) as session:
        assert session.document_count() == 451
        first = session.documents()
        assert len(first) == PAGE_SIZE
        assert first[0].id == "merkel"
        assert first[0].title == "Merkel in Berlin"
        assert first[0].span_count == 3
        assert first[0].state_of("tester") is DocState.IN_PROGRESS
        assert first[0].state_of("someone else") is DocState.NEW
        last = session.documents(offset=400, limit=PAGE_SIZE)
        assert [s.id for s in last] == [f"d{n:03d}" for n in range(399, 450)]
        assert session.documents(offset=451) == []
        with pytest.raises(ValueError, match="negative"):
            session.documents(offset=-1)


def test_filters_and_finds_positions(project: Path):
    with ProjectSession.open(project) as session:
        query = DocumentQuery(search="berlin")
        assert session.document_count(query) == 1
        assert [s.id for s in session.documents(query)] == ["merkel"]
        assert session.position_of("d010") == 11
        assert session.position_of("d010", query) is None
        assert session.position_of("nothing") is None
        assert session.has_document("d010")
        assert not session.has_document("nothing")


def test_gives_a_document_with_its_annotations(project: Path):
    with ProjectSession.open(project) as session:
        record = session.document("merkel")
        assert isinstance(record, AnnotatedDocument)
        assert record.document.text == TEXT
        assert record.document.meta["date"] == "2015-08-31"
        by_label = {span.label: span for span in record.spans}
        assert by_label.keys() == {"PER", "LOC", "QUOTE"}
        assert by_label["QUOTE"].text_in(TEXT) == "„Wir schaffen das.“"
        (relation,) = record.relations
        assert relation.kind == SPEAKER
        assert (relation.head, relation.tail) == (by_label["QUOTE"].id, by_label["PER"].id)
        (state,) = record.states
        assert (state.annotator, state.state) == ("tester", DocState.IN_PROGRESS)
        with pytest.raises(KeyError):
            session.document("nothing")


def test_the_samples_import_with_their_annotations(tmp_path: Path):
    path = tmp_path / "samples.annotator"
    with Project.create(path, load_scheme("german-news")) as project:
        summary = import_paths(project, sample_files(), annotator="sample")
        assert project.check() == []
    assert summary.documents == 12
    with ProjectSession.open(path) as session:
        annotated = [s for s in session.documents() if s.span_count]
        assert len(annotated) == 3
        for summary_row in annotated:
            record = session.document(summary_row.id)
            text = record.document.text
            quotes = [s for s in record.spans if s.label == "QUOTE"]
            assert quotes, summary_row.id
            for quote in quotes:
                quoted = quote.text_in(text)
                assert quoted[0] in "„“‘", quoted  # quotation marks included
                assert quoted[-1] in "“”’", quoted
            speakers = {r.tail for r in record.relations}
            assert {s.label for s in record.spans if s.id in speakers} <= {"PER", "ORG"}
