"""Opening a project file: pragmas, telling our files from others, refusing what we cannot read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from annotator.store.errors import NewerProjectError, NotAProjectError, ProjectNotFoundError
from annotator.store.schema import APPLICATION_ID, CURRENT_VERSION, OWN_TRIGGERS

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
        conn = sqlite3.connect(
            uri,
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_S,
            factory=_ProjectConnection,
        )
    except sqlite3.Error as error:
        raise NotAProjectError(path, f"cannot be opened ({error})") from None
    try:
        # Schema objects (views, triggers) may not call functions with side effects, so that
        # a doctored file cannot make opening it do anything but read data.
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        # INSERT OR REPLACE of a span must fire the delete trigger that keeps doc_labels
        # (sqlite-utils turns this on as well; the store does not leave it to that).
        conn.execute("PRAGMA recursive_triggers = ON")
        # FULL: a commit reported done survives a power cut as well as a crash.
        conn.execute("PRAGMA synchronous = FULL")
        header = conn.execute("PRAGMA application_id").fetchone()  # reads the file header
        del header
        if create:
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise NotAProjectError(
            path, f"is not an Annotator project or is damaged (SQLite says: {error})"
        ) from None
    conn.path = path  # from now on, damage found by any statement names the file
    return Database(conn, execute_plugins=False)


_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _raise_if_damaged(connection: sqlite3.Connection, error: sqlite3.DatabaseError) -> None:
    """Raise NotAProjectError naming the file if `error` says the file is damaged.

    A file whose header is sound opens fine even if pages further in were overwritten; the
    damage shows only when a statement reaches them, possibly long after opening.
    """
    path = getattr(connection, "path", None)
    if path is None:
        return
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _DAMAGE_CODES:
        reason = str(error)
    elif code is None and str(error).startswith("Could not decode to UTF-8"):
        # Python's own check of a text value; the message goes on to quote the whole text.
        reason = str(error).split(" with text ", 1)[0]
    else:
        return
    raise NotAProjectError(
        path, f"is damaged (SQLite says: {reason}); check it, or restore it from a backup"
    ) from error


class _ProjectCursor(sqlite3.Cursor):
    """A cursor that reports a damaged file as NotAProjectError, not as a bare sqlite3 error."""

    def _reporting_damage(self, call, *args):
        try:
            return call(*args)
        except sqlite3.DatabaseError as error:
            _raise_if_damaged(self.connection, error)
            raise

    def execute(self, sql, parameters=(), /):
        return self._reporting_damage(super().execute, sql, parameters)

    def executemany(self, sql, parameters, /):
        return self._reporting_damage(super().executemany, sql, parameters)

    def executescript(self, script, /):
        return self._reporting_damage(super().executescript, script)

    def fetchone(self):
        return self._reporting_damage(super().fetchone)

    def fetchmany(self, size=1):
        return self._reporting_damage(super().fetchmany, size)

    def fetchall(self):
        return self._reporting_damage(super().fetchall)

    def __next__(self):  # once per row: no extra call on the way
        try:
            return super().__next__()
        except sqlite3.DatabaseError as error:
            _raise_if_damaged(self.connection, error)
            raise


class _ProjectConnection(sqlite3.Connection):
    """The connection of an open project: every statement runs through `_ProjectCursor`."""

    path: Path | None = None

    def cursor(self, factory=_ProjectCursor):
        return super().cursor(factory)

    # sqlite3.Connection's shortcuts make a plain cursor; these make ours.
    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script, /):
        return self.cursor().executescript(script)


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
        objects = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
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
    unexpected = [
        f"{kind} {name!r}"
        for kind, name, sql in objects
        if kind in ("trigger", "view") and OWN_TRIGGERS.get(name) != sql
    ]
    if unexpected:
        raise NotAProjectError(
            path,
            "holds database objects that Annotator never writes ("
            + ", ".join(unexpected)
            + "); it may have been tampered with, so it is not opened",
        )
    return version


def use_wal(db: Database) -> None:
    """Switch a project opened for writing to WAL (a reader never waits for a writer).

    The journal mode is kept in the file, so this happens only once `check_identity` has
    accepted it: a file of another program that is refused is left exactly as it was.
    """
    db.execute("PRAGMA journal_mode = WAL")


def mark_as_project(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
