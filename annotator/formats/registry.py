"""The formats by name, and finding the files an import means.

`annotator formats` lists this table; later formats register here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import InputError
from annotator.formats.textfile import SNIFF_BYTES


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    description: str
    extensions: tuple[str, ...]
    can_read: bool
    can_write: bool


FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo(
            "jsonl",
            "Annotator JSON lines: documents with spans, speakers, states (lossless)",
            (".jsonl", ".ndjson"),
            can_read=True,
            can_write=True,
        ),
        FormatInfo(
            "txt",
            "plain text, one document a file (UTF-8)",
            (".txt", ".text"),
            can_read=True,
            can_write=False,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    format: str
    doc_id: str
    """For plain text: the document id (path relative to the folder given)."""


def collect_inputs(paths: Iterable[Path], format_name: str = "auto") -> list[InputFile]:
    """The files to import from files and folders (recursively), each with its format.

    In a folder, only files with a known extension are taken (hidden ones skipped); a file
    named directly is taken whatever its name, its format told by extension or content.
    """
    if format_name != "auto" and format_name not in FORMATS:
        known = ", ".join(["auto", *FORMATS])
        raise InputError(f"unknown format {format_name!r}; known: {known}")
    found: list[InputFile] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                fmt = format_name if format_name != "auto" else _by_extension(file)
                if fmt is not None:
                    found.append(InputFile(file, fmt, relative.as_posix()))
        elif path.is_file():
            fmt = format_name if format_name != "auto" else _detect(path)
            found.append(InputFile(path, fmt, path.name))
        else:
            raise InputError("no such file or folder", file=str(path))
    if not found:
        names = ", ".join(str(p) for p in paths)
        raise InputError(f"found no .txt or .jsonl files to import in {names}")
    return found


def _by_extension(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return next((f.name for f in FORMATS.values() if f.can_read and suffix in f.extensions), None)


def _detect(path: Path) -> str:
    by_name = _by_extension(path)
    if by_name is not None:
        return by_name
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "txt"
