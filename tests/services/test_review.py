"""ReviewService on a project file: compare, step, adjudicate (undo, reopen), figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core import commands
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
from annotator.resources import load_scheme
from annotator.review.compare import Kind
from annotator.review.layers import GOLD
from annotator.services.library import ProjectSession
from annotator.services.review import ReviewService
from annotator.store import Project

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ Die Universität Hamburg schwieg."
PAIR = ("anna", "ben")


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def s(doc: str, who: str, fragment: str, label: str, **kw) -> Span:
    return Span(doc, *at(fragment), label, who, id=f"{doc}/{who}/{fragment}/{label}", **kw)


def records() -> list[AnnotatedDocument]:
    made = []
    for doc in ("d1", "d2", "d3", "d4"):
        spans = [s(doc, w, "Angela Merkel", "PER") for w in PAIR]
        spans += [s(doc, w, "„Wir schaffen das.“", "QUOTE") for w in PAIR]
        relations = [
            Relation(doc, f"{doc}/{w}/„Wir schaffen das.“/QUOTE", f"{doc}/{w}/Angela Merkel/PER", w)
            for w in PAIR
        ]
        if doc in ("d1", "d3"):
            spans.append(s(doc, "anna", "Berlin", "LOC"))
            spans.append(s(doc, "ben", "Universität Hamburg", "ORG"))
            spans.append(s(doc, "anna", "Hamburg", "LOC"))
        states = [DocumentState(doc, w, DocState.DONE) for w in PAIR]
        if doc == "d4":  # only anna worked on it: not compared
            spans = [x for x in spans if x.annotator == "anna"] + [s(doc, "anna", "Berlin", "LOC")]
            relations = relations[:1]
            states = states[:1]
        made.append(
            AnnotatedDocument(Document(doc, TEXT), tuple(spans), tuple(relations), tuple(states))
        )
    model = [
        s("d2", "tester", "Berlin", "LOC", source=Source.MODEL, model="m", status=Status.ACCEPTED),
        s("d2", "tester", "Die", "ORG", source=Source.MODEL, model="m", status=Status.REJECTED),
        s(
            "d2",
            "tester",
            "Universität",
            "ORG",
            source=Source.MODEL,
            model="m",
            status=Status.REJECTED,
        ),
        s("d2", "tester", "Hamburg", "LOC", source=Source.MODEL, model="m", status=Status.PENDING),
        s("d2", "tester", "Universität Hamburg", "ORG"),
    ]
    d2 = made[1]
    made[1] = AnnotatedDocument(d2.document, d2.spans + tuple(model), d2.relations, d2.states)
    return made


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "review.annotator"
    with (
        Project.create(path, load_scheme("german-news")) as project,
        project.importing("tester", "test") as sink,
    ):
        for n, record in enumerate(records()):
            sink.add(record, origin=f"t:{n + 1}")
    return path


@pytest.fixture
def review(path: Path):
    with ProjectSession.open(path, annotator="rita") as session:
        yield ReviewService(session)


def test_annotators_and_comparison(review: ReviewService):
    assert review.annotators() == ["anna", "ben", "tester"]  # tester: accepted suggestions
    comparison = review.compare("d1", PAIR)
    assert [i.kind for i in comparison.disagreements] == [Kind.ONLY, Kind.BOUNDARIES]
    assert len(comparison.agreements) == 2
    assert review.documents_with_disagreements(PAIR) == ["d1", "d3"]


def test_stepping_forward_and_back_across_documents(review: ReviewService):
    steps = []
    step = review.next_disagreement(PAIR)
    while step is not None:
        steps.append((step.doc_id, step.item.key))
        step = review.next_disagreement(PAIR, step.doc_id, step.item.key)
    assert [d for d, _ in steps] == ["d1", "d1", "d3", "d3"]
    back = []
    step = review.previous_disagreement(PAIR)
    while step is not None:
        back.append((step.doc_id, step.item.key))
        step = review.previous_disagreement(PAIR, step.doc_id, step.item.key)
    assert back == list(reversed(steps))


def test_adjudicate_undo_and_reopen(path: Path, review: ReviewService):
    step = review.next_disagreement(PAIR)
    after = review.adjudicate(step.doc_id, step.item.key, PAIR, ["anna"])
    assert after.item(step.item.key).resolved
    assert review.next_disagreement(PAIR, unresolved=True).item.key != step.item.key
    review.undo()
    assert not review.compare(step.doc_id, PAIR).item(step.item.key).resolved
    review.redo()
    added = review.accept_agreed("d1", PAIR)
    assert added == 2  # Merkel and the quotation; the speaker link comes along
    review.session.close()
    with Project.open(path) as project:
        gold = [x for x in project.spans("d1") if x.annotator == GOLD]
        assert sorted(x.label for x in gold) == ["LOC", "PER", "QUOTE"]
        assert all(x.attrs["adjudicated_by"] == "rita" for x in gold)
        assert [r.annotator for r in project.relations("d1")].count(GOLD) == 1
        assert project.edit_log(limit=1)[0].annotator == "rita"


def test_each_choice_through_the_service(review: ReviewService):
    item = next(i for i in review.disagreements("d3", PAIR) if i.kind is Kind.BOUNDARIES)
    for take, labels in ((["ben"], ["ORG"]), (["anna", "ben"], ["LOC", "ORG"]), ([], [])):
        after = review.adjudicate("d3", item.key, PAIR, take)
        gold = after.item(item.key).gold
        assert sorted(x.label for x in gold if x.status is Status.ACCEPTED) == labels
    after = review.adjudicate_spans("d3", item.key, PAIR, [(*at("Universität"), "ORG")])
    assert [(x.start, x.end) for x in after.item(item.key).gold] == [at("Universität")]


def test_accept_agreed_everywhere(review: ReviewService):
    assert review.accept_agreed_everywhere(PAIR) == 6  # two spans in d1, d2, d3
    assert review.accept_agreed_everywhere(PAIR) == 0
    entry = review.undo()  # one document at a time
    assert entry.command.doc_id == "d3"
    assert review.accept_agreed_everywhere(PAIR) == 2


def test_the_index_follows_edits(review: ReviewService):
    assert review.documents_with_disagreements(PAIR) == ["d1", "d3"]
    session = review.session
    record = session.document("d3")
    for span in [x for x in record.spans if x.annotator in PAIR and x.label in ("LOC", "ORG")]:
        session.apply(commands.remove_span(span, TEXT, ()))
    assert review.documents_with_disagreements(PAIR) == ["d1"]
    session.undo()
    assert review.documents_with_disagreements(PAIR) == ["d1", "d3"]


def test_agreement_over_the_project(review: ReviewService):
    report = review.agreement(PAIR)
    assert report.documents == 3  # d4: only anna
    assert report.overall.f1_exact == pytest.approx(2 * 6 / (10 + 8))
    assert {row.label for row in report.labels} == {"PER", "LOC", "ORG", "QUOTE"}
    assert report.pairs[0].same_speaker == 3


def test_suggestion_review(review: ReviewService):
    figures = {f.label: f for f in review.suggestion_review()}
    assert figures["LOC"].accepted == 1
    assert figures["LOC"].pending == 1
    assert figures["ORG"].corrected == 1  # Universität: replaced by Universität Hamburg
    assert figures["ORG"].rejected == 1  # Die


def test_stepping_checks_documents_a_chunk_at_a_time(review: ReviewService, monkeypatch):
    import annotator.services.review as module

    monkeypatch.setattr(module, "CHUNK", 1)
    found = []
    step = review.next_disagreement(PAIR)
    while step is not None:
        found.append(step.doc_id)
        step = review.next_disagreement(PAIR, step.doc_id, step.item.key)
    assert found == ["d1", "d1", "d3", "d3"]
    fresh = ReviewService(review.session)
    assert fresh.previous_disagreement(PAIR).doc_id == "d3"
    assert fresh.documents_with_disagreements(PAIR) == ["d1", "d3"]


def test_the_gold_layer_is_exported_like_any_layer(review: ReviewService, tmp_path: Path):
    from annotator.services.exporting import export_jsonl

    review.accept_agreed("d1", PAIR)
    out = tmp_path / "out.jsonl"
    export_jsonl(review._project, out)
    import json

    first = json.loads(out.read_text("utf-8").splitlines()[0])
    gold = [x for x in first["spans"] if x["annotator"] == GOLD]
    assert sorted(x["label"] for x in gold) == ["PER", "QUOTE"]
    assert next(x for x in gold if x["label"] == "QUOTE")["speaker"]["text"] == "Angela Merkel"
    assert all(x["attrs"]["adjudicated_by"] == "rita" for x in gold)


def test_a_stale_key_is_a_conflict(review: ReviewService):
    from annotator.core.errors import ConflictError

    with pytest.raises(ConflictError, match="changed since"):
        review.adjudicate("d1", "entity:0-1", PAIR, ["anna"])


def test_agreement_of_one_document(review: ReviewService):
    report = review.document_agreement("d2", PAIR)
    assert report.documents == 1
    assert report.overall.f1_exact == 1.0
    assert review.document_agreement("d1", PAIR).overall.f1_exact == pytest.approx(4 / 7)


def test_stepping_over_decided_documents_remembers_them(review: ReviewService):
    for item in review.disagreements("d1", PAIR):
        review.adjudicate("d1", item.key, PAIR, ["anna"])
    assert review.next_disagreement(PAIR, unresolved=True).doc_id == "d3"
    index = review._index
    assert index.settled == {index.place("d1")}
    assert review.next_disagreement(PAIR, unresolved=True).doc_id == "d3"
    review.undo()  # d1 has an undecided disagreement again
    assert review.next_disagreement(PAIR, unresolved=True).doc_id == "d1"


def test_agreement_reports_progress(review: ReviewService):
    heard = []
    review.agreement(PAIR, progress=lambda done, total: heard.append((done, total)))
    assert heard[-1] == (4, 4)
