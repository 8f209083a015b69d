"""Where brat documents come from: a folder, a zip, or one .ann with its .txt beside it.

Each document is a NAME.txt with, if there is one, its NAME.ann; the document id is NAME (the
path inside the folder or zip, without .txt), %-escapes undone (see `brat`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from annotator.core.errors import InputError
from annotator.formats.textfile import check_not_binary, decode_text


@dataclass
class Entry:
    doc_id: str
    text_name: str
    """How messages name the .txt (a path, or ZIP/entry)."""
    ann_name: str
    text: bytes
    ann: bytes | None


def entries(path: Path) -> Iterator[Entry]:
    if path.is_dir():
        files = {p.relative_to(path).as_posix(): p for p in path.rglob("*") if p.is_file()}
        files = {k: v for k, v in files.items() if not any(s.startswith(".") for s in k.split("/"))}
        yield from _pair(files, lambda key: files[key].read_bytes(), lambda key: str(files[key]))
    elif path.suffix.lower() == ".ann":
        text = path.with_suffix(".txt")
        if not text.is_file():
            raise InputError(f"there is no {text.name} beside it (brat keeps the text apart)",
                             file=str(path))  # fmt: skip
        yield Entry(_doc_id(path.stem), str(text), str(path), text.read_bytes(), path.read_bytes())
    else:
        yield from _zip_entries(path)


def _zip_entries(path: Path) -> Iterator[Entry]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        with path.open("rb") as stream:
            check_not_binary(stream.read(8192) or b"\x00", path)  # binary, or else:
        raise InputError(
            "this is not a brat collection: give a folder or a zip of NAME.txt and NAME.ann "
            "files, or one .ann file", file=str(path),
        ) from None  # fmt: skip
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        names = [n for n in names if not any(p.startswith((".", "__MACOSX")) for p in n.split("/"))]
        tops = {n.split("/", 1)[0] for n in names}
        strip = len(tops) == 1 and all("/" in n for n in names)  # one folder zipped: drop it
        files = {(n.split("/", 1)[1] if strip else n): n for n in names}
        yield from _pair(files, lambda key: archive.read(files[key]), lambda key:
                         f"{path}/{files[key]}")  # fmt: skip


def _pair(files: dict[str, Any], load: Any, where: Any) -> Iterator[Entry]:
    texts = sorted(k[:-4] for k in files if k.lower().endswith(".txt"))
    anns = {k[:-4]: k for k in files if k.lower().endswith(".ann")}
    known = set(texts)
    for stem, ann in sorted(anns.items()):
        if stem not in known:
            raise InputError(f"there is no {PurePosixPath(stem).name}.txt beside it",
                             file=where(ann))  # fmt: skip
    for stem in texts:
        key = f"{stem}.txt" if f"{stem}.txt" in files else next(k for k in files if k[:-4] == stem)
        ann = anns.get(stem)
        yield Entry(_doc_id(stem), where(key), where(ann) if ann else where(key), load(key),
                     load(ann) if ann else None)  # fmt: skip


def _doc_id(stem: str) -> str:
    return unquote(stem)


def decode(data: bytes, file: str) -> str:
    check_not_binary(data, Path(file))
    return decode_text(data, file)
