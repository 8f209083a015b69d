"""Writing another annotator's work into a project: one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.core.model import AnnotatedDocument, DocumentState, Relation, Span
from annotator.store.bulk import _by_document, _marks
from annotator.store.connection import read_snapshot
from annotator.store.label_index import count_added
from annotator.store.project import Project
from annotator.store.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATE_COLUMNS,
    document_from_row,
    relation_from_row,
    relation_row,
    span_from_row,
    span_row,
    state_from_row,
    state_row,
)
from annotator.store.transaction import SqlHistoryLog


@dataclass
class MergeWrites:
    """What a merge adds or replaces; the service decides, this only writes."""

    spans: list[Span] = field(default_factory=list)
    """New spans, and changed ones (same id) that replace the project's."""
    relations: list[Relation] = field(default_factory=list)
    unlink: list[str] = field(default_factory=list)
    """Ids of relations to remove (a speaker link the merged file replaced)."""
    states: list[DocumentState] = field(default_factory=list)


def write_merge(project: Project, writes: MergeWrites, *, annotator: str, description: str) -> None:
    """Write everything in one transaction with one row in the edit log (or nothing)."""
    with project._transaction() as db:
        conn = db.conn
        if writes.unlink:
            conn.executemany("DELETE FROM relations WHERE id = ?", [(i,) for i in writes.unlink])
        rows = [span_row(s) for s in writes.spans]
        replace = f"INSERT OR REPLACE INTO spans ({SPAN_COLUMNS}) VALUES ({_marks(13)})"
        conn.executemany(replace, rows)
        count_added(conn, rows)
        conn.executemany(
            f"INSERT OR REPLACE INTO relations ({RELATION_COLUMNS}) VALUES ({_marks(7)})",
            [relation_row(r) for r in writes.relations],
        )
        conn.executemany(
            f"INSERT OR REPLACE INTO doc_states ({STATE_COLUMNS}) VALUES (?, ?, ?, ?)",
            [state_row(s) for s in writes.states],
        )
        SqlHistoryLog(db).append(annotator=annotator, action="merge", description=description)


def documents_by_hash(project: Project, hashes: Sequence[str]) -> dict[str, str]:
    """{text hash: document id} of the project's documents with those texts (the first)."""
    found: dict[str, str] = {}
    values = list(hashes)
    for start in range(0, len(values), 400):
        chunk = values[start : start + 400]
        rows = project.db.execute(
            f"SELECT text_hash, id FROM documents WHERE text_hash IN ({_marks(len(chunk))})"
            " ORDER BY seq DESC",
            chunk,
        ).fetchall()
        found.update(rows)
    return found


def document_hashes(project: Project, doc_ids: Sequence[str]) -> dict[str, str]:
    """{document id: text hash} of those of `doc_ids` the project has."""
    found: dict[str, str] = {}
    ids = list(doc_ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        rows = project.db.execute(
            f"SELECT id, text_hash FROM documents WHERE id IN ({_marks(len(chunk))})", chunk
        ).fetchall()
        found.update(rows)
    return found


def existing_records(project: Project, doc_ids: Sequence[str]) -> dict[str, AnnotatedDocument]:
    """The project's documents of `doc_ids` with all their spans, links and states, by id
    (a few queries for the lot, rather than a few for each)."""
    db = project.db
    found: dict[str, AnnotatedDocument] = {}
    ids = list(doc_ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = _marks(len(chunk))
        with read_snapshot(db):
            rows = db.execute(
                f"SELECT id, text, meta FROM documents WHERE id IN ({marks})", chunk
            ).fetchall()
            spans = _by_document(
                db,
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id IN ({marks})",
                chunk,
                span_from_row,
                doc_column=1,
            )
            relations = _by_document(
                db,
                f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id IN ({marks})",
                chunk,
                relation_from_row,
                doc_column=1,
            )
            states = _by_document(
                db,
                f"SELECT {STATE_COLUMNS} FROM doc_states WHERE doc_id IN ({marks})",
                chunk,
                state_from_row,
                doc_column=0,
            )
        for row in rows:
            found[row[0]] = AnnotatedDocument(
                document_from_row(row),
                tuple(spans.get(row[0], ())),
                tuple(relations.get(row[0], ())),
                tuple(states.get(row[0], ())),
            )
    return found


__all__ = ["MergeWrites", "document_hashes", "documents_by_hash", "existing_records", "write_merge"]
