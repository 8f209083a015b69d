"""A project: one SQLite file holding documents, annotations, the label scheme and the edit log.

Every write goes through one door, `Project._transaction`: one `BEGIN IMMEDIATE` transaction
that also appends to the edit log, committed before the call returns. So an edit that was
reported saved is on disk (WAL, synchronous=FULL), a crash loses at most the edit being made,
and the log is both the audit trail and what undo reads, also after a restart.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator import __version__
from annotator.core.clock import now
from annotator.core.commands import Command
from annotator.core.history import History, HistoryEntry
from annotator.core.labels import LabelScheme
from annotator.core.library import DocumentQuery, DocumentSummary
from annotator.core.model import Document, DocumentState, Relation, Span
from annotator.store import queries
from annotator.store.bulk import ImportSink, iter_records
from annotator.store.connection import (
    check_identity,
    connect,
    mark_as_project,
    schema_version,
    use_wal,
)
from annotator.store.errors import (
    NotAProjectError,
    ProjectBusyError,
    ProjectError,
    ReadOnlyProjectError,
)
from annotator.store.migrations import MIGRATIONS, MIGRATIONS_TABLE
from annotator.store.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATE_COLUMNS,
    document_from_row,
    dumps,
    relation_from_row,
    span_from_row,
    state_from_row,
)
from annotator.store.schema import CURRENT_VERSION
from annotator.store.transaction import DocumentTexts, SqlHistoryLog, SqlTarget

DEFAULT_SUFFIX = ".annotator"
ROWS_AT_ONCE = 2_000


@dataclass(frozen=True, slots=True)
class EditRecord:
    """One row of the edit log."""

    seq: int
    at: str
    annotator: str
    action: str
    doc_id: str | None
    description: str
    undo_state: str | None


class Project:
    """An open project file. Use `Project.create` or `Project.open`; close it when done."""

    def __init__(self, path: Path, db: Database, *, read_only: bool) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only
        self._scheme: tuple[int, LabelScheme] | None = None
        self._texts = DocumentTexts()

    # Opening and closing

    @classmethod
    def create(cls, path: Path | str, scheme: LabelScheme, *, name: str = "") -> Project:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(path, "exists already; choose another name or open it")
        db = connect(path, create=True)
        project = cls(path, db, read_only=False)
        with project._transaction():
            mark_as_project(db)
            project._migrate(0)
            for key, value in {
                "name": name or path.stem,
                "scheme": scheme.as_dict(),
                "created": now(),
                "created_by": f"Annotator {__version__}",
            }.items():
                project._put_setting(key, value)
        return project

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Project:
        path = Path(path)
        db = connect(path, read_only=read_only)
        try:
            version = check_identity(db, path)
            if not read_only:
                use_wal(db)
            project = cls(path, db, read_only=read_only)
            if version < CURRENT_VERSION:
                if read_only:
                    raise ReadOnlyProjectError(
                        path,
                        f"uses the older project format {version}; open it once for writing "
                        f"to upgrade it to format {CURRENT_VERSION}",
                    )
                project._upgrade(version)
        except BaseException:
            db.close()
            raise
        return project

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # The one door for writes

    @contextmanager
    def _transaction(self) -> Iterator[Database]:
        if self.read_only:
            raise ReadOnlyProjectError(self.path, "is open read-only")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise ProjectBusyError(
                self.path, f"is being written by another program and stayed busy ({error})"
            ) from None
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _history(self) -> History:
        return History(SqlTarget(self.db, self.scheme, self._texts), SqlHistoryLog(self.db))

    def apply(self, command: Command, annotator: str) -> int:
        """Apply an edit and save it; returns its number in the edit log."""
        with self._transaction():
            return self._history().do(command, annotator)

    def apply_many(self, commands: Sequence[Command], annotator: str) -> list[int]:
        """Apply several edits in one transaction (all or none), each its own entry in the log.

        For machine work over many documents (suggestions): one commit for a batch of
        documents instead of one each, while undo still takes back one document's edit."""
        with self._transaction():
            history = self._history()
            return [history.do(command, annotator) for command in commands]

    def undo(self, annotator: str) -> HistoryEntry:
        """Take back `annotator`'s latest edit still in force (across restarts)."""
        with self._transaction():
            return self._history().undo(annotator)

    def redo(self, annotator: str) -> HistoryEntry:
        with self._transaction():
            return self._history().redo(annotator)

    def next_undo(self, annotator: str) -> HistoryEntry | None:
        return SqlHistoryLog(self.db).latest_done(annotator)

    def next_redo(self, annotator: str) -> HistoryEntry | None:
        return SqlHistoryLog(self.db).latest_undone(annotator)

    @contextmanager
    def importing(self, annotator: str, description: str) -> Iterator[ImportSink]:
        """Add documents in bulk, all or nothing: any error inside the block keeps none."""
        with self._transaction():
            sink = ImportSink(self.db)
            yield sink
            sink.flush()
            SqlHistoryLog(self.db).append(
                annotator=annotator,
                action="import",
                description=f"{description}: {sink.summary()}",
            )
            self._scheme = None

    def set_scheme(self, scheme: LabelScheme, annotator: str) -> None:
        with self._transaction():
            self._put_setting("scheme", scheme.as_dict())
            SqlHistoryLog(self.db).append(
                annotator=annotator,
                action="scheme",
                description=f"Change the label scheme to {', '.join(scheme.names)}",
            )
        self._scheme = None

    # Settings

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._transaction():
            self._put_setting(key, value)

    def _put_setting(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, dumps(value)]
        )

    @property
    def name(self) -> str:
        return self.setting("name", self.path.stem)

    @property
    def scheme(self) -> LabelScheme:
        # data_version changes when another connection commits: then the scheme may have too.
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._scheme is None or self._scheme[0] != version:
            self._scheme = (version, LabelScheme.from_dict(self.setting("scheme")))
        return self._scheme[1]

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)

    # Reading

    def get_document(self, doc_id: str) -> Document:
        row = self.db.execute(
            "SELECT id, text, meta FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        self._texts.keep(doc_id, row[1])  # the edits that usually follow need it
        return document_from_row(row)

    def has_document(self, doc_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row is not None

    def spans(self, doc_id: str, *, before: int | None = None) -> list[Span]:
        """The document's spans in reading order; with `before`, those starting before it."""
        where, parameters = "doc_id = ?", [doc_id]
        if before is not None:
            where, parameters = "doc_id = ? AND start < ?", [doc_id, before]
        cursor = self.db.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY start, "end" DESC, seq',
            parameters,
        )
        spans: list[Span] = []
        shared: dict[str, str] = {}
        while rows := cursor.fetchmany(ROWS_AT_ONCE):  # not all rows alive at once
            spans.extend(span_from_row(r, shared) for r in rows)
        return spans

    def get_span(self, span_id: str) -> Span | None:
        return SqlTarget(self.db, self.scheme).get_span(span_id)

    def relations(self, doc_id: str) -> list[Relation]:
        rows = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ? ORDER BY created, id",
            [doc_id],
        ).fetchall()
        return [relation_from_row(r) for r in rows]

    def states(self, doc_id: str) -> dict[str, DocumentState]:
        rows = self.db.execute(
            f"SELECT {STATE_COLUMNS} FROM doc_states WHERE doc_id = ? ORDER BY annotator",
            [doc_id],
        ).fetchall()
        return {row[1]: state_from_row(row) for row in rows}

    def document_count(self, query: DocumentQuery | None = None) -> int:
        return queries.count_documents(self.db, query or DocumentQuery())

    def list_documents(
        self, query: DocumentQuery | None = None, *, offset: int = 0, limit: int = 100
    ) -> list[DocumentSummary]:
        return queries.list_documents(self.db, query or DocumentQuery(), offset, limit)

    def largest_position_and_length(self) -> tuple[int, int]:
        # Two index lookups; a one-row listing would also count that document's spans.
        row = self.db.execute(
            "SELECT (SELECT coalesce(max(seq), 0) FROM documents),"
            " (SELECT coalesce(max(length), 0) FROM documents)"
        ).fetchone()
        return row[0], row[1]

    def position_of(self, doc_id: str, query: DocumentQuery | None = None) -> int | None:
        """The 0-based place of a document in the listing, or None where the filter hides it."""
        return queries.position_of(self.db, query or DocumentQuery(), doc_id)

    def annotators(self) -> list[str]:
        return queries.annotators(self.db)

    def edit_log(self, *, limit: int = 100, doc_id: str | None = None) -> list[EditRecord]:
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        rows = self.db.execute(
            "SELECT seq, at, annotator, action, doc_id, description, undo_state FROM edits "
            f"{where} ORDER BY seq DESC LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [EditRecord(*row) for row in rows]

    def iter_records(self, *, batch: int = 500):
        """Every document with its spans, relations and states, in library order (streaming)."""
        return iter_records(self.db, batch=batch)

    def stats(self) -> dict[str, Any]:
        return queries.stats(self.db)

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity checks and by validating every annotation."""
        try:
            return queries.check(self.db, self.scheme)
        except NotAProjectError as error:  # damage the checks could not read past
            return [error.message]

    # Schema upgrades

    def _migrate(self, from_version: int) -> None:
        """Run migrations from_version+1 .. CURRENT_VERSION (inside the caller's transaction)."""
        self.db.execute(MIGRATIONS_TABLE)
        for version in range(from_version + 1, CURRENT_VERSION + 1):
            name, migration = MIGRATIONS[version]
            migration(self.db)
            self.db.execute(
                "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)",
                [version, name, now()],
            )
            self.db.execute(f"PRAGMA user_version = {version}")

    def _upgrade(self, version: int) -> None:
        backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if not backup.exists():
            with sqlite3.connect(backup) as copy:
                self.db.conn.backup(copy)
            copy.close()
        with self._transaction():
            # Another process may have upgraded the file since we looked.
            current = schema_version(self.db)
            if current < CURRENT_VERSION:
                self._migrate(current)
                SqlHistoryLog(self.db).append(
                    annotator="annotator",
                    action="migrate",
                    description=f"Upgrade the project format {current} -> {CURRENT_VERSION} "
                    f"(copy of the old file: {backup.name})",
                )


__all__ = ["DEFAULT_SUFFIX", "EditRecord", "Project"]
