"""A small project world for the store tests: the German news scheme, a few documents, files."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from annotator.core.labels import LabelScheme
from annotator.core.model import AnnotatedDocument, Document
from annotator.resources import load_scheme
from annotator.store import Project
from annotator.store import connection as connection_module
from annotator.store import project as project_module
from annotator.store.migrations import MIGRATIONS

HERE = Path(__file__).resolve().parent
EDIT_STREAM = HERE / "edit_stream.py"

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."
NEWS = (
    "Die Kanzlerin sagte am Montag in Berlin , die Regierung werde prüfen . Der Bürgermeister "
    "von Köln widersprach 😀 heftig : „ Das ist nicht unser Weg “ , erklärte er vor Journalisten "
    "im Rathaus . Die Opposition forderte Aufklärung über die Kosten des Projekts ."
)
WORDS = NEWS.split()


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    """The (start, end) of the first occurrence of `fragment` in `text`."""
    start = text.index(fragment)
    return start, start + len(fragment)


def news_text(number: int, words: int = 120) -> str:
    """A text of `words` words, different for each `number`, with umlauts and an emoji."""
    return " ".join(WORDS[(number * 7 + i) % len(WORDS)] for i in range(words))


def import_documents(project: Project, documents: list[Document], *, file: str = "t.jsonl"):
    import_records(project, [AnnotatedDocument(d) for d in documents], file=file)


def import_records(project: Project, records: list[AnnotatedDocument], *, file: str = "t.jsonl"):
    with project.importing("tester", f"Import {file}") as sink:
        for line, record in enumerate(records, start=1):
            sink.add(record, origin=f"{file}:{line}")


def make_stream_project(path: Path, *, documents: int = 6) -> None:
    """A project for `edit_stream.py`: a few long documents with room for many spans."""
    with Project.create(path, load_scheme("german-news")) as project:
        docs = [
            Document(f"doc-{n}", news_text(n, 400), {"title": f"Meldung {n}"})
            for n in range(documents)
        ]
        import_documents(project, docs, file="stream.jsonl")


class Child:
    """A running `edit_stream.py`, its stdout read line by line on a thread."""

    def __init__(self, path: Path, annotator: str, seed: int, count: int | None = None) -> None:
        args = [sys.executable, str(EDIT_STREAM), str(path), annotator, str(seed)]
        if count is not None:
            args.append(str(count))
        self.process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            if not raw.endswith(b"\n"):
                break  # cut off by a kill: not a report
            line = raw.decode("utf-8").rstrip("\n")
            self.lines.append(line)
            if line == "ready":
                self.ready.set()
        self.ready.set()  # end of output: let a waiting test see what happened

    def wait_ready(self, timeout: float = 60) -> None:
        if not self.ready.wait(timeout) or "ready" not in self.lines:
            self.kill()
            raise AssertionError(f"the edit stream did not start:\n{self.stderr()}")

    def kill(self) -> None:
        self.process.kill()
        self.finish()

    def finish(self, timeout: float = 120) -> int:
        """Wait for the child to end and its output to be read; return its exit code."""
        code = self.process.wait(timeout)
        self._reader.join(timeout)
        return code

    def stderr(self) -> str:
        assert self.process.stderr is not None
        if self.process.poll() is None:
            return "(still running)"
        return self.process.stderr.read().decode("utf-8", "replace")

    def reports(self, what: str) -> list[dict]:
        """The JSON of every `doing` or `saved` line the child wrote completely."""
        prefix = what + " "
        return [json.loads(line[len(prefix) :]) for line in self.lines if line.startswith(prefix)]


@pytest.fixture
def spawn():
    """Start `edit_stream.py` children: `spawn(path, annotator, seed, count=None)`.

    Any child still running when the test ends (say, after a failed assertion) is killed.
    """
    started: list[Child] = []

    def start(path: Path, annotator: str, seed: int, count: int | None = None) -> Child:
        child = Child(path, annotator, seed, count)
        started.append(child)
        return child

    yield start
    for child in started:
        if child.process.poll() is None:
            child.kill()


@pytest.fixture
def scheme() -> LabelScheme:
    return load_scheme("german-news")


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.annotator"


@pytest.fixture
def project(project_path: Path, scheme: LabelScheme):
    """A new project with two documents, `doc-1` (TEXT) and `doc-2`."""
    with Project.create(project_path, scheme) as project:
        import_documents(
            project,
            [Document("doc-1", TEXT, {"title": "Merkel in Berlin"}), Document("doc-2", "Kurz.")],
        )
        yield project


@pytest.fixture
def pretend_version_2(monkeypatch: pytest.MonkeyPatch):
    """Make this program think it writes version 2, whose migration adds a table.

    Until a real version 2 ships, this is how the upgrade path (backup, migrate, log) runs.
    """
    calls = []

    def migrate_to_2(db) -> None:
        calls.append(db)
        db.execute("CREATE TABLE pretend (id INTEGER PRIMARY KEY)")

    monkeypatch.setitem(MIGRATIONS, 2, ("add a pretend table", migrate_to_2))
    monkeypatch.setattr(project_module, "CURRENT_VERSION", 2)
    monkeypatch.setattr(connection_module, "CURRENT_VERSION", 2)
    return calls
