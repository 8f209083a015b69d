"""Read-only queries over a project: the library listing, statistics and the health check.

The listing runs on indexes only (documents by seq/title/length, spans by label, states by
annotator), so that a page of a 100,000-document library comes back in milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from annotator.core.errors import ValidationError
from annotator.core.labels import LabelScheme
from annotator.core.library import DocumentQuery, DocumentSummary, SortKey
from annotator.core.model import DocState
from annotator.core.offsets import check_unicode
from annotator.core.validation import overlap_problems, relation_problems, span_problems
from annotator.store.connection import read_snapshot
from annotator.store.rows import RELATION_COLUMNS, SPAN_COLUMNS, relation_from_row, span_from_row

_ORDER = {
    SortKey.POSITION: "d.seq",
    SortKey.TITLE: "d.title COLLATE NOCASE",
    SortKey.LENGTH: "d.length",
}
_UNIT, _RECORD = "\x1f", "\x1e"


def _where(query: DocumentQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for word in query.search.split():
        if word.isascii():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append("d.title LIKE ? ESCAPE '\\'")
            params.append(f"%{escaped}%")
        else:
            # LIKE ignores the case of ASCII letters only: "über" would miss "Über". Folding
            # every title in Python is slower, so only words that need it take this way.
            clauses.append("instr(casefold(d.title), ?) > 0")
            params.append(word.casefold())
    if query.label:
        clauses.append(
            "d.id IN (SELECT doc_id FROM spans WHERE label = ? AND status != 'rejected')"
        )
        params.append(query.label)
    if query.state is not None:
        if query.state is DocState.NEW:
            clauses.append(
                "d.id NOT IN (SELECT doc_id FROM doc_states WHERE annotator = ? AND state != 'new')"
            )
            params.append(query.annotator)
        else:
            clauses.append(
                "d.id IN (SELECT doc_id FROM doc_states WHERE annotator = ? AND state = ?)"
            )
            params.extend([query.annotator, query.state.value])
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def count_documents(db: Database, query: DocumentQuery) -> int:
    where, params = _where(query)
    return db.execute(f"SELECT count(*) FROM documents d {where}", params).fetchone()[0]


def _order_by(query: DocumentQuery) -> str:
    direction = " DESC" if query.descending else ""
    key = _ORDER[query.sort]
    return (
        f"{key}{direction}, d.seq{direction}"
        if query.sort is not SortKey.POSITION
        else (f"d.seq{direction}")
    )


def list_documents(
    db: Database, query: DocumentQuery, offset: int, limit: int
) -> list[DocumentSummary]:
    where, params = _where(query)
    rows = db.execute(
        "SELECT d.seq, d.id, d.title, d.length,"
        " (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.status != 'rejected'),"
        f" (SELECT group_concat(annotator || '{_UNIT}' || state, '{_RECORD}')"
        "   FROM doc_states st WHERE st.doc_id = d.id)"
        f" FROM documents d {where} ORDER BY {_order_by(query)} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    summaries = []
    for seq, doc_id, title, length, span_count, packed in rows:
        states = {}
        for record in (packed or "").split(_RECORD) if packed else ():
            annotator, state = record.split(_UNIT)
            states[annotator] = DocState(state)
        summaries.append(DocumentSummary(seq, doc_id, title, length, span_count, states))
    return summaries


def position_of(db: Database, query: DocumentQuery, doc_id: str) -> int | None:
    where, params = _where(query)
    row = db.execute(
        f"SELECT n FROM (SELECT d.id, row_number() OVER (ORDER BY {_order_by(query)}) - 1 AS n"
        f" FROM documents d {where}) WHERE id = ?",
        [*params, doc_id],
    ).fetchone()
    return row[0] if row else None


def annotators(db: Database) -> list[str]:
    rows = db.execute(
        "SELECT annotator FROM spans UNION SELECT annotator FROM doc_states ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def stats(db: Database) -> dict[str, Any]:
    with read_snapshot(db):  # the counts of one state of the file
        return _stats(db)


def _stats(db: Database) -> dict[str, Any]:
    def grouped(sql: str) -> dict[str, int]:
        return {str(key): count for key, count in db.execute(sql).fetchall()}

    states: dict[str, dict[str, int]] = defaultdict(dict)
    total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    for annotator, state, count in db.execute(
        "SELECT annotator, state, count(*) FROM doc_states GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall():
        states[annotator][state] = count
    for counts in states.values():
        counts["new"] = total - sum(c for s, c in counts.items() if s != "new")
    return {
        "documents": total,
        "characters": db.execute("SELECT coalesce(sum(length), 0) FROM documents").fetchone()[0],
        "states": dict(states),
        "spans": db.execute("SELECT count(*) FROM spans").fetchone()[0],
        "spans_by_label": grouped("SELECT label, count(*) FROM spans GROUP BY 1 ORDER BY 1"),
        "spans_by_status": grouped("SELECT status, count(*) FROM spans GROUP BY 1 ORDER BY 1"),
        "spans_by_source": grouped(
            "SELECT CASE WHEN model IS NULL THEN source ELSE source || ':' || model END,"
            " count(*) FROM spans GROUP BY 1 ORDER BY 1"
        ),
        "spans_by_annotator": grouped(
            "SELECT annotator, count(*) FROM spans GROUP BY 1 ORDER BY 1"
        ),
        "relations": db.execute("SELECT count(*) FROM relations").fetchone()[0],
        "edits": db.execute("SELECT count(*) FROM edits").fetchone()[0],
    }


def check(db: Database, scheme: LabelScheme) -> list[str]:
    with read_snapshot(db):  # another process may edit meanwhile: check one state of the file
        return _check(db, scheme)


def _check(db: Database, scheme: LabelScheme) -> list[str]:
    problems = [
        f"SQLite integrity check: {row[0]}"
        for row in db.execute("PRAGMA integrity_check").fetchall()
        if row[0] != "ok"
    ]
    problems += [
        f"foreign key: a row of {table} (rowid {rowid}) points to a missing row of {parent}"
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()
    ]
    if problems:
        return problems  # the rows themselves cannot be trusted
    for doc_id, text in db.execute("SELECT id, text FROM documents ORDER BY seq"):
        try:
            check_unicode(text)
        except ValidationError as error:
            problems.append(f"document {doc_id!r}: {error}")
        spans = [
            span_from_row(r)
            for r in db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ?", [doc_id])
        ]
        for span in spans:
            for problem in span_problems(span, text, scheme):
                problems.append(f"document {doc_id!r}, span {span.id} {span.label}: {problem}")
        for problem in overlap_problems(spans, scheme):
            problems.append(f"document {doc_id!r}: {problem}")
        by_id = {s.id: s for s in spans}
        for row in db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ?", [doc_id]
        ):
            relation = relation_from_row(row)
            for problem in relation_problems(relation, by_id, scheme):
                problems.append(f"document {doc_id!r}, relation {relation.id}: {problem}")
    return problems
