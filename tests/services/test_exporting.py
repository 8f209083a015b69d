"""Exporting a project: a complete file or none, in UTF-8 whatever the terminal says."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotatedDocument, Document
from annotator.formats import native
from annotator.resources import load_scheme
from annotator.services.exporting import export_jsonl
from annotator.store import Project

TEXTS = ["Grüße aus Köln 😀", "שלום\r\nעולם", "Zweite „Zeile“\u2028e\u0301"]


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.annotator", load_scheme("german-news")) as project:
        with project.importing("tester", "Set up") as sink:
            for number, text in enumerate(TEXTS):
                sink.add(AnnotatedDocument(Document(f"d{number}", text)), origin=f"s:{number}")
        yield project


def expected_lines(project: Project) -> list[str]:
    return [json.dumps(native.document_json(r), ensure_ascii=False) for r in project.iter_records()]


def lines(text: str) -> list[str]:
    """Lines as JSON lines counts them: ended by \n alone (not by U+2028 as splitlines does)."""
    assert text.endswith("\n")
    return text.split("\n")[:-1]


def test_export_writes_one_document_a_line(project: Project, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    summary = export_jsonl(project, out)
    assert (summary.documents, summary.spans, summary.path) == (3, 0, str(out))
    assert str(summary) == f"Exported 3 documents with 0 spans to {out}"
    raw = out.read_bytes()
    assert raw.decode("utf-8").split("\n") == [*expected_lines(project), ""]
    assert b"\r\n" not in raw  # line ends inside texts are escaped; lines end in \n alone
    assert [json.loads(x)["text"] for x in raw.decode().split("\n")[:-1]] == TEXTS


def test_export_makes_missing_folders(project: Project, tmp_path: Path):
    out = tmp_path / "neu" / "tief" / "out.jsonl"
    export_jsonl(project, out)
    assert out.read_text(encoding="utf-8").count("\n") == 3


def test_export_replaces_an_existing_file(project: Project, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_text("alt\n" * 100)
    export_jsonl(project, out)
    assert lines(out.read_text(encoding="utf-8")) == expected_lines(project)


def test_the_file_gets_the_usual_permissions(project: Project, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    export_jsonl(project, out)
    usual = tmp_path / "usual"
    usual.write_text("")
    assert out.stat().st_mode == usual.stat().st_mode


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_export_leaves_no_partial_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
):
    out = tmp_path / "out" / "export.jsonl"
    out.parent.mkdir()
    out.write_text("the previous export\n")
    real_iter = project.iter_records

    def failing(**kwargs):
        for number, record in enumerate(real_iter(**kwargs)):
            if number == 2:
                raise error
            yield record

    monkeypatch.setattr(project, "iter_records", failing)
    with pytest.raises(AnnotatorError if isinstance(error, OSError) else KeyboardInterrupt):
        export_jsonl(project, out)
    assert files_in(out.parent) == {"export.jsonl"}
    assert out.read_text() == "the previous export\n"


def test_exporting_onto_a_folder_is_an_error_without_leftovers(project: Project, tmp_path: Path):
    folder = tmp_path / "ziel"
    folder.mkdir()
    before = files_in(tmp_path)
    with pytest.raises(AnnotatorError, match="ziel: cannot write the export"):
        export_jsonl(project, folder)
    assert files_in(tmp_path) == before
    assert files_in(folder) == set()


def test_exporting_below_a_file_is_an_error(project: Project, tmp_path: Path):
    (tmp_path / "datei").write_text("")
    with pytest.raises(AnnotatorError, match="cannot write the export"):
        export_jsonl(project, tmp_path / "datei" / "out.jsonl")


def test_export_to_standard_output(project: Project, capsys: pytest.CaptureFixture[str]):
    summary = export_jsonl(project, "-")
    assert summary.path == "standard output"
    assert lines(capsys.readouterr().out) == expected_lines(project)


def test_standard_output_gets_utf8_whatever_its_encoding(
    project: Project, monkeypatch: pytest.MonkeyPatch
):
    buffer = io.BytesIO()
    ascii_stdout = io.TextIOWrapper(buffer, encoding="ascii", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", ascii_stdout)
    export_jsonl(project, "-")
    ascii_stdout.flush()
    assert buffer.getvalue().decode("utf-8").split("\n") == [*expected_lines(project), ""]
    assert not ascii_stdout.closed  # still usable after the export


def test_progress_counts_documents(project: Project, tmp_path: Path):
    calls: list[tuple[int, int]] = []
    export_jsonl(project, tmp_path / "out.jsonl", progress=lambda *a: calls.append(a))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_an_empty_project_exports_an_empty_file(tmp_path: Path):
    with Project.create(tmp_path / "leer.annotator", load_scheme("german-news")) as project:
        summary = export_jsonl(project, tmp_path / "out.jsonl")
    assert summary.documents == 0
    assert (tmp_path / "out.jsonl").read_bytes() == b""
