"""Adjudication commands on an in-memory project: each choice, speakers, undo."""

from __future__ import annotations

import pytest

from annotator.core.memory import MemoryProject, memory_history
from annotator.core.model import Document, Relation, Status
from annotator.review.adjudication import (
    DECIDED_BY,
    DECIDED_FROM,
    Proposal,
    accept_agreed,
    decide,
    decide_spans,
)
from annotator.review.compare import Kind, compare
from annotator.review.layers import GOLD
from tests.review.conftest import SCHEME, TEXT, at, span

ANNA, BEN = "anna", "ben"


@pytest.fixture
def world():
    project = MemoryProject(SCHEME, [Document("d", TEXT)])
    spans = [
        span(ANNA, "Angela Merkel", "PER"),
        span(BEN, "Angela Merkel", "PER"),
        span(ANNA, "Berlin", "LOC"),
        span(ANNA, "Universität Hamburg", "ORG"),
        span(BEN, "Hamburg", "LOC"),
        span(ANNA, "„Wir schaffen das.“", "QUOTE"),
        span(BEN, "„Wir schaffen das.“", "QUOTE"),
    ]
    for s in spans:
        project.put_span(s)
    for who in (ANNA, BEN):
        project.put_relation(
            Relation("d", f"{who}:„Wir schaffen das.“:QUOTE", f"{who}:Angela Merkel:PER", who)
        )
    return project, memory_history(project)


def state(project):
    spans = list(project.spans.values())
    gold = [s for s in spans if s.annotator == GOLD]
    comparison = compare(
        "d",
        spans,
        {r.head: r.tail for r in project.relations.values()},
        [ANNA, BEN],
        SCHEME,
        gold=gold,
    )
    context = {
        "text": TEXT,
        "decided_by": "rita",
        "gold": gold,
        "relations": list(project.relations.values()),
    }
    return comparison, context, {s.id: s for s in spans}


def gold_of(project):
    return sorted(
        (s.start, s.end, s.label, s.status) for s in project.spans.values() if s.annotator == GOLD
    )


def test_accept_agreed_copies_spans_and_speaker_in_one_undoable_edit(world):
    project, history = world
    comparison, context, by_id = state(project)
    before = project.snapshot()
    history.do(accept_agreed(comparison, spans_by_id=by_id, **context), "rita")
    assert gold_of(project) == sorted(
        [
            (*at("Angela Merkel"), "PER", Status.ACCEPTED),
            (*at("„Wir schaffen das.“"), "QUOTE", Status.ACCEPTED),
        ]
    )
    gold_links = [r for r in project.relations.values() if r.annotator == GOLD]
    assert len(gold_links) == 1
    assert project.spans[gold_links[0].tail].label == "PER"
    merkel = next(s for s in project.spans.values() if s.annotator == GOLD and s.label == "PER")
    assert merkel.attrs[DECIDED_BY] == "rita"
    assert merkel.attrs[DECIDED_FROM] == "anna+ben"
    comparison, context, by_id = state(project)
    assert accept_agreed(comparison, spans_by_id=by_id, **context) is None  # nothing left
    history.undo("rita")
    assert project.snapshot() == before


@pytest.mark.parametrize(
    ("take", "expected"),
    [
        ([ANNA], [("Universität Hamburg", "ORG")]),
        ([BEN], [("Hamburg", "LOC")]),
        ([ANNA, BEN], [("Universität Hamburg", "ORG"), ("Hamburg", "LOC")]),
    ],
)
def test_take_a_version(world, take, expected):
    project, history = world
    comparison, context, by_id = state(project)
    item = next(i for i in comparison.items if i.kind is Kind.BOUNDARIES)
    history.do(decide(item, take, spans_by_id=by_id, **context), "rita")
    assert gold_of(project) == sorted((*at(f), label, Status.ACCEPTED) for f, label in expected)
    comparison, *_ = state(project)
    assert comparison.item(item.key).resolved


def test_neither_records_the_decision_and_another_choice_replaces_it(world):
    project, history = world
    comparison, context, by_id = state(project)
    item = next(i for i in comparison.items if i.kind is Kind.ONLY)
    history.do(decide(item, [], spans_by_id=by_id, **context), "rita")
    assert gold_of(project) == [(*at("Berlin"), "LOC", Status.REJECTED)]
    comparison, context, by_id = state(project)
    item = comparison.item(item.key)
    assert item.resolved
    history.do(decide(item, [ANNA], spans_by_id=by_id, **context), "rita")
    assert gold_of(project) == [(*at("Berlin"), "LOC", Status.ACCEPTED)]
    history.undo("rita")
    assert gold_of(project) == [(*at("Berlin"), "LOC", Status.REJECTED)]


def test_taking_a_quotation_brings_its_speaker(world):
    project, history = world
    project.delete_relation(next(r.id for r in project.relations.values() if r.annotator == BEN))
    comparison, context, by_id = state(project)
    item = next(i for i in comparison.items if i.kind is Kind.SPEAKER)
    history.do(decide(item, [ANNA], spans_by_id=by_id, **context), "rita")
    assert gold_of(project) == sorted(
        [
            (*at("Angela Merkel"), "PER", Status.ACCEPTED),
            (*at("„Wir schaffen das.“"), "QUOTE", Status.ACCEPTED),
        ]
    )
    assert sum(r.annotator == GOLD for r in project.relations.values()) == 1


def test_an_edited_version(world):
    project, history = world
    comparison, context, _ = state(project)
    item = next(i for i in comparison.items if i.kind is Kind.BOUNDARIES)
    proposal = Proposal(*at("Universität"), "ORG")
    history.do(decide_spans(item, [proposal], doc_id="d", **context), "rita")
    assert gold_of(project) == [(*at("Universität"), "ORG", Status.ACCEPTED)]


def test_unknown_annotator_is_refused(world):
    project, _ = world
    comparison, context, by_id = state(project)
    with pytest.raises(ValueError, match="cem"):
        decide(comparison.items[0], ["cem"], spans_by_id=by_id, **context)
