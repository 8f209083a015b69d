"""Validation: what a span or relation must satisfy, and the messages a person reads."""

from __future__ import annotations

import pytest

from annotator.core.errors import ValidationError
from annotator.core.labels import LabelScheme
from annotator.core.model import Relation, Span, Status
from annotator.core.validation import (
    clash,
    overlap_problems,
    relation_problems,
    span_problems,
    validate_span,
)

from .conftest import DOC, OTHER_DOC, TEXT, at, make_scheme


def span(fragment: str, label: str = "PER", *, annotator: str = "ann", **fields) -> Span:
    start, end = at(fragment)
    return Span(DOC, start, end, label, annotator, **fields)


# One span on its own


def test_a_good_span_has_no_problems(scheme: LabelScheme):
    assert span_problems(span("Angela Merkel"), TEXT, scheme) == []
    validate_span(span("Angela Merkel"), TEXT, scheme)


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (80, len(TEXT) + 1), (0, 1000)])
def test_out_of_range(scheme: LabelScheme, start: int, end: int):
    problems = span_problems(Span(DOC, start, end, "PER", "ann"), TEXT, scheme)
    assert problems == [
        f"offsets {start}-{end} are out of range: the text has {len(TEXT)} characters"
    ]


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 3)])
def test_empty_or_reversed(scheme: LabelScheme, start: int, end: int):
    problems = span_problems(Span(DOC, start, end, "PER", "ann"), TEXT, scheme)
    assert problems == [f"span {start}-{end} is empty or reversed (start must be before end)"]


@pytest.mark.parametrize(("start", "end"), [(1.0, 5), (0, "5"), (True, 5), (None, 4)])
def test_offsets_must_be_whole_numbers(scheme: LabelScheme, start: object, end: object):
    bad = Span(DOC, start, end, "PER", "ann")  # type: ignore[arg-type]
    problems = span_problems(bad, TEXT, scheme)
    assert problems == [f"offsets must be whole numbers, got start={start!r} end={end!r}"]
    with pytest.raises(ValidationError, match="offsets must be whole numbers"):
        validate_span(bad, TEXT, scheme)


def test_unknown_label_lists_the_scheme_labels(scheme: LabelScheme):
    (problem,) = span_problems(span("Berlin", "GPE"), TEXT, scheme)
    assert problem == "unknown label 'GPE' (the scheme has: PER, LOC, ORG, CUE, QUOTE)"


def test_attribute_value_not_allowed(scheme: LabelScheme):
    quote = span("„Wir schaffen das.“", "QUOTE", attrs={"type": "Shouted"})
    (problem,) = span_problems(quote, TEXT, scheme)
    assert problem == "attribute 'type' has value 'Shouted'; allowed: Direct, Indirect"


def test_attribute_value_must_be_text(scheme: LabelScheme):
    quote = span("„Wir schaffen das.“", "QUOTE", attrs={"type": 1})
    assert span_problems(quote, TEXT, scheme) == ["attribute 'type' must be text, not int"]


def test_undeclared_attributes_are_kept_without_complaint(scheme: LabelScheme):
    quote = span("„Wir schaffen das.“", "QUOTE", attrs={"type": "Direct", "source": 3})
    assert span_problems(quote, TEXT, scheme) == []


def test_several_problems_are_all_reported(scheme: LabelScheme):
    problems = span_problems(Span(DOC, 3, 3, "GPE", "ann"), TEXT, scheme)
    assert len(problems) == 2


def test_validate_span_message_names_label_offsets_and_text(scheme: LabelScheme):
    quote = span("„Wir schaffen das.“", "QUOTE", attrs={"type": "Shouted"})
    with pytest.raises(ValidationError) as raised:
        validate_span(quote, TEXT, scheme)
    assert str(raised.value).startswith(f"QUOTE {quote.start}-{quote.end} '„Wir schaffen das.“': ")
    assert "allowed: Direct, Indirect" in str(raised.value)


