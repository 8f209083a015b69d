"""Reading text files safely: UTF-8 with or without BOM; binary files, other encodings refused."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import InputError

SNIFF_BYTES = 8192
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def check_not_binary(head: bytes, path: Path, line: int | None = None) -> None:
    """Refuse UTF-16/32 text (by its byte order mark) and binary files (NUL bytes)."""
    if line in (None, 1) and head.startswith(_UTF16_32_BOMS):
        raise InputError(
            "this file is UTF-16 or UTF-32 text, not UTF-8; save it as UTF-8, "
            "e.g. `iconv -f utf-16 -t utf-8 IN > OUT`",
            file=str(path),
        )
    if b"\x00" in head:
        raise InputError(
            "this is a binary file, not text (it contains NUL bytes); "
            "import plain text (.txt) or JSON lines (.jsonl)",
            file=str(path),
            line=line,
        )


def decode_line(raw: bytes, path: Path, line: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1}); "
            "save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 IN > OUT`",
            file=str(path),
            line=line,
        ) from None


def read_text(path: Path) -> str:
    """The whole file as text; a BOM is dropped, line ends are kept as they are."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    check_not_binary(data, path)  # the whole file: a NUL after the first 8 KiB is binary too
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return decode_text(data, str(path))


def decode_text(data: bytes, file: str) -> str:
    """A whole file's bytes as UTF-8 text; where they are not, the line and column are named."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at column {column}); "
            "save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 IN > OUT`",
            file=file,
            line=line,
        ) from None


def iter_lines(stream: BinaryIO, path: Path) -> Iterator[tuple[int, str, int]]:
    """(line number, text, bytes read so far) for each line, streaming; BOM and NULs handled."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
    check_not_binary(head, path)
    done = 0
    for number, raw in enumerate(stream, start=1):
        done += len(raw)
        check_not_binary(raw, path, number)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield number, decode_line(raw, path, number), done


def text_lines(stream: BinaryIO, path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text without its line end) for each line: as `iter_lines`, but decoded
    in C a block at a time, for formats with many short lines (`stream.tell()` says about how
    far it got). A line ends at \n, \r\n or \r. The rare bad byte is found again by
    `iter_lines`, for its message with line and column."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
    check_not_binary(head, path)
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="strict", newline=None)
    try:
        for number, line in enumerate(text, start=1):
            if "\x00" in line:
                check_not_binary(b"\x00", path, number)
            if number == 1 and line.startswith("\ufeff"):
                line = line[1:]
            yield number, line.rstrip("\n")
    except UnicodeDecodeError:
        stream.seek(0)
        for _ in iter_lines(stream, path):  # raises with the line and column
            pass
        raise
    finally:
        text.detach()
