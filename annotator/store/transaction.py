"""The write side of a project inside one open transaction: what commands and undo act on."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence

from sqlite_utils import Database

from annotator.core.clock import now
from annotator.core.commands import Command, command_from_json
from annotator.core.errors import ValidationError
from annotator.core.history import HistoryEntry
from annotator.core.labels import LabelScheme
from annotator.core.model import DocumentState, Relation, Span
from annotator.store.label_index import count_added
from annotator.store.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATE_COLUMNS,
    dumps,
    relation_from_row,
    relation_row,
    span_from_row,
    span_row,
    state_from_row,
    state_row,
)
from annotator.store.schema import LONG_SPAN


class DocumentTexts:
    """The texts of the documents edited last, kept between transactions.

    A document's text never changes once imported (nothing in the store updates it), so a kept
    text stays right; reading a 1 MB text again took 7 ms of every edit in it. The document's
    existence is still checked in each transaction.
    """

    KEPT = 4

    def __init__(self) -> None:
        self._texts: OrderedDict[str, str] = OrderedDict()

    def get(self, db: Database, doc_id: str) -> str:
        text = self._texts.get(doc_id)
        if text is not None:
            self._texts.move_to_end(doc_id)
            if db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone():
                return text
            del self._texts[doc_id]
        row = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise ValidationError(f"no document {doc_id!r} in this project")
        self.keep(doc_id, row[0])
        return row[0]

    def keep(self, doc_id: str, text: str) -> None:
        self._texts[doc_id] = text
        self._texts.move_to_end(doc_id)
        while len(self._texts) > self.KEPT:
            self._texts.popitem(last=False)


class SqlTarget:
    """`core.commands.EditTarget` over the project tables (called only inside a transaction)."""

    def __init__(
        self, db: Database, scheme: LabelScheme, texts: DocumentTexts | None = None
    ) -> None:
        self.db = db
        self.scheme = scheme
        self._texts = texts if texts is not None else DocumentTexts()

    def document_text(self, doc_id: str) -> str:
        return self._texts.get(self.db, doc_id)

    def get_span(self, span_id: str) -> Span | None:
        row = self.db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]
        ).fetchone()
        return span_from_row(row) if row else None

    def spans_overlapping(self, doc_id: str, start: int, end: int) -> Sequence[Span]:
        # A span overlapping [start, end) starts at most LONG_SPAN before `start`, or is
        # longer than that: two index ranges, a few rows, wherever in a long document.
        rows = self.db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND start >= ? AND start < ? "
            'AND "end" > ? UNION ALL '
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND ("end" - start) > ? '
            'AND start < ? AND "end" > ?',
            [doc_id, start - LONG_SPAN, end, start, doc_id, LONG_SPAN, start - LONG_SPAN, start],
        ).fetchall()
        return [span_from_row(r) for r in rows]

    def relations_of(self, doc_id: str) -> Sequence[Relation]:
        rows = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ?", [doc_id]
        ).fetchall()
        return [relation_from_row(r) for r in rows]

    def put_span(self, span: Span) -> None:
        row = span_row(span)
        self.db.execute(f"INSERT OR REPLACE INTO spans ({SPAN_COLUMNS}) VALUES ({_marks(13)})", row)
        count_added(self.db.conn, [row])  # the delete trigger took off what a replaced one had

    def delete_span(self, span_id: str) -> None:
        self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])

    def get_relation(self, relation_id: str) -> Relation | None:
        row = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE id = ?", [relation_id]
        ).fetchone()
        return relation_from_row(row) if row else None

    def put_relation(self, relation: Relation) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO relations ({RELATION_COLUMNS}) VALUES ({_marks(7)})",
            relation_row(relation),
        )

    def delete_relation(self, relation_id: str) -> None:
        self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])

    def get_state(self, doc_id: str, annotator: str) -> DocumentState | None:
        row = self.db.execute(
            f"SELECT {STATE_COLUMNS} FROM doc_states WHERE doc_id = ? AND annotator = ?",
            [doc_id, annotator],
        ).fetchone()
        return state_from_row(row) if row else None

    def put_state(self, state: DocumentState) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO doc_states ({STATE_COLUMNS}) VALUES (?, ?, ?, ?)",
            state_row(state),
        )

    def delete_state(self, doc_id: str, annotator: str) -> None:
        self.db.execute(
            "DELETE FROM doc_states WHERE doc_id = ? AND annotator = ?", [doc_id, annotator]
        )


class SqlHistoryLog:
    """`core.history.HistoryLog` over the `edits` table, which is also the audit trail."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def append(
        self,
        *,
        annotator: str,
        action: str,
        description: str,
        doc_id: str | None = None,
        command: Command | None = None,
        undo_state: str | None = None,
        target: int | None = None,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO edits (at, annotator, action, doc_id, description, command, undo_state,"
            " target) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                now(),
                annotator,
                action,
                doc_id,
                description,
                dumps(command.to_json()) if command else None,
                undo_state,
                target,
            ],
        )
        return cursor.lastrowid

    def append_done(self, command: Command, annotator: str) -> int:
        return self.append(
            annotator=annotator,
            action="do",
            description=command.describe(),
            doc_id=command.doc_id,
            command=command,
            undo_state="done",
        )

    def _entry(self, annotator: str, state: str, order: str) -> HistoryEntry | None:
        row = self.db.execute(
            "SELECT seq, command FROM edits WHERE annotator = ? AND undo_state = ? "
            f"ORDER BY seq {order} LIMIT 1",
            [annotator, state],
        ).fetchone()
        if row is None:
            return None
        return HistoryEntry(row[0], annotator, command_from_json(json.loads(row[1])))

    def latest_done(self, annotator: str) -> HistoryEntry | None:
        return self._entry(annotator, "done", "DESC")

    def latest_undone(self, annotator: str) -> HistoryEntry | None:
        # Undo walks backwards, so the entry undone last is the oldest one still undone.
        return self._entry(annotator, "undone", "ASC")

    def mark(self, seq: int, *, undone: bool, by: str) -> None:
        self.db.execute(
            "UPDATE edits SET undo_state = ? WHERE seq = ?", ["undone" if undone else "done", seq]
        )
        row = self.db.execute("SELECT doc_id, description FROM edits WHERE seq = ?", [seq])
        doc_id, description = row.fetchone()
        self.append(
            annotator=by,
            action="undo" if undone else "redo",
            description=description,
            doc_id=doc_id,
            target=seq,
        )

    def drop_undone(self, annotator: str) -> None:
        self.db.execute(
            "UPDATE edits SET undo_state = 'dropped' WHERE annotator = ? AND undo_state = 'undone'",
            [annotator],
        )


def _marks(count: int) -> str:
    return ", ".join("?" * count)
