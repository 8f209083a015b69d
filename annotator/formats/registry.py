"""The formats by name, and finding the files an import means.

`FORMATS` is the one table of formats: `annotator formats` lists it, the command line takes its
names, the import detects by it. Each entry names its module by dotted path; the module is
imported only when the format is used (see `protocol` for what a module defines). To add a
format, add its module and one `FormatInfo` below.

Detection (`--format auto`): the formats that claim the file's extension, or every readable
format when none does, are asked how sure they are from the file's first 8 KiB (`sniff`); the
surest wins, a tie between formats that are sure is an error asking for `--format`, and a tie
between formats that only could be goes to the one first in the table (the more general).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal

from annotator.core.errors import InputError
from annotator.formats.textfile import SNIFF_BYTES


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    description: str
    extensions: tuple[str, ...]
    """The first is the one an export gets (e.g. each split's file); lower case."""
    module: str
    """Dotted path of the module that reads and writes it."""
    can_read: bool
    can_write: bool
    output: Literal["file", "folder"] = "file"
    """What a writer makes at its target: one file (and maybe files beside it) or a folder."""
    binary: bool = False
    """Whether the file is not text (cannot go to standard output)."""
    token_based: bool = False
    """Whether spans must fall on token boundaries (`--misaligned` applies)."""
    lossless: bool = False
    """Whether the format carries everything (then an export keeps suggestions by default)."""
    suggestions: bool = False
    """Whether the format keeps pending suggestions apart from annotations (Label Studio's
    predictions): then `--source all` passes them to it (and the rejected ones, reported)."""
    reads_folders: bool = False
    """Whether a folder (or zip) is one input of this format; its module then also defines
    `sniff_folder(path: Path) -> bool` for detection."""

    @property
    def extension(self) -> str:
        return self.extensions[0] if self.extensions else ""

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo(
            "jsonl",
            "Annotator JSON lines: documents with spans, speakers, states (lossless)",
            (".jsonl", ".ndjson"),
            "annotator.formats.native",
            can_read=True,
            can_write=True,
            lossless=True,
        ),
        FormatInfo(
            "txt",
            "plain text, one document a file (UTF-8)",
            (".txt", ".text"),
            "annotator.formats.plaintext",
            can_read=True,
            can_write=False,
        ),
        FormatInfo(
            "spacy-jsonl",
            'spaCy/displaCy JSON lines: {"text", "ents": [{"start", "end", "label"}]}',
            (".jsonl",),
            "annotator.formats.spacy_jsonl",
            can_read=True,
            can_write=True,
        ),
        FormatInfo(
            "spacy",
            "spaCy DocBin (.spacy) for `spacy train`: doc.ents, all spans in doc.spans['sc']",
            (".spacy",),
            "annotator.formats.docbin",
            can_read=True,
            can_write=True,
            binary=True,
            token_based=True,
        ),
        FormatInfo(
            "prodigy",
            "Prodigy tasks (JSON lines): tokens, spans with character and token offsets",
            (".jsonl",),
            "annotator.formats.prodigy",
            can_read=True,
            can_write=True,
            token_based=True,
        ),
        FormatInfo(
            "hf",
            "Hugging Face token classification JSON lines: tokens, ner_tags ids, labels.json",
            (".jsonl", ".json"),
            "annotator.formats.hf",
            can_read=True,
            can_write=True,
            token_based=True,
        ),
        FormatInfo(
            "conll",
            "CoNLL-2003 / GermEval BIO: a word and its tag a line (TSV)",
            (".conll", ".iob", ".bio", ".tsv"),
            "annotator.formats.conll",
            can_read=True,
            can_write=True,
            token_based=True,
        ),
        FormatInfo(
            "doccano",
            'doccano JSON lines: {"text", "label": [[start, end, "LABEL"]]}; entities and '
            "relations for speakers",
            (".jsonl",),
            "annotator.formats.doccano",
            can_read=True,
            can_write=True,
        ),
        FormatInfo(
            "brat",
            "brat standoff: NAME.txt + NAME.ann a document, speakers as relations (folder or .zip)",
            (".zip", ".ann"),
            "annotator.formats.brat",
            can_read=True,
            can_write=True,
            output="folder",
            reads_folders=True,
        ),
        FormatInfo(
            "label-studio",
            "Label Studio JSON tasks: an annotation per annotator, speaker relations, predictions",
            (".json",),
            "annotator.formats.label_studio",
            can_read=True,
            can_write=True,
            suggestions=True,
        ),
    )
}


