"""Exporting a project in any writable format: filters, splits, a manifest, and a report of
what the format could not carry. Every file is written under a temporary name and renamed into
place at the end (`export_output.Staging`), so a failed or cancelled export leaves nothing
half-written. The project is read one document at a time; with a split, once to place the
documents and once more for each split.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.clock import now
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import AnnotatedDocument
from annotator.formats.protocol import ExportContext, Misaligned, WriteReport
from annotator.formats.registry import FormatInfo, get_format
from annotator.services.export_filters import ExportFilters, RecordFilter
from annotator.services.export_output import Staging
from annotator.services.export_splits import SplitSpec, assign
from annotator.store import Project

Progress = Callable[[int, int], None]
"""Called with (documents read, documents to read)."""
MANIFEST = "manifest.json"


class ExportCancelled(AnnotatorError):
    code = "A410"

    def __init__(self) -> None:
        super().__init__("the export was cancelled; no file was written")


@dataclass(frozen=True, slots=True)
class ExportRequest:
    format: str = "jsonl"
    filters: ExportFilters | None = None
    """None: everything for a lossless format (suggestions too), else people's spans and
    accepted suggestions."""
    split: SplitSpec | None = None
    misaligned: Misaligned = "error"
    language: str = ""
    """The tokenizer's language; default: the scheme's."""
    manifest: bool = False
    """Write OUT.manifest.json beside an export without a split (a split always has one)."""

    def effective_filters(self, info: FormatInfo) -> ExportFilters:
        if self.filters is not None:
            return self.filters
        return ExportFilters(source="all" if info.lossless else "accepted")


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: str
    documents: int
    spans: int
    format: str = "jsonl"
    report: WriteReport = field(default_factory=WriteReport)
    left_out: dict[str, int] = field(default_factory=dict)
    """What the filters left out, by kind."""
    splits: dict[str, dict[str, Any]] = field(default_factory=dict)
    manifest: str | None = None

    def __str__(self) -> str:
        lines = [f"Exported {self.documents:,} documents with {self.spans:,} spans to {self.path}"]
        for name, figures in self.splits.items():
            lines.append(
                f"  {name}: {figures['documents']:,} documents, {figures['spans']:,} spans "
                f"({figures['file']})"
            )
        losses = self.report.describe_losses()
        if losses:
            lines.append(f"Not carried by {self.format}:")
            lines.extend(f"  {line}" for line in losses)
        if self.left_out:
            lines.append("Left out by the filters:")
            lines.extend(f"  {count:,} {kind}" for kind, count in sorted(self.left_out.items()))
        if self.manifest:
            lines.append(f"Manifest: {self.manifest}")
        return "\n".join(lines)


def export_jsonl(
    project: Project, out: Path | str, *, progress: Progress | None = None
) -> ExportSummary:
    """Everything, as native JSON lines ('-' for standard output)."""
    return export(project, out, ExportRequest(), progress=progress)


def export(
    project: Project,
    out: Path | str,
    request: ExportRequest,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Write the project's documents in `request.format` to `out` ('-': standard output; with
    a split, a folder holding one file per split and manifest.json)."""
    info = get_format(request.format, writing=True)
    filters = request.effective_filters(info)
    filters.check(project.scheme)
    if filters.source == "all" and not (info.lossless or info.suggestions):
        filters = replace(filters, source="accepted")  # no status field: never pending ones
    if str(out) == "-":
        if info.binary or info.output != "file" or request.split or request.manifest:
            raise InputError(f"the format {info.name} cannot be written to standard output")
        return _to_stdout(project, info, request, filters, progress, should_stop)
    out = Path(out)
    passes = 1 + len(request.split.names) if request.split else 1
    reading = _Reading(project, filters, progress, should_stop, passes)
    staging = Staging()
    try:
        if request.split is None:
            summary = _write_one(reading, info, request, out, staging)
        else:
            summary = _write_splits(reading, info, request, out, staging)
        staging.commit()
    except OSError as error:
        staging.discard()
        raise AnnotatorError(f"{out}: cannot write the export ({error.strerror})") from None
    except BaseException:
        staging.discard()
        raise
    return summary


class _Reading:
    """The project's documents through the filters, with progress and cancelling."""

    def __init__(
        self,
        project: Project,
        filters: ExportFilters,
        progress: Progress | None,
        should_stop: Callable[[], bool] | None,
        passes: int,
    ) -> None:
        self.project = project
        self.filters = filters
        self.progress = progress
        self.should_stop = should_stop
        self.total = project.document_count() * passes
        self.done = 0
        self.record_filter = RecordFilter(filters)

    def records(self, only: set[str] | None = None) -> Iterator[AnnotatedDocument]:
        """The filtered documents (only those with ids in `only`, if given). Counts what the
        filters leave out on the first pass only, so the counts are not multiplied."""
        counting = RecordFilter(self.filters) if self.done else self.record_filter
        for record in self.project.iter_records():
            self.done += 1
            if self.should_stop is not None and self.should_stop():
                raise ExportCancelled
            if self.progress is not None:
                self.progress(self.done, self.total)
            if only is not None and record.document.id not in only:
                continue
            kept = counting.apply(record)
            if kept is not None:
                yield kept


