"""Opening a project file: pragmas, telling our files from others, refusing what we cannot read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from annotator.store.errors import NewerProjectError, NotAProjectError, ProjectNotFoundError
from annotator.store.schema import APPLICATION_ID, CURRENT_VERSION

BUSY_TIMEOUT_S = 10.0
"""How long a write waits for another process's transaction before giving up."""


def connect(path: Path, *, read_only: bool = False, create: bool = False) -> Database:
    """Open the SQLite file at `path` with the settings every project connection uses."""
    if not create and not path.exists():
        raise ProjectNotFoundError(
            path, "no such project file (create one with `annotator init PATH`)"
        )
    if path.is_dir():
        raise NotAProjectError(path, "is a folder, not a project file")
    mode = "ro" if read_only else ("rwc" if create else "rw")
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as error:
        raise NotAProjectError(path, f"cannot be opened ({error})") from None
    try:
        # Schema objects (views, triggers) may not call functions with side effects, so that
        # a doctored file cannot make opening it do anything but read data.
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a commit reported done survives a power cut as well as a crash.
        conn.execute("PRAGMA synchronous = FULL")
        header = conn.execute("PRAGMA application_id").fetchone()  # reads the file header
        del header
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise NotAProjectError(
            path, f"is not an Annotator project or is damaged (SQLite says: {error})"
        ) from None
    return Database(conn, execute_plugins=False)


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Make the reads inside the block see one state of the file (one read transaction).

    Outside a transaction each statement sees the file as it is at that moment, and another
    process may commit between two of them: spans read before an edit and the speaker links
    read after it would not fit together. Inside a write transaction the reads see that one.
    """
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("COMMIT")


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def check_identity(db: Database, path: Path) -> int:
    """Make sure the file is an Annotator project this version can read; return its version."""
    try:
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = schema_version(db)
        objects = db.execute("SELECT type, name FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as error:
        raise NotAProjectError(path, f"is damaged (SQLite says: {error})") from None
    if application_id != APPLICATION_ID:
        if not objects:
            raise NotAProjectError(path, "is an empty database, not an Annotator project")
        raise NotAProjectError(path, "is an SQLite database of another program, not a project")
    if version > CURRENT_VERSION:
        raise NewerProjectError(
            path,
            f"was written by a newer version of Annotator (project format {version}; this "
            f"version reads formats up to {CURRENT_VERSION}). Update Annotator to open it.",
        )
    unexpected = [f"{kind} {name!r}" for kind, name in objects if kind in ("trigger", "view")]
    if unexpected:
        raise NotAProjectError(
            path,
            "holds database objects that Annotator never writes ("
            + ", ".join(unexpected)
            + "); it may have been tampered with, so it is not opened",
        )
    return version


def mark_as_project(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
