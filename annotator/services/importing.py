"""Importing files into a project: all or nothing, with progress and a clear error."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats.protocol import ReadOptions
from annotator.formats.registry import FORMATS, collect_inputs
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
    notes: dict[str, int] = field(default_factory=dict)
    """What the readers passed over on purpose, counted (e.g. rejected Prodigy tasks)."""

    def __str__(self) -> str:
        text = (
            f"Imported {self.documents:,} documents with {self.spans:,} spans and "
            f"{self.relations:,} speaker links from {self.files:,} file(s)"
        )
        if self.new_labels:
            text += f"; added labels: {', '.join(self.new_labels)}"
        for note, count in self.notes.items():
            text += f"; {count:,} {note}"
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
    total = sum(_size(item.path) for item in inputs)
    options = ReadOptions(scheme=project.scheme, annotator=annotator, add_labels=add_labels)
    names = ", ".join(item.path.name for item in inputs[:3]) + (" ..." if len(inputs) > 3 else "")
    with project.importing(annotator, f"Import {names}") as sink:
        base = 0
        for item in inputs:
            reader = FORMATS[item.format].load()
            for read in reader.read(item.path, options, name=item.doc_id):
                sink.add(read.record, origin=read.origin)
                if progress is not None:
                    progress(base + read.done, total)
            base += _size(item.path)
        if options.new_labels:
            sink.set_scheme(options.effective_scheme())
    counts = sink.counts  # final once the block has flushed and committed
    return ImportSummary(
        files=len(inputs),
        documents=counts.get("documents", 0),
        spans=counts.get("spans", 0),
        relations=counts.get("relations", 0),
        new_labels=tuple(sorted(options.new_labels)),
        notes=dict(options.notes),
    )


def _size(path: Path) -> int:
    """Bytes to read: a file's size, or the sum of a folder's (formats reading folders)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size
