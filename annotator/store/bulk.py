"""Bulk import and export: many documents in one transaction, streamed in batches."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from sqlite_utils import Database

from annotator.core.clock import now
from annotator.core.errors import InputError
from annotator.core.labels import LabelScheme
from annotator.core.library import title_sort_key
from annotator.core.model import AnnotatedDocument, Document
from annotator.store.connection import read_snapshot
from annotator.store.label_index import count_added
from annotator.store.rows import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATE_COLUMNS,
    document_from_row,
    dumps,
    relation_from_row,
    relation_row,
    span_from_row,
    span_row,
    state_from_row,
    state_row,
)

BATCH_DOCUMENTS = 1000

T = TypeVar("T")


class ImportSink:
    """Takes validated documents and writes them in batches inside the caller's transaction.

    Identifiers must be new: a document id, span id or relation id that the project or this
    import already has raises InputError naming where the record came from.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.counts: Counter[str] = Counter()
        self._batch: list[tuple[AnnotatedDocument, str]] = []
        self._doc_origins: dict[str, str] = {}  # of the whole import, not only this batch
        self._span_ids: set[str] = set()
        self._relation_ids: set[str] = set()
        self._project_had_spans = db.execute("SELECT 1 FROM spans LIMIT 1").fetchone() is not None
        self._project_had_relations = (
            db.execute("SELECT 1 FROM relations LIMIT 1").fetchone() is not None
        )
        self._added = now()
        # Each document's position is given here, so that its text can be indexed under it.
        self._next_seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM documents").fetchone()[0]

    def add(self, record: AnnotatedDocument, *, origin: str) -> None:
        """Queue one document; `origin` ("file.jsonl:12") is named if it cannot be stored."""
        doc_id = record.document.id
        if doc_id in self._doc_origins:
            first = self._doc_origins[doc_id]
            raise _input_error(origin, f"document id {doc_id!r} appears twice (first at {first})")
        self._doc_origins[doc_id] = origin
        for span in record.spans:
            if span.id in self._span_ids:
                raise _input_error(origin, f"span id {span.id!r} is used twice in this import")
            self._span_ids.add(span.id)
        for relation in record.relations:
            if relation.id in self._relation_ids:
                raise _input_error(
                    origin, f"relation id {relation.id!r} is used twice in this import"
                )
            self._relation_ids.add(relation.id)
        self._batch.append((record, origin))
        if len(self._batch) >= BATCH_DOCUMENTS:
            self.flush()

    def flush(self) -> None:
        if not self._batch:
            return
        batch, self._batch = self._batch, []
        self._check_new_ids(batch)
        documents, spans, relations, states = [], [], [], []
        for record, _ in batch:
            documents.append(_document_row(self._next_seq, record.document, self._added))
            self._next_seq += 1
            spans.extend(span_row(s) for s in record.spans)
            relations.extend(relation_row(r) for r in record.relations)
            states.extend(state_row(s) for s in record.states)
        conn = self.db.conn  # executemany: the bulk path, 200,000 spans in about a second
        conn.executemany(
            "INSERT INTO documents"
            " (seq, id, title, text, meta, text_hash, length, added, title_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            documents,
        )
        # The search index, written here rather than by a trigger (see schema.SCHEMA_V2).
        conn.executemany(
            "INSERT INTO documents_text (rowid, text) VALUES (?, ?)",
            [(row[0], row[3]) for row in documents],
        )
        conn.executemany(f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES ({_marks(13)})", spans)
        count_added(conn, spans)
        conn.executemany(
            f"INSERT INTO relations ({RELATION_COLUMNS}) VALUES ({_marks(7)})", relations
        )
        conn.executemany(f"INSERT INTO doc_states ({STATE_COLUMNS}) VALUES (?, ?, ?, ?)", states)
        self.counts.update(documents=len(documents), spans=len(spans), relations=len(relations))

    def _check_new_ids(self, batch: Sequence[tuple[AnnotatedDocument, str]]) -> None:
        origins = {record.document.id: origin for record, origin in batch}
        for doc_id in _existing(self.db, "documents", list(origins)):
            raise _input_error(
                origins[doc_id],
                f"document id {doc_id!r} is in the project already (imported before?)",
            )
        if self._project_had_spans:
            span_origins = {s.id: o for r, o in batch for s in r.spans}
            for span_id in _existing(self.db, "spans", list(span_origins)):
                raise _input_error(
                    span_origins[span_id], f"span id {span_id!r} is in the project already"
                )
        if self._project_had_relations:
            relation_origins = {x.id: o for r, o in batch for x in r.relations}
            for relation_id in _existing(self.db, "relations", list(relation_origins)):
                raise _input_error(
                    relation_origins[relation_id],
                    f"relation id {relation_id!r} is in the project already",
                )

    def set_scheme(self, scheme: LabelScheme) -> None:
        """Replace the label scheme as part of the import (e.g. with labels it brought)."""
        self.db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('scheme', ?)",
            [dumps(scheme.as_dict())],
        )

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['documents']:,} documents, {c['spans']:,} spans, {c['relations']:,} speaker links"
        )


