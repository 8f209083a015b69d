"""Telling the format of a file by extension and content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.formats import registry
from annotator.formats.registry import FORMATS, collect_inputs, detect, get_format
from annotator.formats.sniffing import first_json_keys


def make(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jsonl", {"text": "x"}, "jsonl"),
        ("a.jsonl", {"id": 1, "text": "x", "spans": []}, "jsonl"),
        ("a.jsonl", {"text": "x", "ents": []}, "spacy-jsonl"),
        ("a.jsonl", {"text": "x", "tokens": [], "spans": [], "answer": "accept"}, "prodigy"),
        ("a.jsonl", {"id": "1", "tokens": ["x"], "ner_tags": [0]}, "hf"),
        ("a.json", {"id": "1", "tokens": ["x"], "ner_tags": [0]}, "hf"),
        ("export.data", {"text": "x", "ents": []}, "spacy-jsonl"),
        ("eng.train", "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n", "conll"),
        ("germeval.tsv", "#\tquelle\n1\tSchartau\tB-PER\tO\n2\tsagte\tO\tO\n", "conll"),
        ("notes", "Ein ganz normaler Text.\n", "txt"),
        ("a.txt", '{"text": "x"}', "txt"),
    ],
)
def test_detection(tmp_path: Path, name: str, content, expected: str):
    text = content if isinstance(content, str) else json.dumps(content)
    assert detect(make(tmp_path / name, text)) == expected


def test_a_docbin_is_told_by_content(tmp_path: Path):
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    data = DocBin(docs=[Doc(Vocab(), words=["a"])]).to_bytes()
    assert detect(make(tmp_path / "korpus.bin", data)) == "spacy"


def test_a_long_first_line_is_told_by_the_keys_seen(tmp_path: Path):
    line = json.dumps({"text": "x" * 100_000, "ents": []})
    assert detect(make(tmp_path / "a.jsonl", line)) == "jsonl"  # "ents" is not in the head
    line = json.dumps({"ents": [], "text": "x" * 100_000})
    assert detect(make(tmp_path / "a.jsonl", line)) == "spacy-jsonl"
    assert first_json_keys(b'{"a": {"b": 1}, "c": "x\\"y", "d": [1, {"e"') == {"a", "c", "d"}


def test_two_formats_sure_of_the_same_file_is_an_error(tmp_path: Path, monkeypatch):
    class Sure:
        @staticmethod
        def sniff(head: bytes) -> int:
            return 2

    monkeypatch.setattr(registry.FormatInfo, "load", lambda self: Sure)
    with pytest.raises(InputError, match="the format is unclear: it could be jsonl or "):
        detect(make(tmp_path / "a.jsonl", "{}"))


def test_a_folder_of_mixed_jsonl_files(tmp_path: Path):
    make(tmp_path / "a.jsonl", json.dumps({"text": "x", "ents": []}))
    make(tmp_path / "b.jsonl", json.dumps({"text": "x"}))
    make(tmp_path / "c.conll", "x\tO\n")
    found = [(f.doc_id, f.format) for f in collect_inputs([tmp_path])]
    assert found == [("a.jsonl", "spacy-jsonl"), ("b.jsonl", "jsonl"), ("c.conll", "conll")]


def test_formats_are_looked_up_by_name_and_ability():
    assert get_format("conll", reading=True, writing=True).token_based
    with pytest.raises(InputError, match="the format 'txt' cannot be exported"):
        get_format("txt", writing=True)
    with pytest.raises(InputError, match="unknown format 'csv'"):
        get_format("csv")


def test_every_format_module_has_what_its_entry_promises():
    for info in FORMATS.values():
        module = info.load()
        assert callable(module.sniff)
        assert callable(module.read) == info.can_read
        assert hasattr(module, "write") == info.can_write, info.name
