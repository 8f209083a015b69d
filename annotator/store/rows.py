"""Rows of the project tables <-> domain records."""

from __future__ import annotations

import json
from typing import Any

from annotator.core.model import (
    EMPTY_MAPPING,
    Document,
    DocumentState,
    Relation,
    Source,
    Span,
    Status,
)

SPAN_COLUMNS = (
    'id, doc_id, start, "end", label, annotator, source, model, status, attrs, comment, '
    "created, modified"
)
RELATION_COLUMNS = "id, doc_id, kind, head, tail, annotator, created"
STATE_COLUMNS = "doc_id, annotator, state, modified"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def span_row(span: Span) -> tuple:
    return (
        span.id,
        span.doc_id,
        span.start,
        span.end,
        span.label,
        span.annotator,
        span.source.value,
        span.model,
        span.status.value,
        dumps(dict(span.attrs)) if span.attrs else "{}",
        span.comment,
        span.created,
        span.modified,
    )


_SOURCES = {member.value: member for member in Source}
_STATUSES = {member.value: member for member in Status}


def span_from_row(row: tuple, shared: dict[str, str] | None = None) -> Span:
    """A span from its row; positional arguments and enum members looked up here, because
    this runs 20,000 times as a large document opens.

    Given `shared`, equal strings of many rows (document id, label, annotator, model, times)
    become one object: SQLite gives each row its own copies, 5 MB for 20,000 spans.
    """
    (span_id, doc_id, start, end, label, annotator, source, model, status, attrs, comment) = row[
        :11
    ]
    created, modified = row[11], row[12]
    if shared is not None:
        one = shared.setdefault
        doc_id, label, annotator = one(doc_id, doc_id), one(label, label), one(annotator, annotator)
        created, modified = one(created, created), one(modified, modified)
        if model is not None:
            model = one(model, model)
    return Span(
        doc_id,
        start,
        end,
        label,
        annotator,
        span_id,
        _SOURCES.get(source, source),
        model,
        _STATUSES.get(status, status),
        json.loads(attrs) if attrs != "{}" else EMPTY_MAPPING,
        comment,
        created,
        modified,
    )


def relation_row(relation: Relation) -> tuple:
    return (
        relation.id,
        relation.doc_id,
        relation.kind,
        relation.head,
        relation.tail,
        relation.annotator,
        relation.created,
    )


def relation_from_row(row: tuple) -> Relation:
    return Relation(
        id=row[0],
        doc_id=row[1],
        kind=row[2],
        head=row[3],
        tail=row[4],
        annotator=row[5],
        created=row[6],
    )


def state_row(state: DocumentState) -> tuple:
    return (state.doc_id, state.annotator, state.state.value, state.modified)


def state_from_row(row: tuple) -> DocumentState:
    return DocumentState(doc_id=row[0], annotator=row[1], state=row[2], modified=row[3])


def document_from_row(row: tuple) -> Document:
    """From (id, text, meta)."""
    return Document(id=row[0], text=row[1], meta=json.loads(row[2]))
