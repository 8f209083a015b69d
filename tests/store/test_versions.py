"""Project files of every schema version open with the current code, upgraded, contents intact.

`tests/fixtures/project-vN.annotator` is what version N of the program wrote (see
`tests/fixtures/make_fixtures.py`). Each is opened from a copy, upgraded to the current
version, checked, and read back: documents, spans, the speaker link, states, the edit log,
and an undo and redo of edits made before the file was closed.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.core.library import DocumentQuery
from annotator.core.model import SPEAKER, DocState, Source, Status
from annotator.store import Project, ReadOnlyProjectError
from annotator.store import connection as connection_module
from annotator.store import project as project_module
from annotator.store.migrations import MIGRATIONS
from annotator.store.schema import APPLICATION_ID, CURRENT_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted(FIXTURES.glob("project-v*.annotator"))

MERKEL = "Angela Merkel sagte am Montag in Berlin: „Wir schaffen das.“ Die CDU schwieg.\n"
KOELN = "Köln feiert 🎉 den Karneval.\r\nDer 1. FC Köln 😀 gewinnt in München.\r\n"
TEXTS = {
    "merkel": MERKEL,
    "koeln": KOELN,
    "bahn": "Ein kurzer Text über die Deutsche Bahn.",
    "plain": "Plain text without any annotations.",
}
# span id -> (document, covered text, label, annotator); offsets count code points.
SPANS = {
    "span-berlin": ("merkel", "Berlin", "LOC", "spacy"),
    "span-merkel": ("merkel", "Angela Merkel", "PER", "anna"),
    "span-quote": ("merkel", "„Wir schaffen das.“", "QUOTE", "anna"),
    "span-cdu": ("merkel", "CDU", "ORG", "anna"),
    "span-koeln": ("koeln", "Köln", "LOC", "anna"),
    "span-fc": ("koeln", "1. FC Köln", "ORG", "anna"),
    "span-muenchen": ("koeln", "München", "LOC", "anna"),
    "span-bahn": ("bahn", "Deutsche Bahn", "ORG", "bob"),
}
STATES = {
    "merkel": {"anna": DocState.DONE},
    "koeln": {"anna": DocState.IN_PROGRESS},
    "bahn": {"bob": DocState.SKIPPED},
    "plain": {},
}


def file_version(path: Path) -> int:
    """The schema version in the file's header, read without touching the file.

    (`immutable=1`: a plain read-only open of a WAL file leaves -wal and -shm files beside
    it, which in tests/fixtures would be committed by mistake.)
    """
    uri = f"file:{path}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def load_make_fixtures():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_is_a_fixture_for_every_schema_version():
    versions = sorted(file_version(path) for path in FILES)
    assert versions == list(range(1, CURRENT_VERSION + 1))
    for path in FILES:
        assert path.name == f"project-v{file_version(path)}.annotator"


def test_fixtures_are_whole_files_without_wal_or_shm():
    """A fixture must hold everything in the file itself: its WAL was checkpointed on close."""
    leftovers = [p.name for p in FIXTURES.iterdir() if p.name.endswith(("-wal", "-shm"))]
    assert leftovers == []
    for path in FILES:
        uri = f"file:{path}?mode=ro&immutable=1"  # reads only the file itself
        with closing(sqlite3.connect(uri, uri=True)) as db:
            assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == len(TEXTS)


@pytest.fixture(params=[*FILES, "made-now"], ids=lambda p: getattr(p, "name", p))
def old_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of each fixture file, and one written by make_fixtures.py with today's code."""
    copy = tmp_path / "old.annotator"
    if request.param == "made-now":
        load_make_fixtures().build(copy)
    else:
        shutil.copyfile(request.param, copy)
    return copy


