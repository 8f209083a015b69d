"""Read-only queries the review needs: annotators' layers, documents with disagreements, what
changed since, how model suggestions fared.

"Has a disagreement" is decided in SQL, from the spans' offsets and labels alone: a document
has one when some (start, end, label) of an accepted span is not held exactly once by every
compared annotator, or some quotation's speaker is not. That is exactly when
`review.compare` finds an item that is not agreed, and it runs on the indexes without making
a single Python object per span.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from annotator.core.model import AnnotatedDocument
from annotator.store.bulk import _by_document, _marks, document_batches
from annotator.store.project import Project
from annotator.store.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATE_COLUMNS,
    document_from_row,
    relation_from_row,
    span_from_row,
    state_from_row,
)

_WORKING = "('in_progress', 'done')"
LeanDocument = tuple[str, str, list[tuple], list[tuple[str, str]], list[tuple[str, str]]]
"""(doc id, text, spans as (id, annotator, start, end, label), speaker links as (head, tail),
states as (annotator, state))."""


def layers(
    project: Project, annotators: Sequence[str], *, batch: int = 1000
) -> Iterator[AnnotatedDocument]:
    """Every document with the accepted spans and the states of `annotators` only, and the
    speaker links between those spans (streaming, in library order)."""
    db = project.db
    names = list(annotators)
    who = _marks(len(names))

    def read(ids: list[str]) -> tuple[dict, dict, dict]:
        docs = _marks(len(ids))
        spans = _by_document(
            db,
            f"SELECT {SPAN_COLUMNS} FROM spans"
            f" WHERE doc_id IN ({docs}) AND annotator IN ({who}) AND status = 'accepted'",
            [*ids, *names],
            span_from_row,
            doc_column=1,
        )
        # All the documents' links, kept below where they start at a span read above
        # (joining spans here makes SQLite walk every span of the annotators).
        relations = _by_document(
            db,
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id IN ({docs})",
            ids,
            relation_from_row,
            doc_column=1,
        )
        states = _by_document(
            db,
            f"SELECT {STATE_COLUMNS} FROM doc_states WHERE doc_id IN ({docs})"
            f" AND annotator IN ({who})",
            [*ids, *names],
            state_from_row,
            doc_column=0,
        )
        return spans, relations, states

    for rows, (spans, relations, states) in document_batches(db, "id, text, meta", batch, read):
        for _, doc_id, text, meta in rows:
            own = spans.get(doc_id, ())
            heads = {s.id for s in own}
            yield AnnotatedDocument(
                document=document_from_row((doc_id, text, meta)),
                spans=tuple(own),
                relations=tuple(r for r in relations.get(doc_id, ()) if r.head in heads),
                states=tuple(states.get(doc_id, ())),
            )


def lean_layers(
    project: Project, annotators: Sequence[str], *, batch: int = 1000
) -> Iterator[LeanDocument]:
    """`layers` as plain rows: what agreement needs, without a record object per span (which
    would take most of the time on a large project)."""
    db = project.db
    names = list(annotators)
    who = _marks(len(names))

    def read(ids: list[str]) -> tuple[dict, dict, dict]:
        docs = _marks(len(ids))
        spans = _grouped(
            db,
            'SELECT doc_id, id, annotator, start, "end", label FROM spans'
            f" WHERE doc_id IN ({docs}) AND annotator IN ({who}) AND status = 'accepted'",
            [*ids, *names],
        )
        relations = _grouped(
            db,
            f"SELECT doc_id, head, tail FROM relations WHERE doc_id IN ({docs})"
            " AND kind = 'speaker'",
            ids,
        )
        states = _grouped(
            db,
            "SELECT doc_id, annotator, state FROM doc_states"
            f" WHERE doc_id IN ({docs}) AND annotator IN ({who})",
            [*ids, *names],
        )
        return spans, relations, states

    for rows, (spans, relations, states) in document_batches(db, "id, text", batch, read):
        for _, doc_id, text in rows:
            yield (
                doc_id,
                text,
                spans.get(doc_id, []),
                relations.get(doc_id, []),
                states.get(doc_id, []),
            )


def _grouped(db, sql: str, params: list) -> dict[str, list[tuple]]:
    """The rows a query finds, without their first column (the document id), by it."""
    grouped: dict[str, list[tuple]] = {}
    for row in db.execute(sql, params).fetchall():
        grouped.setdefault(row[0], []).append(row[1:])
    return grouped


def annotators_who_worked(project: Project) -> list[str]:
    """Everyone with an accepted span or a document in progress or done, by name."""
    db = project.db
    # The names, one index seek each (DISTINCT would read every span's index entry).
    names = [
        row[0]
        for row in db.execute(
            "WITH RECURSIVE names(name) AS (SELECT min(annotator) FROM spans"
            " UNION ALL SELECT (SELECT min(annotator) FROM spans WHERE annotator > name)"
            " FROM names WHERE name IS NOT NULL) SELECT name FROM names WHERE name IS NOT NULL"
        ).fetchall()
    ]
    found = {
        name
        for name in names
        if db.execute(
            "SELECT 1 FROM spans WHERE annotator = ? AND status = 'accepted' LIMIT 1", [name]
        ).fetchone()
    }
    found.update(
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT annotator FROM doc_states WHERE state IN {_WORKING}"
        ).fetchall()
    )
    return sorted(found)


def last_position(project: Project) -> int:
    """The highest library position (`documents.seq`); 0 for an empty project."""
    return project.db.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]


def position(project: Project, doc_id: str) -> int | None:
    row = project.db.execute("SELECT seq FROM documents WHERE id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def documents_between(project: Project, first: int, last: int) -> list[tuple[int, str]]:
    """(position, id) of the documents at positions first..last."""
    return project.db.execute(
        "SELECT seq, id FROM documents WHERE seq BETWEEN ? AND ? ORDER BY seq", [first, last]
    ).fetchall()


def document_order(project: Project) -> list[str]:
    """The ids of all documents in library order."""
    return [row[0] for row in project.db.execute("SELECT id FROM documents ORDER BY seq")]


def worked_on_by_all(
    project: Project, annotators: Sequence[str], doc_ids: Sequence[str] | None = None
) -> set[str]:
    """Documents (of `doc_ids`, else all) every one of `annotators` has an accepted span in or
    marked in progress or done."""
    found: set[str] | None = None
    for name in annotators:
        ids: set[str] = set()
        for where, params in _chunks(doc_ids):
            rows = project.db.execute(
                "SELECT DISTINCT doc_id FROM spans WHERE annotator = ? AND status = 'accepted'"
                f"{where} UNION SELECT doc_id FROM doc_states WHERE annotator = ?"
                f" AND state IN {_WORKING}{where}",
                [name, *params, name, *params],
            ).fetchall()
            ids.update(row[0] for row in rows)
        found = ids if found is None else found & ids
    return found or set()


def _chunks(doc_ids: Sequence[str] | None) -> Iterator[tuple[str, list[str]]]:
    """(" AND doc_id IN (?, ...)", ids) for slices of `doc_ids`; no condition for None."""
    if doc_ids is None:
        yield "", []
        return
    ids = list(doc_ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        yield f" AND doc_id IN ({_marks(len(chunk))})", chunk


def disagreeing(
    project: Project, annotators: Sequence[str], doc_ids: Sequence[str] | None = None
) -> set[str]:
    """The documents (of `doc_ids`, else all) where the annotators' layers differ."""
    names = list(annotators)
    who, count = _marks(len(names)), len(names)
    found: set[str] = set()
    for where, params in _chunks(doc_ids):
        rows = project.db.execute(
            "SELECT DISTINCT doc_id FROM (SELECT doc_id, count(*) AS n,"
            " count(DISTINCT annotator) AS people FROM spans"
            f" WHERE annotator IN ({who}) AND status = 'accepted'{where}"
            ' GROUP BY doc_id, start, "end", label) WHERE n != ? OR people != ?',
            [*names, *params, count, count],
        ).fetchall()
        found.update(row[0] for row in rows)
        where = where.replace("doc_id", "r.doc_id")
        rows = project.db.execute(
            "SELECT DISTINCT doc_id FROM (SELECT r.doc_id AS doc_id,"
            " count(DISTINCT h.annotator) AS people FROM relations r"
            # CROSS JOIN keeps this order: from the documents' links to their spans (else
            # SQLite starts from every span of the annotators).
            " CROSS JOIN spans h ON h.id = r.head CROSS JOIN spans t ON t.id = r.tail"
            f" WHERE r.kind = 'speaker' AND h.annotator IN ({who}) AND h.status = 'accepted'"
            f'{where} GROUP BY r.doc_id, h.start, h."end", h.label, t.start, t."end")'
            " WHERE people != ?",
            [*names, *params, count],
        ).fetchall()
        found.update(row[0] for row in rows)
    return found


