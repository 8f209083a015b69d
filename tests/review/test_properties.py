"""Properties of the agreement figures on generated annotations (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import AnnotatedDocument, DocState, Document, DocumentState, Span, Status
from annotator.review.agreement import measure
from annotator.review.layers import review_document, review_rows
from annotator.review.tokens import tokenize
from tests.review.conftest import SCHEME, TEXT, document

TOKENS = tokenize(TEXT)
LABELS = ["PER", "LOC", "ORG", "QUOTE"]


@st.composite
def layers(draw):
    """Each annotator: spans on whole tokens, entities not overlapping one another."""
    made = {}
    for who in ("anna", "ben", "cem"):
        spans, used = [], set()
        for first in sorted(draw(st.sets(st.integers(0, len(TOKENS) - 1), max_size=6))):
            last = min(first + draw(st.integers(0, 2)), len(TOKENS) - 1)
            label = draw(st.sampled_from(LABELS))
            if label != "QUOTE" and used & set(range(first, last + 1)):
                continue
            if label != "QUOTE":
                used |= set(range(first, last + 1))
            spans.append(Span("d", TOKENS[first][0], TOKENS[last][1], label, who))
        made[who] = spans
    return made


FIGURES = ("f1_exact", "f1_overlap", "cohen_kappa", "fleiss_kappa", "alpha", "u_alpha")


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


@settings(max_examples=60, deadline=None)
@given(layers())
def test_the_order_of_annotators_does_not_matter(spans):
    doc = document(spans)
    forward = measure([doc], ("anna", "ben", "cem"), SCHEME)
    backward = measure([doc], ("cem", "ben", "anna"), SCHEME)
    for name in FIGURES:
        assert same(getattr(forward.overall, name), getattr(backward.overall, name)), name


@settings(max_examples=60, deadline=None)
@given(layers())
def test_agreeing_with_oneself_is_perfect_and_figures_stay_in_range(spans):
    doc = document(
        {"anna": spans["anna"], "ben": [s.changed(annotator="ben") for s in spans["anna"]]}
    )
    report = measure([doc], ("anna", "ben"), SCHEME)
    if spans["anna"]:
        assert report.overall.f1_exact == pytest.approx(1.0)
        assert report.overall.alpha == pytest.approx(1.0)
        assert report.overall.u_alpha == pytest.approx(1.0)
    other = measure([document(spans)], ("anna", "ben", "cem"), SCHEME)
    for name in ("f1_exact", "f1_overlap"):
        value = getattr(other.overall, name)
        assert math.isnan(value) or 0 <= value <= 1
    for name in ("cohen_kappa", "fleiss_kappa", "alpha", "u_alpha"):
        value = getattr(other.overall, name)
        assert math.isnan(value) or -1.0000001 <= value <= 1.0000001


def test_records_and_rows_give_the_same_document():
    spans = (
        Span("d", 0, 13, "PER", "anna", id="a"),
        Span("d", 0, 13, "PER", "ben", id="b", status=Status.PENDING),
        Span("d", 0, 6, "PER", "cem", id="c"),
    )
    states = (DocumentState("d", "ben", DocState.DONE), DocumentState("d", "cem", DocState.NEW))
    record = AnnotatedDocument(Document("d", TEXT), spans, (), states)
    from_record = review_document(record, ["anna", "ben", "cem"])
    assert {a: [s.id for s in v] for a, v in from_record.spans.items()} == {
        "anna": ["a"],
        "ben": [],
        "cem": ["c"],
    }
    rows = [("a", "anna", 0, 13, "PER"), ("c", "cem", 0, 6, "PER")]
    from_rows = review_rows(
        "d", TEXT, rows, [], [("ben", "done"), ("cem", "new")], ["anna", "ben", "cem"]
    )
    assert {a: [s.id for s in v] for a, v in from_rows.spans.items()} == {
        "anna": ["a"],
        "ben": [],
        "cem": ["c"],
    }
