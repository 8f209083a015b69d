"""What of a document's suggestions is new, as one edit: the rules of `suggesting`.

A suggestion is left out where the document already has a span of the same kind over it (a
person's, or a suggestion made before: running twice adds nothing twice), and where a person
rejected the same span (same offsets and label) before. A quotation's speaker is a span there
already, else a new suggestion; the spans and the speaker links are one edit per document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from annotator.core import commands
from annotator.core.clock import now
from annotator.core.commands import Batch, Command, RelationChange
from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import (
    EMPTY_MAPPING,
    SPEAKER,
    AnnotatedDocument,
    Relation,
    Source,
    Span,
    Status,
)

if TYPE_CHECKING:
    from annotator.nlp.suggesting import TextSuggestions

ONTONOTES = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
"""English spaCy pipelines' labels, for a scheme that has only PER, LOC, ORG, MISC."""


@dataclass(slots=True)
class SuggestionCounts:
    documents: int = 0
    entities: int = 0
    quotations: int = 0
    speakers: int = 0
    left_out: int = 0
    """Suggestions not stored: already there, or rejected before."""
    changed: list[str] = field(default_factory=list)
    """Documents that received suggestions."""

    def __str__(self) -> str:
        text = (
            f"{self.documents:,} document(s): {self.entities:,} entity and "
            f"{self.quotations:,} quotation suggestion(s), {self.speakers:,} speaker link(s)"
        )
        if self.left_out:
            text += f"; {self.left_out:,} left out (there already, or rejected before)"
        return text


def plan_suggestions(
    record: AnnotatedDocument,
    suggestions: TextSuggestions,
    *,
    scheme: LabelScheme,
    annotator: str,
    model: str,
    counts: SuggestionCounts | None = None,
) -> Command | None:
    """The edit that adds what is new of `suggestions` to the document, or None."""
    counts = counts if counts is not None else SuggestionCounts()
    plan = _Plan(record, scheme, annotator, model)
    for start, end, label in suggestions.entities:
        name = scheme_label(label, scheme)
        if name is None:
            continue
        if plan.add(start, end, name) is None:
            counts.left_out += 1
        else:
            counts.entities += 1
    quote_label = _quotation_label(scheme)
    for quotation in suggestions.quotations if quote_label else ():
        speaker = None
        if quotation.speaker is not None:
            speaker = plan.speaker(quotation.speaker.start, quotation.speaker.end)
        for start, end in quotation.quotation.parts:
            span = plan.add(start, end, quote_label)
            if span is None:
                counts.left_out += 1
                continue
            counts.quotations += 1
            if speaker is not None:
                plan.link(span, speaker)
                counts.speakers += 1
    return plan.command()


class _Plan:
    """What is new of one document's suggestions: spans checked against those standing (and
    those planned before them) of the same kind, the speaker links, then one edit."""

    def __init__(self, record: AnnotatedDocument, scheme: LabelScheme, annotator: str, model: str):
        self.doc_id = record.document.id
        self.text = record.document.text
        self.scheme = scheme
        self.annotator = annotator
        self.model = model
        self.created = now()
        """One time for the edit's spans (they are made together): not a clock read each."""
        self._kinds = {label.name: label.kind for label in scheme.labels}
        self._attrs: dict[str, Mapping[str, Any]] = {}
        self.by_kind: dict[LabelKind | None, list[Span]] = {}
        """Standing spans, then new ones, of each kind, in that order."""
        self.rejected: set[tuple[int, int, str]] = set()
        for span in record.spans:
            if span.status is Status.REJECTED:
                self.rejected.add((span.start, span.end, span.label))
            else:
                self.by_kind.setdefault(self._kinds.get(span.label), []).append(span)
        self.new_spans: list[Span] = []
        self.new_links: list[Relation] = []

    def add(self, start: int, end: int, label: str) -> Span | None:
        if (start, end, label) in self.rejected or not 0 <= start < end <= len(self.text):
            return None
        same_kind = self.by_kind.setdefault(self._kinds.get(label), [])
        for span in same_kind:
            if span.start < end and start < span.end:
                return None
        span = Span(
            doc_id=self.doc_id,
            start=start,
            end=end,
            label=label,
            annotator=self.annotator,
            source=Source.MODEL,
            model=self.model,
            status=Status.PENDING,
            attrs=self._defaults(label),
            created=self.created,
        )
        same_kind.append(span)
        self.new_spans.append(span)
        return span

    def _defaults(self, label: str) -> Mapping[str, Any]:
        found = self._attrs.get(label)
        if found is None:
            # Read-only, so one mapping serves every new span of the label.
            found = self._attrs[label] = MappingProxyType(self.scheme.attribute_defaults(label))
        return found or EMPTY_MAPPING

    def speaker(self, start: int, end: int) -> Span | None:
        """The span to link as speaker: one standing there already, else a new suggestion."""
        label = self.scheme.speaker_label
        if (start, end, label) in self.rejected or label not in self._kinds:
            return None
        candidates = [s for s in self.by_kind.get(self._kinds[label], ()) if s.label == label]
        for span in candidates:
            if span.start == start and span.end == end:
                return span
        for span in candidates:
            if span.start < end and start < span.end:
                return span
        return self.add(start, end, label)

    def link(self, quotation: Span, speaker: Span) -> None:
        self.new_links.append(
            Relation(
                doc_id=self.doc_id,
                head=quotation.id,
                tail=speaker.id,
                annotator=self.annotator,
                kind=SPEAKER,
            )
        )

    def command(self) -> Command | None:
        if not self.new_spans:
            return None
        description = f"Suggest {len(self.new_spans)} span(s) ({self.model})"
        parts: list[Command] = [commands.add_span(s, self.text) for s in self.new_spans]
        parts += [RelationChange(None, r, description) for r in self.new_links]
        return Batch(tuple(parts), description)


def scheme_label(label: str, scheme: LabelScheme) -> str | None:
    """The scheme's entity label for a model's label (OntoNotes names mapped), or None."""
    for name in (label, ONTONOTES.get(label)):
        found = scheme.get(name) if name else None
        if found is not None and found.kind is LabelKind.ENTITY:
            return name
    return None


def _quotation_label(scheme: LabelScheme) -> str | None:
    labels = [lb.name for lb in scheme.labels if lb.kind is LabelKind.QUOTATION]
    return "QUOTE" if "QUOTE" in labels else (labels[0] if labels else None)


__all__ = ["ONTONOTES", "SuggestionCounts", "plan_suggestions", "scheme_label"]
