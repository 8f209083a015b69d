"""Plain text files: one file, one document, no annotations.

The document id is the file's path relative to the folder it was found in (or its name), the
title its first non-empty line. Line ends are kept as they are, so offsets match the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Document
from annotator.formats.protocol import ReadItem, ReadOptions
from annotator.formats.textfile import read_text

NAME = "txt"
TITLE_LIMIT = 120


def sniff(head: bytes) -> int:
    """Any text could be plain text; a binary file (NUL bytes) is not."""
    return 0 if b"\x00" in head else 1


def read(path: Path, options: ReadOptions | None = None, *, name: str) -> Iterator[ReadItem]:
    """The whole file as one document, its id `name`."""
    doc_id = name
    text = read_text(path)
    if not text.strip():
        raise InputError("the file is empty: there is no text to import", file=str(path))
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    if len(first_line) > TITLE_LIMIT:
        first_line = first_line[: TITLE_LIMIT - 1] + "…"
    meta = {"title": first_line, "source_file": doc_id}
    document = Document(id=doc_id, text=text, meta=meta)
    yield ReadItem(AnnotatedDocument(document=document), str(path), None, path.stat().st_size)
