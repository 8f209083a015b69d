"""Files that are not (or no longer) projects: a clear ProjectError naming the file, never a bare
sqlite3 error, and the file left exactly as it was."""

from __future__ import annotations

import ast
import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from annotator.core import commands
from annotator.core.model import AnnotatedDocument, DocState, Document, Span
from annotator.resources import load_scheme
from annotator.store import (
    NewerProjectError,
    NotAProjectError,
    Project,
    ProjectError,
    ProjectNotFoundError,
)
from annotator.store.schema import CURRENT_VERSION

from .conftest import import_records, news_text

STORE = Path(__file__).resolve().parents[2] / "annotator" / "store"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fingerprint(path: Path) -> str:
    """The bytes of a file, or "folder" or "missing".

    (A read-only open of a WAL file leaves empty -wal and -shm files beside it, as SQLite
    does; the file itself must not change.)
    """
    if path.is_dir():
        return "folder"
    if not path.exists():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_project(path: Path, documents: int = 3) -> Path:
    records = [
        AnnotatedDocument(
            Document(f"doc-{n}", news_text(n, 200)),
            spans=(Span(f"doc-{n}", 0, 3, "PER", "tester"),),
        )
        for n in range(documents)
    ]
    with Project.create(path, load_scheme("german-news")) as project:
        import_records(project, records)
    return path


def set_pragma(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(sql)


def assert_refused(path: Path, error_type: type[ProjectError], *words: str) -> ProjectError:
    """Opening `path` (for writing and read-only) raises exactly `error_type`, naming the file
    and saying `words`, and leaves the file as it was."""
    before = fingerprint(path)
    for read_only in (False, True):
        with pytest.raises(ProjectError) as caught:
            Project.open(path, read_only=read_only)
        error = caught.value
        assert type(error) is error_type, f"{type(error).__name__}: {error}"
        assert not isinstance(error, sqlite3.Error)
        assert str(error).startswith(f"{path}: ")
        assert error.path == path
        for word in words:
            assert word in str(error)
        assert fingerprint(path) == before, "a refused file was changed"
    return error


# Files that were never projects


def text_file(path: Path) -> None:
    path.write_text("id,text\n1,Angela Merkel sagte in Berlin …\n" * 200, encoding="utf-8")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(64 * 1024))


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


