"""Disagreements of one document: each kind, stable keys, agreement."""

from __future__ import annotations

from annotator.core.model import Span, Status
from annotator.review.compare import Kind, compare
from tests.review.conftest import SCHEME, span

ANNA, BEN = "anna", "ben"


def kinds(comparison) -> dict[str, Kind]:
    return {item.key: item.kind for item in comparison.items}


def test_each_kind_of_disagreement():
    quote_a = span(ANNA, "„Wir schaffen das.“", "QUOTE")
    quote_b = span(BEN, "„Wir schaffen das.“", "QUOTE")
    merkel_a, merkel_b = span(ANNA, "Angela Merkel", "PER"), span(BEN, "Angela Merkel", "PER")
    spans = [
        merkel_a,
        merkel_b,
        span(ANNA, "Berlin", "LOC"),  # only anna
        span(ANNA, "Universität Hamburg", "ORG"),  # boundaries
        span(BEN, "Hamburg", "ORG"),
        span(ANNA, "Die", "MISC"),
        span(BEN, "Die", "ORG"),  # label
        quote_a,
        quote_b,
    ]
    speakers = {quote_a.id: merkel_a.id}  # ben linked no speaker
    found = compare("d", spans, speakers, [ANNA, BEN], SCHEME)
    by_kind = {item.kind: item for item in found.items}
    assert set(by_kind) == set(Kind)
    assert by_kind[Kind.AGREED].versions[BEN] == (merkel_b,)
    assert by_kind[Kind.ONLY].only() == [ANNA]
    assert by_kind[Kind.BOUNDARIES].versions[BEN][0].label == "ORG"
    assert by_kind[Kind.SPEAKER].speakers == {ANNA: (merkel_a.start, merkel_a.end), BEN: None}
    assert len(found.disagreements) == 4
    assert [i.start for i in found.items] == sorted(i.start for i in found.items)


def test_keys_stay_while_the_spans_stay_and_gold_marks_resolution():
    spans = [span(ANNA, "Berlin", "LOC"), span(BEN, "Merkel", "PER")]
    first = compare("d", spans, {}, [ANNA, BEN], SCHEME)
    gold = [Span("d", spans[0].start, spans[0].end, "LOC", "gold", status=Status.REJECTED)]
    again = compare("d", spans, {}, [ANNA, BEN], SCHEME, gold=gold)
    assert kinds(first) == kinds(again)
    assert [i.resolved for i in again.items] == [False, True]


def test_pending_suggestions_and_other_annotators_are_not_compared():
    suggestion = Span("d", 0, 6, "PER", ANNA, status=Status.PENDING)
    other = span("cem", "Berlin", "LOC")
    assert compare("d", [suggestion, other], {}, [ANNA, BEN], SCHEME).items == ()


def test_entities_and_quotations_are_separate_layers():
    spans = [span(ANNA, "„Wir schaffen das.“", "QUOTE"), span(BEN, "Wir", "PER")]
    found = compare("d", spans, {}, [ANNA, BEN], SCHEME)
    assert sorted(i.key.split(":")[0] for i in found.items) == ["entity", "quotation"]
    assert all(i.kind is Kind.ONLY for i in found.items)