def get_format(name: str, *, reading: bool = False, writing: bool = False) -> FormatInfo:
    """The format of that name, which can read and/or write; InputError naming the known ones."""
    info = FORMATS.get(name)
    if info is None:
        known = ", ".join(FORMATS)
        raise InputError(f"unknown format {name!r}; known: {known}")
    if reading and not info.can_read:
        readable = ", ".join(f.name for f in FORMATS.values() if f.can_read)
        raise InputError(f"the format {name!r} cannot be imported; formats read: {readable}")
    if writing and not info.can_write:
        writable = ", ".join(f.name for f in FORMATS.values() if f.can_write)
        raise InputError(f"the format {name!r} cannot be exported; formats written: {writable}")
    return info


def readable_names() -> list[str]:
    return [f.name for f in FORMATS.values() if f.can_read]


def writable_names() -> list[str]:
    return [f.name for f in FORMATS.values() if f.can_write]


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    format: str
    doc_id: str
    """The path relative to the folder given (or the name): the document id of a plain text
    file, the stem of ids for formats whose documents have none."""


def collect_inputs(paths: Iterable[Path], format_name: str = "auto") -> list[InputFile]:
    """The files to import from files and folders (recursively), each with its format.

    In a folder, only files with a known extension are taken (hidden ones skipped); a file
    named directly is taken whatever its name, its format told by extension or content.
    """
    if format_name != "auto" and (format_name not in FORMATS or not FORMATS[format_name].can_read):
        known = ", ".join(["auto", *readable_names()])
        raise InputError(f"unknown format {format_name!r}; known: {known}")
    found: list[InputFile] = []
    for path in paths:
        if path.is_dir():
            folder_format = _folder_format(path, format_name)
            if folder_format is not None:
                found.append(InputFile(path, folder_format, path.name))
                continue
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                fmt = format_name if format_name != "auto" else _by_extension(file)
                if fmt is not None:
                    found.append(InputFile(file, fmt, relative.as_posix()))
        elif path.is_file():
            fmt = format_name if format_name != "auto" else detect(path)
            found.append(InputFile(path, fmt, path.name))
        else:
            raise InputError("no such file or folder", file=str(path))
    if not found:
        names = ", ".join(str(p) for p in paths)
        extensions = " ".join(e for f in FORMATS.values() if f.can_read for e in f.extensions)
        raise InputError(f"found no files to import in {names} (looked for {extensions})")
    return found


def _folder_format(path: Path, format_name: str) -> str | None:
    """The format that takes this folder as one input, if any."""
    if format_name != "auto":
        return format_name if FORMATS[format_name].reads_folders else None
    for info in FORMATS.values():
        if info.can_read and info.reads_folders and info.load().sniff_folder(path):
            return info.name
    return None


def _by_extension(path: Path) -> str | None:
    """The format a file in a folder is taken as: the first readable one claiming its suffix
    (among several, the content decides)."""
    claiming = _claiming(path)
    if len(claiming) <= 1:
        return claiming[0] if claiming else None
    return detect(path)


def _claiming(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    return [f.name for f in FORMATS.values() if f.can_read and suffix in f.extensions]


def detect(path: Path) -> str:
    """The format of one file, by extension and content (see the module's docstring)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    claiming = _claiming(path)
    if len(claiming) == 1:
        return claiming[0]
    pool = claiming or readable_names()
    scores = {name: FORMATS[name].load().sniff(head) for name in pool}
    best = max(scores.values(), default=0)
    winners = [name for name, score in scores.items() if score == best]
    if best == 0:
        # Nothing recognises it: let the reader most likely meant say what is wrong with it.
        if claiming:
            return claiming[0]
        return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "txt"
    if best >= 2 and len(winners) > 1:
        raise InputError(
            f"the format is unclear: it could be {' or '.join(winners)}; say which with --format",
            file=str(path),
        )
    return winners[0]
