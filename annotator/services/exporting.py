"""Exporting a project: written to a temporary file and renamed, so no half-written output."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
        native.write(records(), sys.stdout)
        sys.stdout.flush()
        return ExportSummary("standard output", counts["documents"], counts["spans"])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=out.parent, prefix=f".{out.name}.", delete=False, newline="\n"
    ) as stream:
        try:
            native.write(records(), stream)
        except BaseException:
            stream.close()
            os.unlink(stream.name)
            raise
    os.replace(stream.name, out)
    return ExportSummary(str(out), counts["documents"], counts["spans"])
