"""Small projects for the window tests, built in a test's tmp_path."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.resources import load_scheme
from annotator.services.importing import import_paths
from annotator.store import Project


def build_project(path: Path, documents: Iterable[dict[str, Any]], *, name: str = "") -> Path:
    """A project at `path` holding `documents` (native JSONL records), imported by "tester"."""
    source = path.with_suffix(".jsonl")
    with source.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    with Project.create(path, load_scheme("german-news"), name=name) as project:
        import_paths(project, [source], annotator="tester")
    return path


def numbered_documents(count: int) -> Iterator[dict[str, Any]]:
    """doc-0000, doc-0001, ... titled "Article 0", "Article 1", ... of growing length."""
    for number in range(count):
        yield {
            "id": f"doc-{number:04d}",
            "text": f"Text of article {number}. " + "Lorem ipsum. " * (number % 7),
            "meta": {"title": f"Article {number}"},
        }
