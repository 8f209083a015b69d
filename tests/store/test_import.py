"""Bulk import: all documents of an import or none, and an error names the file and line."""

from __future__ import annotations

import pytest

from annotator.core.errors import InputError
from annotator.core.model import (
    AnnotatedDocument,
    DocState,
    Document,
    DocumentState,
    Relation,
    Source,
    Span,
    Status,
)
from annotator.store import Project, bulk

from .conftest import TEXT, at


def record(
    doc_id: str, *, key: str = "", quote_id: str = "", relation_id: str = ""
) -> AnnotatedDocument:
    """A document with a quotation linked to its speaker, a model suggestion and a state.

    Span and relation ids are made from `key` (default: `doc_id`) unless given.
    """
    key = key or doc_id
    quote_id = quote_id or f"{key}-quote"
    quote = Span(doc_id, *at("„Wir schaffen das.“"), "QUOTE", "anna", id=quote_id)
    speaker = Span(doc_id, *at("Angela Merkel"), "PER", "anna", id=f"{key}-speaker")
    suggestion = Span(
        doc_id, *at("Berlin"), "LOC", "spacy", id=f"{key}-berlin",
        source=Source.MODEL, model="de_core_news_lg", status=Status.PENDING,
    )  # fmt: skip
    link = Relation(doc_id, quote.id, speaker.id, "anna", id=relation_id or f"{key}-link")
    return AnnotatedDocument(
        Document(doc_id, TEXT, {"title": f"Bericht {doc_id}"}),
        spans=(quote, speaker, suggestion),
        relations=(link,),
        states=(DocumentState(doc_id, "anna", DocState.DONE),),
    )


def by_id(span: Span) -> str:
    return span.id


def state_of(project: Project) -> tuple:
    """Everything an import could change: contents, counts and the edit log."""
    return (
        [(r.document, r.spans, r.relations, r.states) for r in project.iter_records()],
        project.stats(),
        project.edit_log(limit=10_000),
    )


def import_lines(project: Project, records: list[AnnotatedDocument], file: str = "b.jsonl"):
    with project.importing("bob", f"Import {file}") as sink:
        for line, item in enumerate(records, start=1):
            sink.add(item, origin=f"{file}:{line}")
    return sink


def test_import_stores_everything_and_logs_itself(project: Project):
    records = [record("a"), record("b")]
    sink = import_lines(project, records)
    assert sink.summary() == "2 documents, 6 spans, 2 speaker links"
    stored = {r.document.id: r for r in project.iter_records()}
    for item in records:
        got = stored[item.document.id]
        assert got.document == item.document
        assert sorted(got.spans, key=by_id) == sorted(item.spans, key=by_id)
        assert (got.relations, got.states) == (item.relations, item.states)
    [entry] = project.edit_log(limit=1)
    assert (entry.annotator, entry.action, entry.doc_id) == ("bob", "import", None)
    assert entry.description == "Import b.jsonl: 2 documents, 6 spans, 2 speaker links"
    assert project.check() == []


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flush every two documents, so that an import spans several batches."""
    monkeypatch.setattr(bulk, "BATCH_DOCUMENTS", 2)


def test_error_raised_inside_the_block_keeps_nothing(project: Project, small_batches):
    before = state_of(project)

    def stopped_by_hand() -> None:
        with project.importing("bob", "Import c.jsonl") as sink:
            for n in range(5):  # two batches are written before the error
                sink.add(record(f"doc-{n + 10}"), origin=f"c.jsonl:{n + 1}")
            raise RuntimeError("stopped by hand")

    with pytest.raises(RuntimeError, match="stopped by hand"):
        stopped_by_hand()
    assert state_of(project) == before


@pytest.mark.parametrize(
    ("records", "line", "reason"),
    [
        pytest.param(
            [record("a"), record("a", key="a2")],
            2,
            "document id 'a' appears twice (first at b.jsonl:1)",
            id="document twice in one batch",
        ),
        pytest.param(
            [record("a"), record("b"), record("c"), record("a", key="a2")],
            4,
            "document id 'a' appears twice (first at b.jsonl:1)",
            id="document twice in two batches",
        ),
        pytest.param(
            [record("a"), record("doc-1", key="x")],
            2,
            "document id 'doc-1' is in the project already",
            id="document in the project",
        ),
        pytest.param(
            [record("a"), record("b"), record("c", quote_id="a-quote")],
            3,
            "span id 'a-quote' is used twice in this import",
            id="span twice",
        ),
        pytest.param(
            [record("a"), record("b", relation_id="a-link")],
            2,
            "relation id 'a-link' is used twice in this import",
            id="relation twice",
        ),
    ],
)
def test_duplicate_ids_are_refused_naming_the_line(
    project: Project, small_batches, records: list, line: int, reason: str
):
    before = state_of(project)
    with pytest.raises(InputError) as caught:
        import_lines(project, records)
    assert (caught.value.file, caught.value.line) == ("b.jsonl", line)
    assert str(caught.value).startswith(f"b.jsonl:{line}: ")
    assert reason in caught.value.reason
    assert state_of(project) == before


@pytest.mark.parametrize("kind", ["span", "relation"])
def test_ids_already_in_the_project_are_refused(project: Project, kind: str):
    import_lines(project, [record("a")], file="first.jsonl")
    before = state_of(project)
    ids = {"quote_id": "a-quote"} if kind == "span" else {"relation_id": "a-link"}
    again = record("b", **ids)
    with pytest.raises(InputError) as caught:
        import_lines(project, [record("c"), again], file="second.jsonl")
    assert (caught.value.file, caught.value.line) == ("second.jsonl", 2)
    assert f"{kind} id 'a-" in caught.value.reason
    assert "in the project already" in caught.value.reason
    assert state_of(project) == before


def test_origin_without_a_line_number(project: Project):
    with pytest.raises(InputError) as caught, project.importing("bob", "x") as sink:
        sink.add(record("doc-1"), origin="clipboard")
    assert (caught.value.file, caught.value.line) == ("clipboard", None)
    assert str(caught.value).startswith("clipboard: ")
