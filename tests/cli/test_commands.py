"""The subcommands in-process: init, import, export, stats, check, formats, schemes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.store import Project

from .conftest import TEXT, Result


def one_line_error(result: Result, *words: str) -> None:
    """Exit status 2, and one line on stderr saying what is wrong: no traceback."""
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("annotator: error: ")
    for word in words:
        assert word in lines[0]


def write_jsonl(path: Path, *records: object) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def merkel(doc_id: str = "merkel", **span: object) -> dict:
    return {"id": doc_id, "text": TEXT, "meta": {"title": "Merkel"},
            "spans": [{"start": 0, "end": 13, "label": "PER", **span}]}  # fmt: skip


def exported(cli, project: Path) -> str:
    result = cli("export", project, "-o", "-")
    assert result.code == 0
    return result.out


# init


def test_init_with_the_default_scheme(cli, tmp_path: Path):
    path = tmp_path / "news.annotator"
    result = cli("init", path, "--name", "Nachrichten")
    assert result.code == 0
    assert "german-news (PER, LOC, ORG, MISC, QUOTE)" in result.out
    with Project.open(path) as project:
        assert (project.name, project.scheme.name) == ("Nachrichten", "german-news")


def test_init_with_english_conll(cli, tmp_path: Path):
    path = tmp_path / "conll.annotator"
    assert cli("init", path, "--scheme", "english-conll").code == 0
    with Project.open(path) as project:
        assert project.scheme.names == ("PER", "LOC", "ORG", "MISC")
        assert project.name == "conll"


def test_init_with_a_scheme_file(cli, tmp_path: Path):
    scheme = tmp_path / "mein-schema.json"
    scheme.write_text(json.dumps({"name": "eigen", "labels": [
        {"name": "PERSON", "colour": "#112233", "key": "p"},
        {"name": "ZITAT", "kind": "quotation"},
    ], "speaker_label": "PERSON"}))  # fmt: skip
    path = tmp_path / "eigen.annotator"
    result = cli("init", path, "--scheme", scheme)
    assert result.code == 0
    assert "eigen (PERSON, ZITAT)" in result.out
    with Project.open(path) as project:
        assert project.scheme.speaker_label == "PERSON"


def test_init_with_an_unknown_scheme_lists_the_known_ones(cli, tmp_path: Path):
    path = tmp_path / "x.annotator"
    one_line_error(
        cli("init", path, "--scheme", "klingon"), "klingon", "english-conll, german-news"
    )
    assert not path.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "cannot read the label scheme"),
        ('{"name": "x", "labels": [{"name": "A B"}]}', "without spaces"),
        ('{"labels": []}', "needs a 'name'"),
    ],
)
def test_init_with_a_broken_scheme_file(cli, tmp_path: Path, content: str, words: str):
    scheme = tmp_path / "kaputt.json"
    scheme.write_text(content)
    path = tmp_path / "x.annotator"
    one_line_error(cli("init", path, "--scheme", scheme), words)
    assert not path.exists()


def test_init_refuses_an_existing_file(cli, project_file: Path):
    before = project_file.read_bytes()
    one_line_error(cli("init", project_file), str(project_file), "exists already")
    assert project_file.read_bytes() == before


def test_init_refuses_any_existing_file(cli, tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("meine Notizen")
    one_line_error(cli("init", path), "exists already")
    assert path.read_text() == "meine Notizen"


# import


def test_import_then_stats(cli, project_file: Path, tmp_path: Path):
    source = write_jsonl(tmp_path / "a.jsonl", merkel(), {"id": "zwei", "text": "Noch ein Text"})
    text_file = tmp_path / "c.txt"
    text_file.write_text("Ein Text\r\nmit CRLF", encoding="utf-8")
    result = cli("import", project_file, source, text_file, "--annotator", "anna")
    assert result.code == 0
    assert result.out.strip() == (
        "Imported 3 documents with 1 spans and 0 speaker links from 2 file(s)."
    )
    stats = cli("stats", project_file)
    assert stats.code == 0
    assert "news: 3 documents" in stats.out
    assert "PER" in stats.out
    assert "anna" in stats.out
    figures = json.loads(cli("stats", project_file, "--json").out)
    assert figures["documents"] == 3
    assert figures["spans_by_label"] == {"PER": 1}
    assert figures["spans_by_annotator"] == {"anna": 1}


def test_stats_shows_states(cli, project_file: Path, tmp_path: Path):
    record = merkel()
    record["states"] = {"anna": "done"}
    cli("import", project_file, write_jsonl(tmp_path / "a.jsonl", record))
    result = cli("stats", project_file)
    assert "Documents by state" in result.out
    assert "done 1" in result.out


@pytest.mark.parametrize(
    ("lines", "line", "words"),
    [
        ([merkel("a"), merkel("b"), "{kaputt", merkel("c")], 3, "not valid JSON"),
        ([merkel("a"), {"id": "x"}], 2, 'missing "text"'),
        ([merkel("a", end=500)], 1, "out of range"),
        ([merkel("a", label="PERSON")], 1, "unknown label 'PERSON'"),
        ([merkel("a", text="Merkel")], 1, "is not what the offsets hold"),
        ([merkel("a"), merkel("a")], 2, "document id 'a' appears twice"),
        ([{"text": "a\ud800"}], 1, "lone surrogate"),
    ],
)
def test_bad_import_exits_2_and_changes_nothing(
    cli, project_file: Path, tmp_path: Path, lines: list, line: int, words: str
):
    cli("import", project_file, write_jsonl(tmp_path / "vorher.jsonl", merkel("vorher")))
    before = exported(cli, project_file), cli("stats", project_file, "--json").out
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    one_line_error(cli("import", project_file, bad), f"error: {bad}:{line}: ", words)
    assert (exported(cli, project_file), cli("stats", project_file, "--json").out) == before


def test_bad_text_files_exit_2(cli, project_file: Path, tmp_path: Path):
    latin = tmp_path / "alt.txt"
    latin.write_bytes("Grüße".encode("latin-1"))
    one_line_error(cli("import", project_file, latin), f"{latin}:1:", "UTF-8")
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    one_line_error(cli("import", project_file, binary), str(binary), "binary")
    empty = tmp_path / "leer.txt"
    empty.write_bytes(b"")
    one_line_error(cli("import", project_file, empty), str(empty), "empty")
    one_line_error(cli("import", project_file, tmp_path / "fehlt.txt"), "no such file")
    assert json.loads(cli("stats", project_file, "--json").out)["documents"] == 0


def test_import_add_labels(cli, project_file: Path, tmp_path: Path):
    source = write_jsonl(tmp_path / "a.jsonl", merkel(label="PERSON"))
    one_line_error(cli("import", project_file, source), "unknown label 'PERSON'")
    result = cli("import", project_file, source, "--add-labels")
    assert result.code == 0
    assert "added labels: PERSON" in result.out
    with Project.open(project_file) as project:
        assert "PERSON" in project.scheme


def test_import_format_option(cli, project_file: Path, tmp_path: Path):
    source = write_jsonl(tmp_path / "a.jsonl", merkel())
    assert cli("import", project_file, source, "--format", "txt").code == 0
    with Project.open(project_file) as project:
        assert project.get_document("a.jsonl").text == source.read_text(encoding="utf-8")


def test_import_a_folder(cli, project_file: Path, tmp_path: Path):
    folder = tmp_path / "korpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("A")
    (folder / "sub" / "b.txt").write_text("B")
    (folder / ".hidden.txt").write_text("C")
    write_jsonl(folder / "sub" / "c.jsonl", merkel())
    result = cli("import", project_file, folder)
    assert "Imported 3 documents with 1 spans" in result.out
    with Project.open(project_file) as project:
        assert {d.id for d in project.list_documents()} == {"a.txt", "sub/b.txt", "merkel"}


# export


def test_export_to_stdout_and_to_a_file(cli, project_file: Path, tmp_path: Path):
    cli("import", project_file, write_jsonl(tmp_path / "a.jsonl", merkel(), merkel("zwei")))
    result = cli("export", project_file, "-o", "-")
    assert result.code == 0
    lines = result.out.split("\n")
    assert lines[-1] == ""
    assert [json.loads(x)["id"] for x in lines[:-1]] == ["merkel", "zwei"]
    assert json.loads(lines[0])["spans"][0]["text"] == "Angela Merkel"
    assert "Exported 2 documents with 2 spans to standard output" in result.err
    out = tmp_path / "out.jsonl"
    result = cli("export", project_file, "--output", out)
    assert result.code == 0
    assert f"to {out}" in result.out
    assert out.read_text(encoding="utf-8") == "\n".join(lines)


def test_export_round_trip_through_the_command_line(cli, project_file: Path, tmp_path: Path):
    quote = {"start": 31, "end": 50, "label": "QUOTE", "attrs": {"type": "Direct"},
             "speaker": {"start": 0, "end": 13}}  # fmt: skip
    record = {"id": "q", "text": TEXT, "spans": [quote], "states": {"anna": "in_progress"}}
    cli("import", project_file, write_jsonl(tmp_path / "a.jsonl", record))
    first = tmp_path / "first.jsonl"
    assert cli("export", project_file, "-o", first).code == 0
    copy = tmp_path / "copy.annotator"
    cli("init", copy)
    assert cli("import", copy, first).code == 0
    assert exported(cli, copy) == first.read_text(encoding="utf-8")


def test_a_failed_export_leaves_nothing(cli, project_file: Path, tmp_path: Path):
    cli("import", project_file, write_jsonl(tmp_path / "a.jsonl", merkel()))
    target = tmp_path / "ziel"
    target.mkdir()
    one_line_error(cli("export", project_file, "-o", target), "cannot write the export")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ziel")]
    assert list(target.iterdir()) == []


# check


def test_check_a_clean_project(cli, project_file: Path, tmp_path: Path):
    cli("import", project_file, write_jsonl(tmp_path / "a.jsonl", merkel()))
    result = cli("check", project_file)
    assert result.code == 0
    assert "no problems (1 documents, 1 spans checked)" in result.out


def test_check_finds_a_span_written_behind_its_back(cli, project_file: Path, tmp_path: Path):
    cli("import", project_file, write_jsonl(tmp_path / "a.jsonl", merkel()))
    with sqlite3.connect(project_file) as db:  # what no command of ours would write
        db.execute("UPDATE spans SET \"end\" = 9999, label = 'NOPE'")
    db.close()
    result = cli("check", project_file)
    assert result.code == 1
    assert "out of range" in result.out
    assert "unknown label 'NOPE'" in result.out
    assert "problem(s) found" in result.err


# formats and schemes


def test_formats(cli):
    result = cli("formats")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["name", "read", "write", "description"]
    assert lines[1].split()[:3] == ["jsonl", "yes", "yes"]
    assert lines[2].split()[:3] == ["txt", "yes", "-"]


def test_schemes(cli):
    result = cli("schemes")
    assert result.code == 0
    names = [line.split()[0] for line in result.out.splitlines()]
    assert names == ["english-conll", "german-news"]
    assert "PER, LOC, ORG, MISC, QUOTE" in result.out


# Project files that cannot be used


def test_a_missing_project(cli, tmp_path: Path):
    for command in ("stats", "check", "import", "export"):
        extra = {"import": [tmp_path], "export": ["-o", "-"]}.get(command, [])
        one_line_error(cli(command, tmp_path / "fehlt.annotator", *extra), "no such project file")


def test_a_newer_project_file(cli, project_file: Path):
    with sqlite3.connect(project_file) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    for args in (["stats"], ["check"], ["export", "-o", "-"]):
        one_line_error(cli(args[0], project_file, *args[1:]), "newer version of Annotator")


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00" * 100, b"SQLite format 3\x00" + b"\xff" * 5000, "Grüße".encode()],
    ids=["empty", "zeros", "bad-header", "text"],
)
def test_a_file_that_is_not_a_project(cli, tmp_path: Path, content: bytes):
    path = tmp_path / "kaputt.annotator"
    path.write_bytes(content)
    for args in (["stats"], ["check"], ["export", "-o", "-"], ["import", path]):
        one_line_error(cli(args[0], path, *args[1:]), str(path))
    assert path.read_bytes() == content  # not "repaired" into a project


def test_an_sqlite_file_of_another_program(cli, tmp_path: Path):
    path = tmp_path / "fremd.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE kunden (name TEXT)")
    db.close()
    one_line_error(cli("stats", path), "another program")


def test_damage_inside_the_file_gives_a_message_not_a_traceback(
    cli, project_file: Path, tmp_path: Path
):
    records = [{"id": f"d{n}", "text": f"{n}: {TEXT * 20}", "spans": [
        {"start": 0, "end": 3, "label": "PER"}]} for n in range(400)]  # fmt: skip
    assert cli("import", project_file, write_jsonl(tmp_path / "viele.jsonl", *records)).code == 0
    size = project_file.stat().st_size
    pristine = project_file.read_bytes()
    codes = []
    for fraction in (0.2, 0.4, 0.6, 0.8):
        damaged = bytearray(pristine)
        at = int(size * fraction)
        damaged[at : at + 3000] = b"\xff" * 3000
        project_file.write_bytes(bytes(damaged))
        for args in (["stats"], ["check"], ["export", "-o", tmp_path / "out.jsonl"]):
            result = cli(args[0], project_file, *args[1:])  # any other error propagates here
            assert result.code in (0, 1, 2)
            if result.code == 2:
                one_line_error(result, "damaged")
            codes.append((fraction, args[0], result.code))
        assert {p.name for p in tmp_path.iterdir() if p.name.startswith(".out")} == set()
    assert any(code == 2 for _, _, code in codes)  # the damage was noticed somewhere


def test_reading_commands_leave_no_journal_files(cli, project_file: Path, tmp_path: Path):
    source = write_jsonl(tmp_path / "a.jsonl", merkel())
    assert cli("import", project_file, source).code == 0
    for command in (["stats"], ["check"], ["export", "-o", str(tmp_path / "out.jsonl")]):
        assert cli(command[0], project_file, *command[1:]).code == 0
        leftovers = sorted(p.name for p in project_file.parent.glob("news.annotator-*"))
        assert leftovers == [], command


def test_a_bare_project_path_means_open(monkeypatch, project_file: Path):
    from annotator.cli import commands

    shown = []
    monkeypatch.setattr(commands, "_show", lambda path, **kw: shown.append((path, kw)) or 0)
    assert main([str(project_file)]) == 0
    assert shown == [(project_file, {"doc_id": None, "read_only": False, "screenshot": None})]
