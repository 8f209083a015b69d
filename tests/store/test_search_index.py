"""The full-text index of schema version 2: made by migration 2, filled by imports, no triggers."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.core.library import DocumentQuery, SortKey
from annotator.core.model import AnnotatedDocument, Document
from annotator.store import Project
from annotator.store.migrations import MIGRATIONS
from annotator.store.schema import CURRENT_VERSION, OWN_TRIGGERS

from .conftest import import_documents
from .test_versions import FIXTURES, file_version


def found(project: Project, search: str, **query) -> list[str]:
    listing = project.list_documents(DocumentQuery(search=search, **query), limit=1000)
    return [s.id for s in listing]


def schema_objects(path: Path) -> set[tuple[str, str]]:
    uri = f"file:{path}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return {(kind, name) for kind, name in db.execute("SELECT type, name FROM sqlite_master")}


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "v1.annotator"
    shutil.copyfile(FIXTURES / "project-v1.annotator", copy)
    return copy


def test_a_version_1_file_gets_its_text_indexed(v1_copy: Path):
    assert ("table", "documents_text") not in schema_objects(v1_copy)
    with Project.open(v1_copy) as project:
        assert project.schema_version == CURRENT_VERSION
        versions = project.db.execute("SELECT version, name FROM migrations ORDER BY 1").fetchall()
        assert versions[1] == (2, MIGRATIONS[2][0])
        assert found(project, "schaffen") == ["merkel"]  # in the text, not the title
        assert found(project, "gewinnt münchen") == ["koeln"]  # the second line, after emoji
        assert found(project, "deutsche bahn") == ["bahn"]
        assert found(project, "without annotations") == ["plain"]
        assert project.check() == []
    assert file_version(v1_copy.with_name("v1.annotator.v1.bak")) == 1


def test_a_failed_indexing_leaves_the_file_at_version_1(v1_copy: Path, monkeypatch):
    _, index_text = MIGRATIONS[2]

    def fails_after_indexing(db) -> None:
        index_text(db)
        raise RuntimeError("disk full, say")

    monkeypatch.setitem(MIGRATIONS, 2, ("index, then fail", fails_after_indexing))
    with pytest.raises(RuntimeError, match="disk full"):
        Project.open(v1_copy)
    assert file_version(v1_copy) == 1
    assert ("table", "documents_text") not in schema_objects(v1_copy)


def test_new_projects_hold_the_index_and_only_our_own_triggers(project_path: Path, scheme):
    with Project.create(project_path, scheme) as project:
        import_documents(project, [Document("a", "Der Rhein führt Hochwasser.")])
    objects = schema_objects(project_path)
    assert ("table", "documents_text") in objects
    assert {name for kind, name in objects if kind == "trigger"} == set(OWN_TRIGGERS)
    assert "view" not in {kind for kind, _ in objects}
    with Project.open(project_path) as project:  # check_identity accepts what we wrote
        assert found(project, "hochwasser") == ["a"]


def test_imports_continue_the_positions_and_index_each_document(project: Project):
    import_documents(
        project,
        [Document("c", "Erste Meldung über Kiel."), Document("d", "Zweite Meldung über Kiel.")],
        file="more.jsonl",
    )
    positions = {s.id: s.position for s in project.list_documents()}
    assert positions == {"doc-1": 1, "doc-2": 2, "c": 3, "d": 4}
    assert found(project, "kiel") == ["c", "d"]
    assert found(project, "kiel", sort=SortKey.POSITION, descending=True) == ["d", "c"]
    assert found(project, "zweite kiel") == ["d"]
    assert found(project, "universität") == ["doc-1"]


def test_a_failed_import_indexes_nothing(project: Project):
    def import_then_fail() -> None:
        with project.importing("t", "Import") as sink:
            sink.add(_record("x", "Ein Walross im Hafen."), origin="x.jsonl:1")
            sink.flush()
            raise ValueError("broken input")

    with pytest.raises(ValueError, match="broken"):
        import_then_fail()
    assert found(project, "walross") == []
    count = project.db.execute(
        "SELECT count(*) FROM documents_text WHERE documents_text MATCH 'walross'"
    ).fetchone()[0]
    assert count == 0


def test_another_programs_import_is_seen(project_path: Path, project: Project):
    query = DocumentQuery(search="Elbe")
    assert project.document_count(query) == 0  # remembered for the next pages
    with Project.open(project_path) as other:
        import_documents(other, [Document("elbe", "Die Elbe steigt.")], file="other.jsonl")
    assert project.document_count(query) == 1
    assert [s.id for s in project.list_documents(query)] == ["elbe"]


def _record(doc_id: str, text: str) -> AnnotatedDocument:
    return AnnotatedDocument(Document(doc_id, text))