def test_validate_span_out_of_range_does_not_quote_misleading_text(scheme: LabelScheme):
    with pytest.raises(ValidationError) as raised:
        validate_span(Span(DOC, -3, 4, "PER", "ann"), TEXT, scheme)
    message = str(raised.value)
    assert message.startswith("PER -3-4: offsets -3-4 are out of range")


# Overlaps


def test_same_label_may_not_overlap(scheme: LabelScheme):
    a = Span(DOC, 0, 13, "PER", "ann")  # "Angela Merkel"
    b = Span(DOC, 7, 19, "PER", "ann")  # "Merkel sagte"
    assert clash(a, b, scheme)
    with pytest.raises(ValidationError) as raised:
        validate_span(b, TEXT, scheme, [a])
    assert "overlaps PER 0-13 'Angela Merkel'; the scheme does not allow this overlap" in str(
        raised.value
    )


def test_same_label_may_not_nest_either(scheme: LabelScheme):
    outer = span("Universität Hamburg", "ORG")
    inner = span("Hamburg", "ORG")
    assert clash(outer, inner, scheme)


def test_identical_spans_of_one_label_clash(scheme: LabelScheme):
    assert clash(span("Berlin", "LOC"), span("Berlin", "LOC"), scheme)


def test_different_labels_may_not_cross(scheme: LabelScheme):
    a = span("Universität Hamburg", "ORG")
    b = span("Hamburg schwieg", "LOC")
    assert clash(a, b, scheme)
    assert clash(b, a, scheme)


def test_different_labels_may_nest_when_the_scheme_allows(scheme: LabelScheme):
    outer = span("Universität Hamburg", "ORG")
    inner = span("Hamburg", "LOC")
    assert not clash(outer, inner, scheme)
    assert not clash(inner, outer, scheme)
    validate_span(inner, TEXT, scheme, [outer])


def test_nesting_is_a_clash_when_the_scheme_forbids_it():
    strict = make_scheme(allow_nesting=False)
    assert clash(span("Universität Hamburg", "ORG"), span("Hamburg", "LOC"), strict)


def test_touching_spans_do_not_overlap(scheme: LabelScheme):
    a = Span(DOC, 0, 6, "PER", "ann")
    b = Span(DOC, 6, 13, "PER", "ann")
    assert not clash(a, b, scheme)


def test_entities_and_quotations_never_clash(scheme: LabelScheme):
    quote = Span(DOC, 14, 50, "QUOTE", "ann")  # crosses into "sagte in Berlin: „Wir..."
    person = span("Angela Merkel sagte", "PER")
    assert quote.overlaps(person)
    assert not clash(quote, person, scheme)


def test_quotations_clash_with_quotations(scheme: LabelScheme):
    assert clash(Span(DOC, 10, 40, "QUOTE", "ann"), Span(DOC, 30, 50, "QUOTE", "ann"), scheme)


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED])
def test_pending_and_rejected_spans_never_clash(scheme: LabelScheme, status: Status):
    accepted = span("Angela Merkel", "PER")
    proposal = span("Merkel sagte", "PER", status=status)
    assert not clash(accepted, proposal, scheme)
    assert not clash(proposal, accepted, scheme)
    validate_span(proposal, TEXT, scheme, [accepted])


def test_spans_of_different_annotators_never_clash(scheme: LabelScheme):
    mine = span("Angela Merkel", "PER", annotator="anna")
    theirs = span("Merkel sagte", "PER", annotator="ben")
    assert not clash(mine, theirs, scheme)


def test_spans_of_different_documents_never_clash(scheme: LabelScheme):
    here = Span(DOC, 0, 6, "PER", "ann")
    there = Span(OTHER_DOC, 0, 6, "PER", "ann")
    assert not clash(here, there, scheme)
    assert overlap_problems([here, there], scheme) == []


def test_labels_that_may_overlap_cross_anything(scheme: LabelScheme):
    cue = span("Merkel sagte", "CUE")
    assert not clash(cue, span("Angela Merkel", "PER"), scheme)
    assert not clash(cue, span("sagte in", "CUE"), scheme)


