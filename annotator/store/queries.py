"""Read-only queries over a project: the library listing, statistics and the health check.

The listing runs on indexes only (documents by seq/title/length, spans by label, states by
annotator), so that a page of a 100,000-document library comes back in milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from weakref import WeakKeyDictionary

from sqlite_utils import Database

from annotator.core.errors import ValidationError
from annotator.core.labels import LabelScheme
from annotator.core.library import DocumentQuery, DocumentSummary, SortKey, title_sort_key
from annotator.core.model import DocState
from annotator.core.offsets import check_unicode
from annotator.core.validation import overlap_problems, relation_problems, span_problems
from annotator.store.connection import read_snapshot
from annotator.store.rows import RELATION_COLUMNS, SPAN_COLUMNS, relation_from_row, span_from_row
from annotator.store.schema import DOC_LABELS_AS_COUNTED

_ORDER = {
    SortKey.POSITION: "d.seq",
    SortKey.TITLE: "d.title_key",
    SortKey.LENGTH: "d.length",
}
_SORT_COLUMN = {SortKey.TITLE: "title_key", SortKey.LENGTH: "length"}
_UNIT, _RECORD = "\x1f", "\x1e"
_CHUNK = 500
_SUMMARY_COLUMNS = (
    "d.seq, d.id, d.title, d.length,"
    # The label index's counts: a few rows a document, where counting its spans read 20,000
    # of them for a long one.
    " (SELECT coalesce(sum(n), 0) FROM doc_labels WHERE doc_seq = d.seq),"
    f" (SELECT group_concat(annotator || '{_UNIT}' || state, '{_RECORD}')"
    "   FROM doc_states st WHERE st.doc_id = d.id)"
)


def _where(query: DocumentQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for word in query.search.split():
        # Titles are matched by their sort keys (folded case, no accents, as the text is), read
        # from their index: a scan of the table would read every text.
        key = title_sort_key(word)
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
        titles = (
            "SELECT seq FROM documents INDEXED BY documents_title_key"
            " WHERE title_key LIKE ? ESCAPE '\\'"
        )
        if query.in_text and any(c.isalnum() for c in word):
            # A phrase of the word's tokens, the last one a prefix: "Merk" finds "Merkel".
            texts = "SELECT rowid FROM documents_text WHERE documents_text MATCH ?"
            clauses.append(f"d.seq IN ({titles} UNION {texts})")
            params.append('"' + word.replace('"', '""') + '"*')
        else:
            clauses.append(f"d.seq IN ({titles})")
    if query.label:
        clauses.append("d.seq IN (SELECT doc_seq FROM doc_labels WHERE label = ?)")
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


def _by_label(query: DocumentQuery) -> tuple[str, list[Any]]:
    """A label filter (with a state, perhaps) in library order, read from the index tables
    alone: looking each match up among the documents took 0.2 s for 100,000 of them."""
    sql, params = "SELECT doc_seq FROM doc_labels WHERE label = ?", [query.label]
    with_state = (
        "SELECT d.seq FROM doc_states st JOIN documents d ON d.id = st.doc_id"
        " WHERE st.annotator = ? AND st.state"
    )
    if query.state is DocState.NEW:
        sql += f" AND doc_seq NOT IN ({with_state} != 'new')"
        params.append(query.annotator)
    elif query.state is not None:
        sql += f" AND doc_seq IN ({with_state} = ?)"
        params.extend([query.annotator, query.state.value])
    return sql + " ORDER BY doc_seq" + (" DESC" if query.descending else ""), params


def _order_by(query: DocumentQuery) -> str:
    direction = " DESC" if query.descending else ""
    if query.sort is SortKey.POSITION:
        return f"d.seq{direction}"
    return f"{_ORDER[query.sort]}{direction}, d.seq{direction}"


class _Matches:
    """The documents a filtered query lists, in order: found once, then paged from memory.

    A filter (words in the text, a label, a state) cannot be paged with OFFSET without
    evaluating it again for every row before the page; the positions of 100,000 matches take
    a few hundred kilobytes.
    """

    def __init__(self, key: tuple, seqs: list[int]) -> None:
        self.key = key
        self.seqs = seqs
        self._rows: dict[int, int] | None = None

    def row_of(self, seq: int) -> int | None:
        if self._rows is None:
            self._rows = {s: row for row, s in enumerate(self.seqs)}
        return self._rows.get(seq)


# One remembered query per connection: the library of one window asks for one at a time.
_matches: WeakKeyDictionary[Any, _Matches] = WeakKeyDictionary()


def _matching(db: Database, query: DocumentQuery) -> _Matches:
    # Another connection's commit changes data_version; this one's own, total_changes().
    version = db.execute("SELECT total_changes()").fetchone()[0]
    key = (query, db.execute("PRAGMA data_version").fetchone()[0], version)
    found = _matches.get(db.conn)
    if found is None or found.key != key:
        if query.label and not query.search.strip() and query.sort is SortKey.POSITION:
            sql, params = _by_label(query)
        else:
            where, params = _where(query)
            sql = f"SELECT d.seq FROM documents d {where} ORDER BY {_order_by(query)}"
        rows = db.execute(sql, params).fetchall()
        found = _Matches(key, [row[0] for row in rows])
        _matches[db.conn] = found
    return found


def count_documents(db: Database, query: DocumentQuery) -> int:
    if query.filtered:
        return len(_matching(db, query).seqs)
    return db.execute("SELECT count(*) FROM documents").fetchone()[0]


def list_documents(
    db: Database, query: DocumentQuery, offset: int, limit: int
) -> list[DocumentSummary]:
    if not query.filtered:
        if query.sort is SortKey.POSITION and _without_gaps(db):
            # Positions 1..N: the rows of a page are a range of them, found in the table's
            # b-tree at once (OFFSET would walk every row before the page).
            total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
            first = total - offset - limit + 1 if query.descending else offset + 1
            rows = db.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM documents d WHERE d.seq BETWEEN ? AND ?"
                f" ORDER BY {_order_by(query)}",
                [max(first, 1), first + limit - 1],
            ).fetchall()
        else:  # an index holds the order: OFFSET skips along it
            rows = db.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM documents d"
                f" ORDER BY {_order_by(query)} LIMIT ? OFFSET ?",
                [limit, offset],
            ).fetchall()
        return [_summary(row) for row in rows]
    seqs = _matching(db, query).seqs[offset : offset + limit]
    by_seq = {}
    for start in range(0, len(seqs), _CHUNK):  # a statement takes so many parameters only
        chunk = seqs[start : start + _CHUNK]
        rows = db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM documents d"
            f" WHERE d.seq IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        by_seq.update((row[0], _summary(row)) for row in rows)
    return [by_seq[seq] for seq in seqs if seq in by_seq]


def _without_gaps(db: Database) -> bool:
    """Whether the documents' positions are 1..N (nothing was ever removed)."""
    # Two statements: count(*) alone is answered from the b-tree's page counts.
    count = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    return count == db.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]


