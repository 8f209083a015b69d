"""Plain text files: one file, one document, no annotations.

The document id is the file's path relative to the folder it was found in (or its name), the
title its first non-empty line. Line ends are kept as they are, so offsets match the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Document
from annotator.formats.textfile import read_text

NAME = "txt"
TITLE_LIMIT = 120


def read(path: Path, *, doc_id: str) -> Iterator[tuple[AnnotatedDocument, str, int]]:
    text = read_text(path)
    if not text.strip():
        raise InputError("the file is empty: there is no text to import", file=str(path))
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    if len(first_line) > TITLE_LIMIT:
        first_line = first_line[: TITLE_LIMIT - 1] + "…"
    meta = {"title": first_line, "source_file": doc_id}
    document = Document(id=doc_id, text=text, meta=meta)
    yield AnnotatedDocument(document=document), str(path), path.stat().st_size
