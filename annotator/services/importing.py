"""Importing files into a project: all or nothing, with progress and a clear error."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import AnnotatedDocument
from annotator.formats import native, plaintext
from annotator.formats.registry import InputFile, collect_inputs
from annotator.store import Project

Progress = Callable[[int, int], None]
"""Called with (work done, total work), here in bytes read."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    files: int
    documents: int
    spans: int
    relations: int
    new_labels: tuple[str, ...]

    def __str__(self) -> str:
        text = (
            f"Imported {self.documents:,} documents with {self.spans:,} spans and "
            f"{self.relations:,} speaker links from {self.files:,} file(s)"
        )
        if self.new_labels:
            text += f"; added labels: {', '.join(self.new_labels)}"
        return text


def import_paths(
    project: Project,
    paths: Iterable[Path],
    *,
    annotator: str,
    format_name: str = "auto",
    add_labels: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import files and folders; on any error (InputError) the project stays as it was."""
    inputs = collect_inputs(list(paths), format_name)
    total = sum(item.path.stat().st_size for item in inputs)
    options = native.ReadOptions(scheme=project.scheme, annotator=annotator, add_labels=add_labels)
    names = ", ".join(item.path.name for item in inputs[:3]) + (" ..." if len(inputs) > 3 else "")
    with project.importing(annotator, f"Import {names}") as sink:
        base = 0
        for item in inputs:
            for record, origin, done in _read(item, options):
                sink.add(record, origin=origin)
                if progress is not None:
                    progress(base + done, total)
            base += item.path.stat().st_size
        if options.new_labels:
            sink.set_scheme(options.effective_scheme())
    counts = sink.counts  # final once the block has flushed and committed
    return ImportSummary(
        files=len(inputs),
        documents=counts.get("documents", 0),
        spans=counts.get("spans", 0),
        relations=counts.get("relations", 0),
        new_labels=tuple(sorted(options.new_labels)),
    )


def _read(
    item: InputFile, options: native.ReadOptions
) -> Iterator[tuple[AnnotatedDocument, str, int]]:
    if item.format == "jsonl":
        return native.read(item.path, options)
    return plaintext.read(item.path, doc_id=item.doc_id)
