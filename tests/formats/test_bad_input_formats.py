"""Bad input for every reader of the training formats: a message naming the file and line,
and the project left exactly as it was (the native and text readers have their own tests in
tests/services/test_importing.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.formats import native
from annotator.services.importing import import_paths
from annotator.store import Project

from .conftest import TEXT, at

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"


def lines(*values: Any) -> bytes:
    return "".join(
        (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) + "\n" for v in values
    ).encode()


def ent(fragment: str, label: str) -> dict[str, Any]:
    start, end = at(fragment)
    return {"start": start, "end": end, "label": label}


def prodigy(*spans: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"text": TEXT, "spans": list(spans), "answer": "accept", **fields}


GOOD = {
    "spacy-jsonl": {"text": TEXT, "ents": [ent("Berlin", "LOC")]},
    "prodigy": prodigy(ent("Berlin", "LOC")),
    "hf": {"tokens": ["Angela", "Merkel"], "ner_tags": ["B-PER", "I-PER"]},
}
CONLL_GOOD = "-DOCSTART-\tO\n\nAngela\tB-PER\nMerkel\tI-PER\nsagte\tO\n\n"

# (format, file name, content, line named or None, words of the message)
BAD: dict[str, tuple[str, str, bytes, int | None, str]] = {
    # a broken line
    "spacy-jsonl broken line": ("spacy-jsonl", "a.jsonl",
                                lines(GOOD["spacy-jsonl"], '{"text": "ab', GOOD["spacy-jsonl"]),
                                2, "not valid JSON"),
    "prodigy broken line": ("prodigy", "a.jsonl", lines(GOOD["prodigy"], '{"text": '), 2,
                            "not valid JSON"),
    "hf broken line": ("hf", "a.jsonl", lines({**GOOD["hf"], "id": 1}, GOOD["hf"], "[1, 2"), 3,
                       "not valid JSON"),
    "conll line without a tag": ("conll", "a.conll", (CONLL_GOOD + "Berlin\n").encode(), 7,
                                 "expected a word and its tag"),
    "conll tag that is not a tag": ("conll", "a.conll", (CONLL_GOOD + "Berlin\tLOC\n").encode(),
                                    7, "'LOC' is not a tag"),
    "spacy damaged file": ("spacy", "a.spacy", b"x\x9c" + b"\x00" * 50, None,
                           "not a spaCy DocBin"),
    # a missing text
    "spacy-jsonl missing text": ("spacy-jsonl", "a.jsonl", lines({"ents": []}), 1,
                                 'missing "text"'),
    "prodigy missing text": ("prodigy", "a.jsonl", lines({"spans": [], "answer": "accept"}), 1,
                             'missing "text"'),
    "hf missing tokens": ("hf", "a.jsonl", lines({"ner_tags": []}), 1,
                          '"tokens" must be a list'),
    "hf tags and tokens differ": ("hf", "a.jsonl", lines({"tokens": ["a"], "ner_tags": []}), 1,
                                  '"ner_tags" must be a list as long as "tokens"'),
    "conll empty word": ("conll", "a.conll", b"\tO\n", 1, "a word is empty"),
    # offsets out of range
    "spacy-jsonl offsets out of range": (
        "spacy-jsonl", "a.jsonl",
        lines({"text": "kurz", "ents": [{"start": 2, "end": 9, "label": "PER"}]}), 1,
        "offsets 2-9 are out of range"),
    "prodigy offsets out of range": (
        "prodigy", "a.jsonl", lines(prodigy({"start": 80, "end": 900, "label": "PER"})), 1,
        "offsets 80-900 are out of range"),
    "prodigy span text shifted": (
        "prodigy", "a.jsonl", lines(prodigy({**ent("Berlin", "LOC"), "text": "Bonn"})), 1,
        "offsets may have shifted"),
    "hf tag id out of range": ("hf", "a.jsonl", lines({"tokens": ["a"], "ner_tags": [99]}), 1,
                               "no labels.json beside the file"),
    # overlaps the scheme forbids
    "spacy-jsonl overlap": ("spacy-jsonl", "a.jsonl", lines(
        {"text": TEXT, "ents": [ent("Angela Merkel", "PER"), ent("Merkel sagte", "PER")]}), 1,
        "the scheme does not allow this overlap"),
    "prodigy overlap": ("prodigy", "a.jsonl", lines(
        prodigy(ent("Angela Merkel", "PER"), ent("Merkel sagte", "PER"))), 1,
        "the scheme does not allow this overlap"),
    "conll nested level crossing": ("conll", "a.conll",
                                    b"1\tAngela\tB-PER\tO\n2\tMerkel\tI-PER\tB-PER\n"
                                    b"3\tsagte\tO\tI-PER\n", 1,
                                    "the scheme does not allow this overlap"),
    # unknown labels
    "spacy-jsonl unknown label": ("spacy-jsonl", "a.jsonl",
                                  lines({"text": TEXT, "ents": [ent("Berlin", "CITY")]}), 1,
                                  "unknown label 'CITY'"),
    "prodigy unknown label": ("prodigy", "a.jsonl", lines(prodigy(ent("Berlin", "CITY"))), 1,
                              "unknown label 'CITY'"),
    "hf unknown label": ("hf", "a.jsonl", lines({"tokens": ["Berlin"], "ner_tags": ["B-CITY"]}),
                         1, "unknown label 'CITY'"),
    "conll unknown label": ("conll", "a.conll", (CONLL_GOOD + "Berlin\tB-CITY\n").encode(), 7,
                            "unknown label 'CITY'"),
    # a wrong encoding
    "spacy-jsonl latin-1": ("spacy-jsonl", "a.jsonl",
                            lines(GOOD["spacy-jsonl"]) + '{"text": "Grüße"}\n'.encode("latin-1"),
                            2, "not valid UTF-8"),
    "conll latin-1": ("conll", "a.conll", CONLL_GOOD.encode() + "Grüße\tO\n".encode("latin-1"),
                      7, "not valid UTF-8"),
    "hf utf-16": ("hf", "a.jsonl", json.dumps(GOOD["hf"]).encode("utf-16"), None,
                  "UTF-16 or UTF-32"),
    # a binary file
    "prodigy binary": ("prodigy", "a.jsonl", PNG, None, "binary file"),
    "conll binary": ("conll", "a.conll", PNG, None, "binary file"),
    "spacy binary": ("spacy", "a.spacy", PNG, None, "not a spaCy DocBin"),
    # an empty file
    "spacy-jsonl empty": ("spacy-jsonl", "a.jsonl", b"", None, "the file is empty"),
    "prodigy empty": ("prodigy", "a.jsonl", b"\n\n", None, "the file is empty"),
    "hf empty": ("hf", "a.jsonl", b"", None, "the file is empty"),
    "conll empty": ("conll", "a.conll", b"-DOCSTART-\tO\n\n", None, "the file is empty"),
    "spacy empty": ("spacy", "a.spacy", b"", None, "the file is empty"),
}  # fmt: skip


def snapshot(project: Project) -> tuple:
    records = [native.document_json(r) for r in project.iter_records()]
    return records, project.stats(), project.scheme.as_dict(), len(project.edit_log(limit=10**6))


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / "in" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_names_file_and_line_and_changes_nothing(
    project: Project, tmp_path: Path, case: str
):
    fmt, name, content, line, words = BAD[case]
    path = write(tmp_path, name, content)
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path], annotator="tester", format_name=fmt)
    assert caught.value.file.endswith(name)
    assert caught.value.line == line
    assert words in caught.value.reason
    assert snapshot(project) == before


@pytest.mark.parametrize("fmt", ["spacy-jsonl", "prodigy", "hf", "conll"])
def test_unknown_labels_are_added_when_asked(project: Project, tmp_path: Path, fmt: str):
    case = {"spacy-jsonl": "spacy-jsonl unknown label", "prodigy": "prodigy unknown label",
            "hf": "hf unknown label", "conll": "conll unknown label"}[fmt]  # fmt: skip
    _, name, content, _, _ = BAD[case]
    path = write(tmp_path, name, content)
    summary = import_paths(project, [path], annotator="tester", format_name=fmt, add_labels=True)
    assert summary.new_labels == ("CITY",)
    assert "CITY" in project.scheme


@pytest.mark.parametrize(("fmt", "name"), [("spacy-jsonl", "a.jsonl"), ("conll", "a.conll")])
def test_a_50_mb_single_line(project: Project, tmp_path: Path, fmt: str, name: str):
    content = b'{"text": "' + b"a" * 50_000_000 if fmt != "conll" else b"a" * 50_000_000
    path = write(tmp_path, name, content)
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path], annotator="tester", format_name=fmt)
    assert (caught.value.file, caught.value.line) == (str(path), 1)
    assert snapshot(project) == before


def test_rejected_and_ignored_prodigy_tasks_are_counted_not_imported(
    project: Project, tmp_path: Path
):
    path = write(tmp_path, "a.jsonl", lines(
        prodigy(ent("Berlin", "LOC"), id="ja"), prodigy(answer="reject", id="nein"),
        prodigy(answer="ignore", id="egal")))  # fmt: skip
    summary = import_paths(project, [path], annotator="tester", format_name="prodigy")
    assert summary.documents == 1
    assert summary.notes == {"Prodigy tasks answered reject or ignore, not imported": 2}
    assert "2 Prodigy tasks answered reject or ignore" in str(summary)


def docbin(*spans: tuple[int, int, str]) -> bytes:
    """A DocBin of one document with these token spans in doc.spans["sc"]."""
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["Angela", "Merkel", "sagte", "in", "Berlin"])
    doc.spans["sc"] = [Span(doc, start, end, label) for start, end, label in spans]
    return DocBin(docs=[doc]).to_bytes()


@pytest.mark.parametrize(
    ("spans", "words"),
    [
        ([(0, 2, "PER"), (4, 5, "CITY")], "unknown label 'CITY'"),
        ([(0, 2, "PER"), (1, 3, "PER")], "the scheme does not allow this overlap"),
    ],
)
def test_a_docbin_with_bad_spans_names_the_document(project, tmp_path: Path, spans, words):
    path = write(tmp_path, "a.spacy", docbin(*spans))
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path], annotator="tester")
    assert (caught.value.file, caught.value.line) == (str(path), None)
    assert caught.value.reason.startswith("document 1: ")
    assert words in caught.value.reason
    assert snapshot(project) == before
