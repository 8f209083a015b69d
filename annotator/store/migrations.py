"""Versioned schema migrations.

The version lives in `PRAGMA user_version`; each applied migration is also recorded in the
`migrations` table with its time. Migration N turns a version N-1 file into version N. Before
migrating an existing file, a copy of it is kept beside it (`NAME.vN.bak`), so that a failed or
unwanted upgrade can be undone by hand. Each release that changes the schema adds a function
here and a fixture file `tests/fixtures/project-vN.annotator` written by that release.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from annotator.core.library import title_sort_key
from annotator.store.schema import (
    FILL_DOC_LABELS,
    FILL_TEXT_INDEX,
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_V3,
)


def _create_v1(db: Database) -> None:
    db.executescript(SCHEMA_V1)


def _add_text_index(db: Database) -> None:
    db.execute(SCHEMA_V2)  # execute, not executescript: that would commit the transaction
    db.execute(FILL_TEXT_INDEX)


def _add_span_indexes(db: Database) -> None:
    for statement in SCHEMA_V3:
        db.execute(statement)
    db.execute(FILL_DOC_LABELS)
    rows = db.execute("SELECT seq, title FROM documents").fetchall()
    db.conn.executemany(
        "UPDATE documents SET title_key = ? WHERE seq = ?",
        [(title_sort_key(title), seq) for seq, title in rows],
    )


MIGRATIONS: dict[int, tuple[str, Callable[[Database], None]]] = {
    1: ("create the tables of schema version 1", _create_v1),
    2: ("index the documents' text for searching", _add_text_index),
    3: ("index spans by length, and documents by the labels of their spans", _add_span_indexes),
}

MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied TEXT NOT NULL
)
"""
