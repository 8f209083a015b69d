"""`annotator merge` and `annotator agree` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import TEXT


def at(fragment: str) -> dict:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment)}


def write(path: Path, spans: list[dict], *, states: dict | None = None) -> Path:
    line = {"id": "d1", "text": TEXT, "spans": spans}
    if states:
        line["states"] = states
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    return path


def test_merge_then_agree(cli, project_file: Path, tmp_path: Path):
    anna = write(
        tmp_path / "anna.jsonl",
        [{**at("Angela Merkel"), "label": "PER"}, {**at("Berlin"), "label": "LOC"}],
    )
    assert cli("import", project_file, anna, "--annotator", "anna").code == 0
    ben = write(
        tmp_path / "ben.jsonl",
        [{**at("Angela Merkel"), "label": "PER"}, {**at("Universität Hamburg"), "label": "ORG"}],
        states={"ben": "done"},
    )
    merged = cli("merge", project_file, ben)
    assert merged.code == 0, merged.err
    assert "Merged 1 documents" in merged.out
    assert "2 spans added" in merged.out
    again = cli("merge", project_file, ben)
    assert "0 spans added" in again.out
    assert "0 document states" in again.out  # a state without a time is not new each time

    table = cli("agree", project_file)
    assert table.code == 0, table.err
    assert "Agreement of anna, ben over 1 documents" in table.out
    assert "PER" in table.out
    assert "(all)" in table.out
    assert "tokens: rows anna, columns ben" in table.out

    data = json.loads(cli("agree", project_file, "--json", "--label", "PER").out)
    assert [row["label"] for row in data["labels"]] == ["PER"]
    assert data["labels"][0]["f1_exact"] == 1.0
    assert data["overall"]["f1_exact"] == 0.5
    per_doc = cli("agree", project_file, "--annotators", "anna,ben", "--per-document")
    assert "Per document" in per_doc.out


def test_merge_bad_input_names_file_and_line(cli, project_file: Path, tmp_path: Path):
    assert cli("import", project_file, write(tmp_path / "a.jsonl", [])).code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "d1", "text": TEXT}) + "\n{broken\n", "utf-8")
    result = cli("merge", project_file, bad)
    assert result.code == 2
    assert f"{bad}:2:" in result.err
    assert json.loads(cli("stats", project_file, "--json").out)["spans"] == 0


def test_agree_needs_known_annotators(cli, project_file: Path, tmp_path: Path):
    assert cli("import", project_file, write(tmp_path / "a.jsonl", [])).code == 0
    result = cli("agree", project_file, "--annotators", "anna,zoe")
    assert result.code == 2
    assert "no annotator" in result.err


def test_agree_as_csv(cli, project_file: Path, tmp_path: Path):
    anna = write(tmp_path / "anna.jsonl", [{**at("Berlin"), "label": "LOC"}])
    assert cli("import", project_file, anna, "--annotator", "anna").code == 0
    ben = write(tmp_path / "ben.jsonl", [{**at("Berlin"), "label": "LOC"}])
    assert cli("merge", project_file, ben).code == 0
    lines = cli("agree", project_file, "--csv", "--per-document").out.splitlines()
    assert lines[0].startswith("document,label,spans anna,spans ben,f1_exact")
    assert lines[1].startswith(",LOC,1,1,1.0")
    assert lines[-1].startswith("d1,(all),1,1,1.0")


def test_merge_lists_documents_it_left_out(cli, project_file: Path, tmp_path: Path):
    assert cli("import", project_file, write(tmp_path / "a.jsonl", [])).code == 0
    other = tmp_path / "other.jsonl"
    lines = [
        {"id": "d1", "text": TEXT, "spans": [{**at("Berlin"), "label": "LOC"}]},
        {"id": "elsewhere", "text": "Ein anderer Text."},
        {"id": "d1-copy", "text": TEXT + " Nachtrag."},
    ]
    other.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    result = cli("merge", project_file, other, "--as", "zoe")
    assert result.code == 0, result.err
    assert "Not in this project (by id or text): 2" in result.out
    assert "  elsewhere" in result.out
