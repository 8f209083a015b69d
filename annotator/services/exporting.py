"""Exporting a project: written to a temporary file and renamed, so no half-written output."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotatedDocument
from annotator.formats import native
from annotator.store import Project

Progress = Callable[[int, int], None]
"""Called with (documents written, documents in all)."""


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: str
    documents: int
    spans: int

    def __str__(self) -> str:
        return f"Exported {self.documents:,} documents with {self.spans:,} spans to {self.path}"


def export_jsonl(
    project: Project, out: Path | str, *, progress: Progress | None = None
) -> ExportSummary:
    """Write every document with its annotations as native JSON lines ('-' for stdout)."""
    total = project.document_count()
    counts = {"documents": 0, "spans": 0}

    def records():
        for record in project.iter_records():
            counts["documents"] += 1
            counts["spans"] += len(record.spans)
            if progress is not None:
                progress(counts["documents"], total)
            yield record

    if str(out) == "-":
        _write_stdout(records)
        return ExportSummary("standard output", counts["documents"], counts["spans"])
    out = Path(out)
    # A new file beside the output (so the rename stays on one file system), created with the
    # usual permissions (umask), unlike tempfile's private 0600 files.
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("x", encoding="utf-8", newline="\n") as stream:
            native.write(records(), stream)
        os.replace(partial, out)
    except OSError as error:
        _remove(partial)
        raise AnnotatorError(f"{out}: cannot write the export ({error.strerror})") from None
    except BaseException:
        _remove(partial)
        raise
    return ExportSummary(str(out), counts["documents"], counts["spans"])


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _write_stdout(records: Callable[[], Iterator[AnnotatedDocument]]) -> None:
    """JSON lines are UTF-8 whatever the terminal's encoding (e.g. cp1252 on Windows)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by something text-only
        native.write(records(), sys.stdout)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", write_through=True)
    try:
        native.write(records(), stream)
        stream.flush()
    finally:
        stream.detach()  # leave sys.stdout's buffer open
