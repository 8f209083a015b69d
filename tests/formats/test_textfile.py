"""Plain text files: UTF-8 with or without BOM, line ends kept; other encodings refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.formats import plaintext
from annotator.formats.textfile import SNIFF_BYTES, read_text

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def read_one(path: Path, doc_id: str = "a.txt"):
    [item] = list(plaintext.read(path, name=doc_id))
    return item.record, item.origin, item.done


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_one(path)
    assert caught.value.file == str(path)
    return caught.value


def test_utf8_text_keeps_its_line_ends(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes("\n\n  Überschrift 😀\r\nZeile zwei\rdrei\n".encode())
    record, origin, done = read_one(path, "ordner/a.txt")
    assert record.document.text == "\n\n  Überschrift 😀\r\nZeile zwei\rdrei\n"
    assert record.document.id == "ordner/a.txt"
    assert record.document.meta == {"title": "Überschrift 😀", "source_file": "ordner/a.txt"}
    assert (origin, done) == (str(path), path.stat().st_size)


def test_a_bom_is_dropped(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfHallo")
    assert read_one(path)[0].document.text == "Hallo"


def test_a_long_first_line_makes_a_short_title(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("x" * 500)
    title = read_one(path)[0].document.meta["title"]
    assert len(title) == plaintext.TITLE_LIMIT
    assert title.endswith("…")


def test_latin1_is_refused_with_line_and_column(tmp_path: Path):
    path = tmp_path / "alt.txt"
    path.write_bytes("erste Zeile\nGrüße aus Köln\n".encode("latin-1"))
    error = refused(path)
    assert error.line == 2
    assert "not valid UTF-8 (byte 0xfc at column 3)" in error.reason
    assert "save the file as UTF-8" in error.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named(tmp_path: Path, encoding: str):
    path = tmp_path / "wide.txt"
    text = "Hallo Welt"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    error = refused(path)
    assert "UTF-16 or UTF-32" in error.reason
    assert "UTF-8" in error.reason


@pytest.mark.parametrize(
    "content",
    [PNG, b"text\x00more", b"a" * (SNIFF_BYTES + 10) + b"\x00"],
    ids=["png", "nul", "nul-after-the-first-8k"],
)
def test_binary_files_are_refused(tmp_path: Path, content: bytes):
    path = tmp_path / "bild.txt"
    path.write_bytes(content)
    assert "binary file" in refused(path).reason


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\t\n"])
def test_empty_files_are_refused(tmp_path: Path, content: bytes):
    path = tmp_path / "leer.txt"
    path.write_bytes(content)
    assert "empty" in refused(path).reason


def test_an_unreadable_file_is_refused(tmp_path: Path):
    with pytest.raises(InputError, match="cannot be read"):
        read_text(tmp_path / "nowhere.txt")


def test_text_lines_takes_every_line_end_and_finds_a_bad_byte(tmp_path: Path):
    from annotator.formats.textfile import text_lines

    path = tmp_path / "a.conll"
    path.write_bytes("\ufeffeins\r\nzwei\rdrei\nvier".encode())
    with path.open("rb") as stream:
        assert list(text_lines(stream, path)) == [(1, "eins"), (2, "zwei"), (3, "drei"),
                                                  (4, "vier")]  # fmt: skip
    path.write_bytes(b"a\tO\n" * 5000 + "Grüße\tO\n".encode("latin-1"))
    with path.open("rb") as stream, pytest.raises(InputError) as caught:
        list(text_lines(stream, path))
    assert caught.value.line == 5001
    assert "not valid UTF-8 (byte 0xfc at column 3)" in caught.value.reason
    path.write_bytes(b"a\tO\n" * 5000 + b"b\x00\tO\n")
    with path.open("rb") as stream, pytest.raises(InputError, match="binary file") as caught:
        list(text_lines(stream, path))
    assert caught.value.line == 5001
