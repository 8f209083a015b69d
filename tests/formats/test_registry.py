"""Finding the files an import means, and telling their formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.formats.registry import FORMATS, collect_inputs


def make(path: Path, content: str | bytes = "Text") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_folder_is_searched_recursively_and_hidden_files_are_skipped(tmp_path: Path):
    root = tmp_path / "korpus"
    make(root / "b.txt")
    make(root / "a" / "c.TXT")
    make(root / "a" / "tief" / "d.text")
    make(root / "e.jsonl", '{"text": "x"}')
    make(root / "f.ndjson", '{"text": "x"}')
    make(root / "bild.png", b"\x89PNG\x00")
    make(root / "notes.md")
    make(root / ".versteckt.txt")
    make(root / ".git" / "config.txt")
    make(root / "a" / ".cache" / "g.txt")
    found = collect_inputs([root])
    assert [(f.doc_id, f.format) for f in found] == [
        ("a/c.TXT", "txt"),
        ("a/tief/d.text", "txt"),
        ("b.txt", "txt"),
        ("e.jsonl", "jsonl"),
        ("f.ndjson", "jsonl"),
    ]
    assert all(f.path.is_file() for f in found)


def test_a_hidden_folder_given_by_name_is_searched(tmp_path: Path):
    root = make(tmp_path / ".daten" / "a.txt").parent
    assert [f.doc_id for f in collect_inputs([root])] == ["a.txt"]


def test_a_file_named_directly_is_taken_by_content(tmp_path: Path):
    json_file = make(tmp_path / "export.data", '\ufeff  \n{"text": "x"}')
    text_file = make(tmp_path / "README", "Hallo")
    found = collect_inputs([json_file, text_file])
    assert [(f.doc_id, f.format) for f in found] == [("export.data", "jsonl"), ("README", "txt")]


def test_the_format_option_overrides_the_extension(tmp_path: Path):
    path = make(tmp_path / "a.txt", '{"text": "x"}')
    assert collect_inputs([path], "jsonl")[0].format == "jsonl"
    folder_files = collect_inputs([tmp_path], "txt")
    assert [f.format for f in folder_files] == ["txt"]


def test_unknown_format_lists_the_known_ones(tmp_path: Path):
    with pytest.raises(InputError, match=r"unknown format 'csv'; known: auto, jsonl, txt"):
        collect_inputs([make(tmp_path / "a.txt")], "csv")


def test_a_missing_path_is_named(tmp_path: Path):
    with pytest.raises(InputError) as caught:
        collect_inputs([tmp_path / "fehlt"])
    assert caught.value.file == str(tmp_path / "fehlt")
    assert "no such file or folder" in caught.value.reason


def test_a_folder_without_known_files(tmp_path: Path):
    make(tmp_path / "a.md")
    make(tmp_path / ".b.txt")
    with pytest.raises(InputError, match=r"found no files to import in .* \(looked for \.jsonl"):
        collect_inputs([tmp_path])


def test_the_table_lists_what_can_be_read_and_written():
    assert (FORMATS["jsonl"].can_read, FORMATS["jsonl"].can_write) == (True, True)
    assert (FORMATS["txt"].can_read, FORMATS["txt"].can_write) == (True, False)
