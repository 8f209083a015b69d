"""`annotator export --format ...`, `annotator import` of the training formats, `formats`."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.store import Project

from .conftest import TEXT


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")  # fmt: skip
    return path


def at(fragment: str) -> dict:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment)}


def documents(count: int = 4) -> list[dict]:
    return [
        {
            "id": f"d{n}",
            "text": TEXT,
            "states": {"anna": "done" if n % 2 else "new"},
            "spans": [
                {**at("Angela Merkel"), "label": "PER", "annotator": "anna"},
                {**at("Berlin"), "label": "LOC", "annotator": "ben"},
                {**at("Hamburg"), "label": "LOC", "source": "model"},
            ],
        }
        for n in range(count)
    ]


def filled(cli, project_file: Path, tmp_path: Path) -> Path:
    assert cli("import", project_file, write_jsonl(tmp_path / "in.jsonl", *documents())).code == 0
    return project_file


def test_formats_lists_every_format_with_read_and_write(cli):
    result = cli("formats")
    rows = {line.split()[0]: line.split()[1:3] for line in result.out.splitlines()[1:]}
    assert rows["txt"] == ["yes", "-"]
    for name in ("jsonl", "spacy-jsonl", "spacy", "prodigy", "hf", "conll"):
        assert rows[name] == ["yes", "yes"]


def test_export_with_filters_renames_and_a_split(cli, project_file: Path, tmp_path: Path):
    filled(cli, project_file, tmp_path)
    out = tmp_path / "corpus"
    result = cli("export", project_file, "--format", "spacy-jsonl", "-o", out, "--state", "done",
                 "--annotator", "anna", "--rename", "PER=PERSON", "--split", "0.5,0.5",
                 "--seed", "3", "--stratify")  # fmt: skip
    assert result.code == 0, result.err
    assert "Exported 2 documents with 2 spans to" in result.out
    assert "Left out by the filters:\n  2 documents not done\n  4 spans of other annotators" in (
        result.out)  # fmt: skip
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["labels"] == ["PERSON", "LOC", "ORG", "MISC", "QUOTE"]
    assert manifest["filters"]["rename"] == {"PER": "PERSON"}
    assert manifest["split"]["stratify"] is True
    ents = [json.loads(x)["ents"] for n in ("train", "test")
            for x in (out / f"{n}.jsonl").read_text().splitlines()]  # fmt: skip
    assert ents == [[{**at("Angela Merkel"), "label": "PERSON"}]] * 2


def test_source_human_leaves_out_accepted_suggestions(cli, project_file: Path, tmp_path: Path):
    filled(cli, project_file, tmp_path)
    out = tmp_path / "out.conll"
    result = cli("export", project_file, "--format", "conll", "-o", out, "--source", "human",
                 "--labels", "LOC")  # fmt: skip
    assert result.code == 0, result.err
    tags = [line.split("\t")[1] for line in out.read_text().splitlines() if "\t" in line]
    assert tags.count("B-LOC") == 4


def test_bad_options_exit_2_without_a_file(cli, project_file: Path, tmp_path: Path):
    filled(cli, project_file, tmp_path)
    out = tmp_path / "out.jsonl"
    for options, words in (
        (["--rename", "PER"], "--rename 'PER': write OLD=NEW"),
        (["--labels", "CITY"], "unknown label(s) CITY"),
        (["--split", "0.8,x"], "give two or three numbers"),
        (["--since", "neulich"], "is not a date"),
    ):
        result = cli("export", project_file, "-o", out, *options)
        assert result.code == 2
        assert words in result.err
    assert not out.exists()


def test_a_misaligned_span_exits_2_and_names_it(cli, project_file: Path, tmp_path: Path):
    record = {"id": "m", "text": TEXT, "spans": [{"start": 7, "end": 11, "label": "PER"}]}
    cli("import", project_file, write_jsonl(tmp_path / "m.jsonl", record))
    result = cli("export", project_file, "--format", "hf", "-o", tmp_path / "out.jsonl")
    assert result.code == 2
    assert "document 'm': the PER span 7-11 'Merk' does not fall on token boundaries" in result.err
    assert "--misaligned snap" in result.err
    result = cli("export", project_file, "--format", "hf", "-o", tmp_path / "out.jsonl",
                 "--misaligned", "snap")  # fmt: skip
    assert result.code == 0
    assert "1 spans off token boundaries, widened to whole tokens" in result.out


def test_each_training_format_imports_back(cli, project_file: Path, tmp_path: Path):
    filled(cli, project_file, tmp_path)
    for fmt, name in (("spacy", "a.spacy"), ("conll", "a.conll"), ("prodigy", "p.jsonl"),
                      ("hf", "h.jsonl"), ("spacy-jsonl", "s.jsonl")):  # fmt: skip
        out = tmp_path / fmt / name
        assert cli("export", project_file, "--format", fmt, "-o", out).code == 0
        copy = tmp_path / f"{fmt}.annotator"
        cli("init", copy)
        result = cli("import", copy, out)  # told by extension and content
        assert result.code == 0, (fmt, result.err)
        assert "Imported 4 documents with 8 spans" in result.out, fmt  # no pending suggestion


def test_a_bad_training_file_exits_2_and_changes_nothing(cli, project_file, tmp_path: Path):
    filled(cli, project_file, tmp_path)
    bad = tmp_path / "bad.conll"
    bad.write_text("-DOCSTART-\tO\n\nAngela\tB-PER\nMerkel\tI-PERSON\n", encoding="utf-8")
    with Project.open(project_file) as project:
        before = project.stats()
    result = cli("import", project_file, bad)
    assert result.code == 2
    assert result.err.strip() == (
        f"annotator: error: {bad}:4: unknown label 'PERSON' (the scheme 'german-news' has: "
        "PER, LOC, ORG, MISC, QUOTE); import with --add-labels to add it"
    )
    with Project.open(project_file) as project:
        assert project.stats() == before
