"""Counting what a format cannot carry, in the words every writer's report uses."""

from __future__ import annotations

from annotator.core.model import AnnotatedDocument
from annotator.formats.protocol import Loss, WriteReport

SPEAKER_LINKS = "speaker links"
ATTRIBUTES = "span attributes (e.g. quotation type)"
COMMENTS = "span comments"
STATES = "document states"
MISALIGNED_SKIPPED = "spans off token boundaries, left out (--misaligned skip)"
MISALIGNED_SNAPPED = "spans off token boundaries, widened to whole tokens (--misaligned snap)"
SNAP_CLASHES = (
    "spans off token boundaries that would overlap another of their label once snapped, left out"
)
DUPLICATES = "spans with the same offsets and label as another (e.g. two annotators'), written once"
OVERLAPS = "spans overlapping another span (one label a token), left out"
META = "document meta (titles, sources)"


def report_uncarried(
    record: AnnotatedDocument,
    report: WriteReport,
    *,
    speakers: bool = False,
    attributes: bool = False,
    comments: bool = False,
    states: bool = False,
    meta: bool = True,
) -> None:
    """Count, for one document, the kinds of annotation the format does not carry (the
    keyword arguments say which it does carry)."""
    doc_id = record.document.id
    text = record.document.text
    if not speakers and record.relations:
        head = next((s for s in record.spans if s.id == record.relations[0].head), None)
        example = Loss(doc_id, head.id, head.label, text[head.start : head.end]) if head else None
        report.lose(SPEAKER_LINKS, len(record.relations), example)
    if not attributes or not comments:
        for span in record.spans:
            if not attributes and span.attrs:
                report.lose(ATTRIBUTES, 1, Loss(doc_id, span.id, span.label, str(dict(span.attrs))))
            if not comments and span.comment:
                report.lose(COMMENTS, 1, Loss(doc_id, span.id, span.label, span.comment))
    if not states and record.states:
        report.lose(STATES, len(record.states), Loss(doc_id))
    if not meta and record.document.meta:
        report.lose(META, 1, Loss(doc_id))