def test_a_span_does_not_clash_with_its_own_earlier_version(scheme: LabelScheme):
    before = span("Angela Merkel", "PER")
    after = Span(DOC, 7, 13, "PER", "ann", id=before.id)
    validate_span(after, TEXT, scheme, [before])


def test_overlap_problems_reports_each_forbidden_pair(scheme: LabelScheme):
    spans = [
        Span(DOC, 0, 13, "PER", "ann"),
        Span(DOC, 7, 19, "PER", "ann"),  # crosses the first
        Span(DOC, 0, 6, "LOC", "ann"),  # nested in the first, crosses the second? no: ends at 6
        Span(DOC, 7, 19, "PER", "ben"),  # another annotator
        Span(DOC, 0, 40, "QUOTE", "ann"),  # another kind
        Span(DOC, 8, 12, "PER", "ann", status=Status.PENDING),
    ]
    assert overlap_problems(spans, scheme) == [
        "PER 7-19 overlaps PER 0-13 (annotator 'ann'); the scheme does not allow this overlap"
    ]


def test_overlap_problems_finds_a_clash_after_a_long_span(scheme: LabelScheme):
    spans = [
        Span(DOC, 0, 80, "ORG", "ann"),
        Span(DOC, 2, 4, "PER", "ann"),  # nested: fine
        Span(DOC, 70, 85, "LOC", "ann"),  # crosses the end of ORG
    ]
    (problem,) = overlap_problems(spans, scheme)
    assert problem.startswith("LOC 70-85 overlaps ORG 0-80")


# Relations


@pytest.fixture
def quote_and_speaker() -> tuple[Span, Span]:
    return span("„Wir schaffen das.“", "QUOTE"), span("Angela Merkel", "PER")


def by_id(*spans: Span) -> dict[str, Span]:
    return {s.id: s for s in spans}


def test_a_speaker_relation_from_a_quotation_is_fine(scheme: LabelScheme, quote_and_speaker):
    quote, speaker = quote_and_speaker
    relation = Relation(DOC, quote.id, speaker.id, "ann")
    assert relation_problems(relation, by_id(quote, speaker), scheme) == []


def test_relation_to_a_missing_span(scheme: LabelScheme, quote_and_speaker):
    quote, _ = quote_and_speaker
    relation = Relation(DOC, quote.id, "gone", "ann")
    assert relation_problems(relation, by_id(quote), scheme) == [
        "speaker relation to span 'gone': no such span"
    ]


def test_relation_to_a_span_of_another_document(scheme: LabelScheme, quote_and_speaker):
    quote, _ = quote_and_speaker
    elsewhere = Span(OTHER_DOC, 0, 3, "PER", "ann")
    relation = Relation(DOC, quote.id, elsewhere.id, "ann")
    assert relation_problems(relation, by_id(quote, elsewhere), scheme) == [
        f"speaker relation to span {elsewhere.id!r} belongs to document {OTHER_DOC!r}, not {DOC!r}"
    ]


def test_relation_to_itself(scheme: LabelScheme, quote_and_speaker):
    quote, _ = quote_and_speaker
    relation = Relation(DOC, quote.id, quote.id, "ann")
    assert relation_problems(relation, by_id(quote), scheme) == [
        f"speaker relation links span {quote.id!r} to itself"
    ]


def test_speaker_relation_from_an_entity(scheme: LabelScheme, quote_and_speaker):
    _, speaker = quote_and_speaker
    place = span("Berlin", "LOC")
    relation = Relation(DOC, place.id, speaker.id, "ann")
    assert relation_problems(relation, by_id(place, speaker), scheme) == [
        "a speaker belongs to a quotation, not to a LOC span"
    ]


def test_other_relation_kinds_may_start_at_entities(scheme: LabelScheme, quote_and_speaker):
    _, speaker = quote_and_speaker
    place = span("Berlin", "LOC")
    relation = Relation(DOC, place.id, speaker.id, "ann", kind="located_in")
    assert relation_problems(relation, by_id(place, speaker), scheme) == []