def other_program(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("INSERT INTO moz_bookmarks (title) VALUES ('Wikinews')")
        db.commit()


def truncated_project(path: Path) -> None:
    make_project(path, documents=40)
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def header_only(path: Path) -> None:
    make_project(path)
    with path.open("r+b") as file:
        file.truncate(50)


def folder(path: Path) -> None:
    path.mkdir()


def missing(path: Path) -> None:
    pass


BAD_FILES: dict[str, tuple[Callable[[Path], None], type[ProjectError], tuple[str, ...]]] = {
    "text file": (text_file, NotAProjectError, ("not an Annotator project",)),
    "random bytes": (random_bytes, NotAProjectError, ("not an Annotator project",)),
    "empty file": (empty_file, NotAProjectError, ("empty",)),
    "other program": (other_program, NotAProjectError, ("another program",)),
    "truncated project": (truncated_project, NotAProjectError, ("damaged",)),
    "header only": (header_only, NotAProjectError, ("damaged",)),
    "folder": (folder, NotAProjectError, ("folder",)),
    "missing": (missing, ProjectNotFoundError, ("no such project file",)),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_is_refused_with_a_clear_error(kind: str, tmp_path: Path):
    make, error_type, words = BAD_FILES[kind]
    path = tmp_path / "bad.annotator"
    make(path)
    assert_refused(path, error_type, *words)


def test_project_of_a_newer_version_asks_for_an_update(tmp_path: Path):
    path = make_project(tmp_path / "future.annotator")
    set_pragma(path, f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    error = assert_refused(path, NewerProjectError, "newer version", "Update Annotator")
    assert f"format {CURRENT_VERSION + 1}" in str(error)


def test_missing_folder_is_not_found(tmp_path: Path):
    assert_refused(tmp_path / "no" / "such" / "x.annotator", ProjectNotFoundError)


# Files that were projects and have been damaged


def test_damaged_project_reports_damage_but_never_a_bare_sqlite_error(tmp_path: Path):
    """Bytes overwritten in the middle: opening may work (the header is fine), but every
    operation then either works or raises NotAProjectError naming the file; check() lists it."""
    original = make_project(tmp_path / "original.annotator", documents=300)
    size = original.stat().st_size
    rng = random.Random(20261125)
    refused = 0
    for attempt in range(8):
        path = tmp_path / f"damaged-{attempt}.annotator"
        shutil.copyfile(original, path)
        with path.open("r+b") as file:
            file.seek(rng.randrange(size // 4, size * 3 // 4))
            file.write(rng.randbytes(8192))
        errors = []
        try:
            project = Project.open(path)
        except NotAProjectError as error:
            errors.append(str(error))
        else:
            with project:
                assert project.check() != [], "check() did not notice the damage"
                for operation in operations(project).values():
                    try:
                        operation()
                    except NotAProjectError as error:
                        errors.append(str(error))
        for message in errors:
            assert message.startswith(f"{path}: ")
            assert "damaged" in message
            assert len(message) < 500, "the message quotes the damaged text"
        refused += bool(errors)
    assert refused >= 4, "the damage was too slight to test anything"


def operations(project: Project) -> dict[str, Callable[[], object]]:
    """Everything a person can do with an open project, by name."""
    doc_ids = [f"doc-{n}" for n in range(300)]
    return {
        "list_documents": lambda: project.list_documents(limit=1000),
        "document_count": project.document_count,
        "get_document": lambda: [project.get_document(d) for d in doc_ids],
        "spans": lambda: [project.spans(d) for d in doc_ids],
        "relations": lambda: [project.relations(d) for d in doc_ids],
        "states": lambda: [project.states(d) for d in doc_ids],
        "iter_records": lambda: list(project.iter_records()),
        "stats": project.stats,
        "edit_log": project.edit_log,
        "annotators": project.annotators,
        "apply": lambda: project.apply(
            commands.set_document_state("doc-150", "anna", DocState.DONE, None), "anna"
        ),
        "undo": lambda: project.next_undo("anna") and project.undo("anna"),
    }


# Files that were tampered with


TAMPERING = {
    "trigger": "CREATE TRIGGER sneaky AFTER INSERT ON edits"
    " BEGIN INSERT INTO settings (key, value) VALUES ('sneaky', '\"ran\"'); END",
    "view": "CREATE VIEW sneaky AS SELECT * FROM spans",
}


@pytest.mark.parametrize("kind", TAMPERING)
def test_tampered_project_is_refused(kind: str, tmp_path: Path):
    path = make_project(tmp_path / "tampered.annotator")
    set_pragma(path, TAMPERING[kind])
    assert_refused(path, NotAProjectError, f"{kind} 'sneaky'", "tampered")


def test_one_of_our_triggers_rewritten_is_refused(tmp_path: Path):
    """The label index's triggers are ours word for word; one with another body is not."""
    path = make_project(tmp_path / "tampered.annotator")
    set_pragma(path, "DROP TRIGGER doc_labels_span_removed")
    set_pragma(
        path,
        "CREATE TRIGGER doc_labels_span_removed AFTER DELETE ON spans"
        " BEGIN INSERT INTO settings (key, value) VALUES ('sneaky', '\"ran\"'); END",
    )
    assert_refused(path, NotAProjectError, "trigger 'doc_labels_span_removed'", "tampered")


def test_opening_a_tampered_project_never_runs_its_trigger(tmp_path: Path, pretend_version_2: list):
    """Opening an older project writes (the upgrade logs itself in `edits`): the trigger
    would fire then, had the file not been refused before."""
    path = tmp_path / "tampered.annotator"
    shutil.copyfile(FIXTURES / "project-v1.annotator", path)
    set_pragma(path, TAMPERING["trigger"])
    assert_refused(path, NotAProjectError, "trigger 'sneaky'")
    assert pretend_version_2 == [], "the upgrade ran"
    assert not list(tmp_path.glob("*.bak")), "an upgrade backup was written"
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        assert db.execute("SELECT count(*) FROM settings WHERE key = 'sneaky'").fetchone() == (0,)


# Nothing in a project file is ever unpickled or executed


def test_the_store_never_unpickles_or_evaluates():
    risky_modules = {"pickle", "cPickle", "dill", "shelve", "marshal", "jsonpickle"}
    risky_calls = {"eval", "exec", "compile", "__import__"}
    found = []
    for source in sorted(STORE.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in risky_calls:
                    found.append(f"{source.name}:{node.lineno} calls {node.func.id}")
                continue
            else:
                continue
            found += [
                f"{source.name}:{node.lineno} imports {name}"
                for name in names
                if name.split(".")[0] in risky_modules
            ]
    assert found == []
    assert len(list(STORE.glob("*.py"))) >= 8, "the store's sources were not found"