def _context(
    project: Project,
    request: ExportRequest,
    filters: ExportFilters,
    beside: Callable[[str], Path | None],
) -> ExportContext:
    return ExportContext(
        scheme=filters.export_scheme(project.scheme),
        misaligned=request.misaligned,
        language=request.language,
        beside=beside,
        documents=project.document_count(),
    )


def _write_one(
    reading: _Reading, info: FormatInfo, request: ExportRequest, out: Path, staging: Staging
) -> ExportSummary:
    target = staging.path_for(out, folder=info.output == "folder")
    context = _context(reading.project, request, reading.filters, _beside(staging, out.parent))
    report = info.load().write(reading.records(), target, context)
    left_out = dict(reading.record_filter.left_out)
    manifest = None
    if request.manifest:
        path = out.with_name(f"{out.name}.{MANIFEST}")
        splits = {"all": _figures(out.name, report)}
        _write_json(staging.path_for(path), _manifest(reading, info, request, context, splits,
                                                      report, left_out))  # fmt: skip
        manifest = str(path)
    return ExportSummary(
        str(out), report.documents, report.spans, info.name, report, left_out, {}, manifest
    )


def _write_splits(
    reading: _Reading, info: FormatInfo, request: ExportRequest, out: Path, staging: Staging
) -> ExportSummary:
    spec: SplitSpec = request.split
    if out.exists() and not out.is_dir():
        raise AnnotatorError(f"{out}: with --split the output is a folder, and this is a file")
    placed = assign(((r.document.id, {s.label for s in r.spans}) for r in reading.records()), spec)
    left_out = dict(reading.record_filter.left_out)
    context = _context(reading.project, request, reading.filters, _beside(staging, out))
    module = info.load()
    total, splits = WriteReport(), {}
    for name in spec.names:
        only = {doc_id for doc_id, split in placed.items() if split == name}
        file_name = f"{name}{info.extension}"
        target = staging.path_for(out / file_name, folder=info.output == "folder")
        report = module.write(reading.records(only), target, context)
        splits[name] = _figures(file_name, report)
        total.merge(report)
    manifest = _manifest(reading, info, request, context, splits, total, left_out)
    _write_json(staging.path_for(out / MANIFEST), manifest)
    return ExportSummary(
        str(out), total.documents, total.spans, info.name, total, left_out, splits,
        str(out / MANIFEST),
    )  # fmt: skip


def _beside(staging: Staging, folder: Path) -> Callable[[str], Path | None]:
    """Files beside the output, each written once (by the first split's writer)."""
    taken: set[str] = set()

    def beside(name: str) -> Path | None:
        if name in taken:
            return None
        taken.add(name)
        return staging.path_for(folder / name)

    return beside


def _figures(file_name: str, report: WriteReport) -> dict[str, Any]:
    return {
        "file": file_name,
        "documents": report.documents,
        "spans": report.spans,
        "labels": dict(sorted(report.labels.items())),
    }


def _manifest(
    reading: _Reading,
    info: FormatInfo,
    request: ExportRequest,
    context: ExportContext,
    splits: dict[str, dict[str, Any]],
    report: WriteReport,
    left_out: dict[str, int],
) -> dict[str, Any]:
    return {
        "program": "annotator",
        "version": __version__,
        "created": now(),
        "project": reading.project.name,
        "format": info.name,
        "labels": list(context.scheme.names),
        "filters": reading.filters.as_dict(),
        "split": request.split.as_dict() if request.split else None,
        "misaligned": request.misaligned if info.token_based else None,
        "splits": splits,
        "not_carried": report.as_dict()["not_carried"],
        "not_carried_examples": report.as_dict()["examples"],
        "left_out_by_filters": dict(sorted(Counter(left_out).items())),
    }


def _write_json(path: Path, value: Any) -> None:
    with path.open("x", encoding="utf-8", newline="\n") as stream:
        json.dump(value, stream, ensure_ascii=False, indent=2)
        stream.write("\n")


def _to_stdout(
    project: Project,
    info: FormatInfo,
    request: ExportRequest,
    filters: ExportFilters,
    progress: Progress | None,
    should_stop: Callable[[], bool] | None,
) -> ExportSummary:
    """Written to a private temporary file first, then copied: the bytes the format writes,
    UTF-8 whatever the terminal's encoding."""
    reading = _Reading(project, filters, progress, should_stop, 1)

    def no_files_beside(name: str) -> Path:
        raise InputError(f"the format {info.name} writes {name} beside its file; give -o FILE")

    context = _context(project, request, filters, no_files_beside)
    with tempfile.TemporaryDirectory(prefix="annotator-export-") as folder:
        target = Path(folder) / f"export{info.extension}"
        report = info.load().write(reading.records(), target, context)
        sys.stdout.flush()
        with target.open("rb") as source:
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:  # replaced by something text-only
                for line in source:
                    sys.stdout.write(line.decode("utf-8"))
            else:
                shutil.copyfileobj(source, buffer)
                buffer.flush()
        sys.stdout.flush()
    left_out = dict(reading.record_filter.left_out)
    return ExportSummary("standard output", report.documents, report.spans, info.name, report,
                         left_out)  # fmt: skip
