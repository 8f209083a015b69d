"""Exports as the window runs them: in a worker thread, with a dry run for the preview.

SQLite connections belong to the thread that opened them, so each function here opens the
project anew (read-only) in the thread that calls it, and closes it before returning; the
window's own session is never handed across threads.

`dry_run` is the real export into a temporary folder: its counts per label, what the format
cannot carry and what the filters leave out are the export pipeline's own figures, and its
preview is the first records as the format writes them.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.formats.registry import FormatInfo, get_format
from annotator.services.exporting import ExportRequest, ExportSummary, Progress, export
from annotator.store import Project

PREVIEW_LINES = 40
PREVIEW_LINE_CHARS = 2_000
PREVIEW_CHARS = 12_000
PREVIEW_STRING = 120
"""Longer strings of a JSON record (its text) are shortened in the preview."""


@dataclass(frozen=True, slots=True)
class Preview:
    text: str
    """The start of what the export writes, as plain text."""
    summary: ExportSummary
    """The export's figures (documents, spans by label and split, losses, left out)."""


def export_file(
    path: Path,
    out: Path,
    request: ExportRequest,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Export the project at `path` to `out` (see `exporting.export`)."""
    with Project.open(path, read_only=True) as project:
        return export(project, out, request, progress=progress, should_stop=should_stop)


def dry_run(
    path: Path,
    request: ExportRequest,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Preview:
    """What exporting with `request` would write: the figures, and the first records."""
    info = get_format(request.format, writing=True)
    with tempfile.TemporaryDirectory(prefix="annotator-preview-") as folder:
        out = Path(folder) / ("export" if request.split else f"export{info.extension}")
        summary = export_file(path, out, request, progress=progress, should_stop=should_stop)
        first = out / f"{request.split.names[0]}{info.extension}" if request.split else out
        return Preview(_excerpt(first, info), summary)


def _excerpt(path: Path, info: FormatInfo) -> str:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        return _files_excerpt([(p.relative_to(path).as_posix(), p.read_bytes) for p in files])
    if not path.exists():
        return ""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if not n.endswith("/"))
            return _files_excerpt([(n, lambda n=n: archive.read(n)) for n in names])
    if info.binary:
        return (
            f"{info.name} writes a binary file ({path.stat().st_size:,} bytes): "
            "there is nothing to show as text."
        )
    with path.open(encoding="utf-8", errors="replace", newline="") as stream:
        return _lines_excerpt(stream)


def _lines_excerpt(stream) -> str:
    lines, size = [], 0
    for number, line in enumerate(stream):
        if number >= PREVIEW_LINES or size >= PREVIEW_CHARS:
            lines.append("…")
            break
        line = _shorter_json(line.rstrip("\r\n"))
        if len(line) > PREVIEW_LINE_CHARS:
            line = line[:PREVIEW_LINE_CHARS] + f" … ({len(line) - PREVIEW_LINE_CHARS:,} more)"
        lines.append(line)
        size += len(line)
    return "\n".join(lines)


def _shorter_json(line: str) -> str:
    """A JSON line with its long strings (the texts) shortened, so that the spans show."""
    body = line.rstrip(",")
    if not body.startswith("{"):
        return line
    try:
        value = json.loads(body)
    except json.JSONDecodeError:
        return line
    return json.dumps(_shorten(value), ensure_ascii=False) + line[len(body) :]


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > PREVIEW_STRING:
        return f"{value[:PREVIEW_STRING]}… (+{len(value) - PREVIEW_STRING:,} characters)"
    if isinstance(value, dict):
        return {key: _shorten(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shorten(item) for item in value]
    return value


def _files_excerpt(files: list[tuple[str, Callable[[], bytes]]]) -> str:
    """A folder or zip of files (brat): the list of names, then the first document's files."""
    names = [name for name, _ in files]
    shown = names[:8] + ([f"… ({len(names) - 8:,} more)"] if len(names) > 8 else [])
    parts = ["Files: " + ", ".join(shown)]
    first_ann = next((name for name in names if name.endswith(".ann")), None)
    if first_ann is not None:
        stem = first_ann[: -len(".ann")]
        for name, load in files:
            if name in (f"{stem}.ann", f"{stem}.txt"):
                text = load().decode("utf-8", errors="replace")
                parts.append(f"\n{name}:\n" + _lines_excerpt(text.splitlines(keepends=True)))
    return "\n".join(parts)