def latest_edit(project: Project) -> int:
    """The number of the newest row of the edit log: every write adds one."""
    return project.db.execute("SELECT coalesce(max(seq), 0) FROM edits").fetchone()[0]


def edited_since(project: Project, seq: int) -> set[str] | None:
    """The documents edits after `seq` touched; None when one touched no single document (an
    import, a merge, a change of scheme): then anything may have changed."""
    rows = project.db.execute("SELECT doc_id FROM edits WHERE seq > ?", [seq]).fetchall()
    if any(row[0] is None for row in rows):
        return None
    return {row[0] for row in rows}


def suggestion_outcomes(project: Project) -> list[tuple[str, str, int]]:
    """(label, outcome, count) of model suggestions: pending, accepted, rejected, or corrected
    (rejected where a person's accepted span overlaps it: replaced by a better one)."""
    return project.db.execute(
        "SELECT label, CASE WHEN status != 'rejected' THEN status WHEN EXISTS ("
        " SELECT 1 FROM spans h WHERE h.doc_id = s.doc_id AND h.source = 'human'"
        ' AND h.status = \'accepted\' AND h.start < s."end" AND h."end" > s.start)'
        " THEN 'corrected' ELSE 'rejected' END, count(*)"
        " FROM spans s WHERE source = 'model' GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()


__all__ = [
    "annotators_who_worked",
    "disagreeing",
    "document_order",
    "documents_between",
    "edited_since",
    "last_position",
    "latest_edit",
    "layers",
    "lean_layers",
    "position",
    "suggestion_outcomes",
    "worked_on_by_all",
]
