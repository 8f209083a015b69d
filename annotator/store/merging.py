"""Writing another annotator's work into a project: one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.core.model import DocumentState, Relation, Span
from annotator.store.bulk import _marks
from annotator.store.project import Project
from annotator.store.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATE_COLUMNS,
    relation_row,
    span_row,
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
        conn.executemany(
            f"INSERT OR REPLACE INTO spans ({SPAN_COLUMNS}) VALUES ({_marks(13)})",
            [span_row(s) for s in writes.spans],
        )
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


__all__ = ["MergeWrites", "document_hashes", "documents_by_hash", "write_merge"]