def _document_row(seq: int, document: Document, added: str) -> tuple:
    return (
        seq,
        document.id,
        document.title,
        document.text,
        dumps(dict(document.meta)),
        document.text_hash,
        len(document.text),
        added,
        title_sort_key(document.title),
    )


def _existing(db: Database, table: str, ids: list[str]) -> list[str]:
    found: list[str] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found += [
            row[0]
            for row in db.execute(
                f"SELECT id FROM {table} WHERE id IN ({_marks(len(chunk))})", chunk
            )
        ]
    return found


def _input_error(origin: str, message: str) -> InputError:
    file, _, line = origin.rpartition(":")
    if line.isdigit():
        return InputError(message, file=file, line=int(line))
    return InputError(message, file=origin)


def document_batches(
    db: Database, columns: str, batch: int, read: Callable[[list[str]], T]
) -> Iterator[tuple[list[tuple], T]]:
    """The documents in library order, `batch` at a time: their rows (`seq` first, then
    `columns`) with what `read(ids)` finds for them.

    Each batch is read in one read transaction, so that a document's spans, relations and
    states fit together while another process edits; none stays open across a `yield`.
    """
    last = -1
    while True:
        with read_snapshot(db):  # one state of the file per batch
            rows = db.execute(
                f"SELECT seq, {columns} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                [last, batch],
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            found = read([row[1] for row in rows])
        yield rows, found


def iter_records(db: Database, *, batch: int = 500) -> Iterator[AnnotatedDocument]:
    """Every document with its annotations, in library order, a batch of queries at a time."""

    def read(ids: list[str]) -> tuple[dict, dict, dict]:
        marks = _marks(len(ids))
        spans = _by_document(
            db,
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id IN ({marks})"
            ' ORDER BY start, "end" DESC, seq',
            ids,
            span_from_row,
            doc_column=1,
        )
        relations = _by_document(
            db,
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id IN ({marks})"
            " ORDER BY created, id",
            ids,
            relation_from_row,
            doc_column=1,
        )
        states = _by_document(
            db,
            f"SELECT {STATE_COLUMNS} FROM doc_states WHERE doc_id IN ({marks}) ORDER BY annotator",
            ids,
            state_from_row,
            doc_column=0,
        )
        return spans, relations, states

    for rows, (spans, relations, states) in document_batches(db, "id, text, meta", batch, read):
        for _, doc_id, text, meta in rows:
            yield AnnotatedDocument(
                document=document_from_row((doc_id, text, meta)),
                spans=tuple(spans.get(doc_id, ())),
                relations=tuple(relations.get(doc_id, ())),
                states=tuple(states.get(doc_id, ())),
            )


def _by_document(
    db: Database,
    sql: str,
    ids: list[str],
    from_row: Callable[[tuple], Any],
    *,
    doc_column: int,
) -> dict[str, list[Any]]:
    """The records a query finds, grouped by the document id in `doc_column`, in its order."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    # fetchall: the project's cursor checks each row in Python when iterated
    for row in db.execute(sql, ids).fetchall():
        grouped[row[doc_column]].append(from_row(row))
    return grouped


def _marks(count: int) -> str:
    return ", ".join("?" * count)


__all__ = ["ImportSink", "iter_records"]