def _summary(row: tuple) -> DocumentSummary:
    seq, doc_id, title, length, span_count, packed = row
    states = {}
    for record in packed.split(_RECORD) if packed else ():
        annotator, state = record.split(_UNIT)
        states[annotator] = DocState(state)
    return DocumentSummary(seq, doc_id, title, length, span_count, states)


def position_of(db: Database, query: DocumentQuery, doc_id: str) -> int | None:
    row = db.execute("SELECT seq, title, length FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    seq, title, length = row
    if query.filtered:
        return _matching(db, query).row_of(seq)
    # Count the documents listed before it, along the index that holds the order.
    before = ">" if query.descending else "<"
    if query.sort is SortKey.POSITION:
        if _without_gaps(db):
            total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
            return total - seq if query.descending else seq - 1
        sql, params = f"seq {before} ?", [seq]
    else:
        column = _SORT_COLUMN[query.sort]
        value = title_sort_key(title) if query.sort is SortKey.TITLE else length
        sql = f"{column} {before} ? OR ({column} = ? AND seq {before} ?)"
        params = [value, value, seq]
    return db.execute(f"SELECT count(*) FROM documents WHERE {sql}", params).fetchone()[0]


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
    has_index = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'doc_labels'").fetchone()
    kept = set(db.execute("SELECT label, doc_seq, n FROM doc_labels")) if has_index else set()
    counted = set(db.execute(DOC_LABELS_AS_COUNTED)) if has_index else set()
    for label, seq, n in sorted(kept - counted):
        problems.append(f"the label index counts {n} {label} spans in document {seq}: wrong")
    for label, seq, n in sorted(counted - kept):
        problems.append(f"the label index lacks the {n} {label} spans of document {seq}")
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
