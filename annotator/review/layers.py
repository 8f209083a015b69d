"""What the review compares: each annotator's accepted spans of a document, by layer.

A span counts as an annotator's annotation when it is accepted (pending suggestions and
rejected spans do not). An annotator "worked on" a document when they have an accepted span
in it or marked it in progress or done; documents someone has not worked on are missing data
for them, not "no entities".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import SPEAKER, AnnotatedDocument, DocState, Relation, Span, Status

GOLD = "gold"
"""The annotator name of the adjudicated layer."""

_WORKING = frozenset({DocState.IN_PROGRESS, DocState.DONE})


class Mark(NamedTuple):
    """A span as agreement sees it: what `Span` has, without the rest (made by the 100,000)."""

    id: str
    annotator: str
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class ReviewDocument:
    doc_id: str
    text: str
    spans: Mapping[str, tuple[Span | Mark, ...]]
    """Accepted spans by annotator, for the annotators who worked on the document only."""
    speakers: Mapping[str, str]
    """{quotation span id: speaker span id} of the spans above."""

    @property
    def annotators(self) -> list[str]:
        return list(self.spans)


def review_document(record: AnnotatedDocument, annotators: Sequence[str]) -> ReviewDocument:
    wanted = set(annotators)
    by_annotator: dict[str, list[Span]] = {}
    for span in record.spans:
        if span.annotator in wanted and span.status is Status.ACCEPTED:
            by_annotator.setdefault(span.annotator, []).append(span)
    for state in record.states:
        if state.annotator in wanted and state.state in _WORKING:
            by_annotator.setdefault(state.annotator, [])
    ordered = {a: tuple(by_annotator[a]) for a in annotators if a in by_annotator}
    return ReviewDocument(
        doc_id=record.document.id,
        text=record.document.text,
        spans=ordered,
        speakers=speaker_map(record.relations),
    )


def review_rows(
    doc_id: str,
    text: str,
    spans: Iterable[tuple[str, str, int, int, str]],
    links: Iterable[tuple[str, str]],
    states: Iterable[tuple[str, str]],
    annotators: Sequence[str],
) -> ReviewDocument:
    """`review_document` from plain rows: spans (id, annotator, start, end, label) already
    accepted ones of the annotators, speaker links (head, tail), states (annotator, state)."""
    by_annotator: dict[str, list[Mark]] = {}
    for row in spans:
        by_annotator.setdefault(row[1], []).append(Mark._make(row))
    for annotator, state in states:
        if state in _WORKING:
            by_annotator.setdefault(annotator, [])
    ordered = {a: tuple(by_annotator[a]) for a in annotators if a in by_annotator}
    return ReviewDocument(doc_id=doc_id, text=text, spans=ordered, speakers=dict(links))


def speaker_map(relations: Iterable[Relation]) -> dict[str, str]:
    return {r.head: r.tail for r in relations if r.kind == SPEAKER}


def layer_of(label: str, scheme: LabelScheme) -> LabelKind:
    """Entities and quotations are separate layers (an entity inside a quotation is normal)."""
    found = scheme.get(label)
    return found.kind if found is not None else LabelKind.ENTITY


__all__ = [
    "GOLD",
    "Mark",
    "ReviewDocument",
    "layer_of",
    "review_document",
    "review_rows",
    "speaker_map",
]