def test_old_project_is_upgraded_and_keeps_its_contents(old_project: Path):
    version = file_version(old_project)
    with Project.open(old_project) as project:
        assert project.schema_version == CURRENT_VERSION
        assert project.check() == []
        assert project.name == "Fixture"
        assert project.scheme.name == "german-news"

        assert [s.id for s in project.list_documents()] == list(TEXTS)
        for doc_id, text in TEXTS.items():
            assert project.get_document(doc_id).text == text
        assert project.get_document("merkel").title == "Merkel in Berlin"
        assert project.get_document("koeln").meta == {"source": "fixture"}

        for span_id, (doc_id, covered, label, annotator) in SPANS.items():
            span = project.get_span(span_id)
            assert span is not None, span_id
            assert (span.doc_id, span.label, span.annotator) == (doc_id, label, annotator)
            assert span.text_in(TEXTS[doc_id]) == covered
            assert span.start == TEXTS[doc_id].index(covered)
        stored = {s.id for d in TEXTS for s in project.spans(d)}
        assert stored == set(SPANS)
        berlin = project.get_span("span-berlin")
        assert (berlin.source, berlin.model, berlin.status) == (
            Source.MODEL,
            "de_core_news_lg",
            Status.PENDING,
        )
        quote = project.get_span("span-quote")
        assert (dict(quote.attrs), quote.comment) == ({"type": "Direct"}, "Kernsatz")
        # The emoji before it takes one index each: "München" starts where Python says.
        assert project.get_span("span-muenchen").start == KOELN.index("München")

        [link] = project.relations("merkel")
        assert (link.kind, link.head, link.tail) == (SPEAKER, "span-quote", "span-merkel")
        for doc_id, states in STATES.items():
            assert {a: s.state for a, s in project.states(doc_id).items()} == states
        new_for_anna = DocumentQuery(state=DocState.NEW, annotator="anna")
        assert [s.id for s in project.list_documents(new_for_anna)] == ["bahn", "plain"]

        log = reversed(project.edit_log(limit=1000))
        actions = [(e.annotator, e.action) for e in log if e.action != "migrate"]
        assert actions[0] == ("anna", "import")
        assert ("bob", "do") in actions
        assert actions[-1] == ("anna", "undo")
        if version < CURRENT_VERSION:
            assert project.edit_log(limit=1)[0].action == "migrate"
            assert old_project.with_name(f"old.annotator.v{version}.bak").exists()


def test_undo_and_redo_across_the_upgrade(old_project: Path):
    """The edit history written by an old version still drives undo and redo."""
    with Project.open(old_project) as project:
        assert project.get_span("span-karneval") is None
        undone = project.undo("anna")
        assert undone.command.describe() == "Mark as done document 'merkel'"
        assert project.states("merkel")["anna"].state is DocState.IN_PROGRESS
    with Project.open(old_project) as project:
        assert project.states("merkel")["anna"].state is DocState.IN_PROGRESS
        project.redo("anna")
        assert project.states("merkel")["anna"].state is DocState.DONE
        redone = project.redo("anna")  # the edit undone before the file was closed
        assert redone.command.describe() == "Add MISC 'Karneval'"
        karneval = project.get_span("span-karneval")
        assert karneval is not None
        assert karneval.text_in(KOELN) == "Karneval"
        assert project.next_redo("anna") is None
        project.undo("bob")
        assert project.get_span("span-bahn") is not None  # bob's last edit was the state
        assert "bob" not in project.states("bahn")
        assert project.check() == []


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "v1.annotator"
    shutil.copyfile(FIXTURES / "project-v1.annotator", copy)
    return copy


def test_upgrade_keeps_a_backup_and_logs_itself(v1_copy: Path, pretend_version_2):
    with pytest.raises(ReadOnlyProjectError, match="open it once for writing"):
        Project.open(v1_copy, read_only=True)
    assert file_version(v1_copy) == 1

    with Project.open(v1_copy) as project:
        assert project.schema_version == 2
        assert project.check() == []
        last = project.edit_log(limit=1)[0]
        assert (last.action, last.annotator) == ("migrate", "annotator")
        assert "1 -> 2" in last.description
        versions = project.db.execute("SELECT version FROM migrations ORDER BY 1").fetchall()
        assert versions == [(1,), (2,)]
        project.undo("anna")
        assert project.states("merkel")["anna"].state is DocState.IN_PROGRESS
    backup = v1_copy.with_name("v1.annotator.v1.bak")
    assert file_version(backup) == 1
    with Project.open(v1_copy) as project:  # opened again: nothing left to do
        assert len(pretend_version_2) == 1
        assert project.edit_log(limit=1)[0].action == "undo"


def test_failed_upgrade_leaves_the_file_as_it_was(v1_copy: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(db) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("migration 2 failed")

    monkeypatch.setitem(MIGRATIONS, 2, ("a migration that fails", broken))
    monkeypatch.setattr(project_module, "CURRENT_VERSION", 2)
    monkeypatch.setattr(connection_module, "CURRENT_VERSION", 2)
    with pytest.raises(RuntimeError, match="migration 2 failed"):
        Project.open(v1_copy)
    monkeypatch.undo()
    assert file_version(v1_copy) == 1
    uri = f"file:{v1_copy}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    with Project.open(v1_copy) as project:  # the real upgrade runs now
        assert project.schema_version == CURRENT_VERSION
        assert project.check() == []
        assert [e.action for e in project.edit_log(limit=2)] == ["migrate", "undo"]
