"""Checks that spans and relations fit their text and their label scheme.

Each check returns messages precise enough to act on: which span, which offsets, what is wrong.
Callers add where the record came from (file and line) before they show them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from annotator.core.errors import ValidationError
from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import Relation, Span, Status


def span_problems(span: Span, text: str, scheme: LabelScheme) -> list[str]:
    """What is wrong with one span on its own (offsets, label, attributes).

    Attributes the label declares must have allowed values; others are kept as they are.
    """
    problems: list[str] = []
    start, end = span.start, span.end
    if type(start) is not int or type(end) is not int:
        return [f"offsets must be whole numbers, got start={start!r} end={end!r}"]
    if start < 0 or end > len(text):
        problems.append(
            f"offsets {start}-{end} are out of range: the text has {len(text)} characters"
        )
    elif start >= end:
        problems.append(f"span {start}-{end} is empty or reversed (start must be before end)")
    label = scheme.get(span.label)
    if label is None:
        known = ", ".join(scheme.names) or "none"
        problems.append(f"unknown label {span.label!r} (the scheme has: {known})")
    else:
        for name, value in span.attrs.items():
            spec = label.attribute(name)
            if spec is not None and (reason := spec.check(value)):
                problems.append(reason)
    return problems


def overlap_problems(spans: Iterable[Span], scheme: LabelScheme) -> list[str]:
    """Overlaps the scheme forbids, see `clash`."""
    groups: dict[tuple[str, str, LabelKind], list[Span]] = defaultdict(list)
    for span in spans:
        if _guarded(span, scheme):
            groups[span.doc_id, span.annotator, scheme.label(span.label).kind].append(span)
    problems: list[str] = []
    for group in groups.values():
        group.sort(key=lambda s: (s.start, -s.end))
        active: list[Span] = []  # spans that start before the current one and reach past it
        for span in group:
            active = [a for a in active if a.end > span.start]
            problems.extend(
                f"{span.label} {span.start}-{span.end} overlaps {other.label} "
                f"{other.start}-{other.end} (annotator {span.annotator!r}); "
                "the scheme does not allow this overlap"
                for other in active
                if clash(span, other, scheme)
            )
            active.append(span)
    return problems


def clash(a: Span, b: Span, scheme: LabelScheme) -> bool:
    """Whether two spans may not both stand.

    Only accepted spans of one annotator in one document clash: pending suggestions and
    rejected spans are proposals, not annotations. Entities do not clash with quotations (an
    entity inside a quotation is normal). Two spans of the same kind clash when they overlap,
    unless a label allows overlap or the scheme allows nesting and one lies wholly inside the
    other with a different label ("Universität [Hamburg]").
    """
    if a.doc_id != b.doc_id or a.annotator != b.annotator or not a.overlaps(b):
        return False
    if not (_guarded(a, scheme) and _guarded(b, scheme)):
        return False
    if scheme.label(a.label).kind is not scheme.label(b.label).kind:
        return False
    nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return not (nested and a.label != b.label and scheme.allow_nesting)


def relation_problems(
    relation: Relation, spans_by_id: Mapping[str, Span], scheme: LabelScheme
) -> list[str]:
    head = spans_by_id.get(relation.head)
    tail = spans_by_id.get(relation.tail)
    problems = []
    for role, span_id, span in (("from", relation.head, head), ("to", relation.tail, tail)):
        if span is None:
            problems.append(f"{relation.kind} relation {role} span {span_id!r}: no such span")
        elif span.doc_id != relation.doc_id:
            problems.append(
                f"{relation.kind} relation {role} span {span_id!r} belongs to document "
                f"{span.doc_id!r}, not {relation.doc_id!r}"
            )
    if head is not None and tail is not None and head.id == tail.id:
        problems.append(f"{relation.kind} relation links span {head.id!r} to itself")
    if head is not None and relation.kind == "speaker":
        label = scheme.get(head.label)
        if label is not None and label.kind is not LabelKind.QUOTATION:
            problems.append(f"a speaker belongs to a quotation, not to a {head.label} span")
    return problems


def validate_span(span: Span, text: str, scheme: LabelScheme, others: Iterable[Span] = ()) -> None:
    """Raise ValidationError unless `span` fits its text, the scheme and the other spans."""
    problems = span_problems(span, text, scheme)
    if not problems:
        for other in others:
            if other.id != span.id and clash(span, other, scheme):
                problems.append(
                    f"overlaps {other.label} {other.start}-{other.end} "
                    f"{other.text_in(text)!r}; the scheme does not allow this overlap"
                )
                break
    if problems:
        where = f"{span.label} {span.start}-{span.end}"
        if _in_range(span, text):
            where += f" {span.text_in(text)!r}"
        raise ValidationError(f"{where}: " + "; ".join(problems))


def _in_range(span: Span, text: str) -> bool:
    """Whether the span's offsets are whole numbers that pick a stretch of `text`."""
    start, end = span.start, span.end
    return type(start) is int and type(end) is int and 0 <= start < end <= len(text)


def _guarded(span: Span, scheme: LabelScheme) -> bool:
    """Whether the span takes part in overlap checks at all."""
    label = scheme.get(span.label)
    return span.status is Status.ACCEPTED and label is not None and not label.may_overlap
