"""Helpers for the format and import tests: projects and files to import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import AnnotatedDocument, Document
from annotator.formats import native
from annotator.resources import load_scheme
from annotator.store import Project

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    """The (start, end) of the first occurrence of `fragment` in `text`."""
    start = text.index(fragment)
    return start, start + len(fragment)


def span(fragment: str, label: str, text: str = TEXT, **fields: Any) -> dict[str, Any]:
    start, end = at(fragment, text)
    return {"start": start, "end": end, "label": label, **fields}


def json_line(value: Any) -> str:
    """As export writes it; with \\u escapes where a string is not Unicode (a lone surrogate)."""
    line = json.dumps(value, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return line


def write_jsonl(path: Path, records: list[Any]) -> Path:
    """One JSON value a line (a str is written as it is: a broken line on purpose)."""
    lines = [r if isinstance(r, str) else json_line(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return path


def read_options(**fields: Any) -> native.ReadOptions:
    return native.ReadOptions(scheme=load_scheme("german-news"), annotator="tester", **fields)


def add_documents(project: Project, *documents: Document) -> None:
    with project.importing("tester", "Set up") as sink:
        for number, document in enumerate(documents, start=1):
            sink.add(AnnotatedDocument(document), origin=f"setup.jsonl:{number}")


@pytest.fixture
def project(tmp_path: Path):
    """A German news project holding one document, so that "as before" means something."""
    with Project.create(tmp_path / "p.annotator", load_scheme("german-news")) as project:
        add_documents(project, Document("existing", TEXT, {"title": "Schon da"}))
        yield project
