"""Importing files into a project: all or nothing, and the message names the file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Document
from annotator.formats import native
from annotator.resources import load_scheme
from annotator.services.exporting import export_jsonl
from annotator.services.importing import import_paths
from annotator.store import Project

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def span(fragment: str, label: str, **fields: Any) -> dict[str, Any]:
    start, end = at(fragment)
    return {"start": start, "end": end, "label": label, **fields}


def line(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: written as a \\u escape, as JSON allows
        text = json.dumps(value)
    return text


def good(number: int) -> str:
    return line({"id": f"good-{number}", "text": f"Text {number}: {TEXT}",
                 "spans": [span("Angela Merkel", "PER")]})  # fmt: skip


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def records_of(project: Project) -> list[dict[str, Any]]:
    return [native.document_json(record) for record in project.iter_records()]


def snapshot(project: Project) -> tuple:
    """What a failed import must leave as it was."""
    return (
        records_of(project),
        project.stats(),
        project.scheme.as_dict(),
        project.edit_log(limit=1_000_000),
    )


@pytest.fixture
def project(tmp_path: Path):
    """A project with documents, spans and a speaker, so that "as before" means something."""
    with Project.create(tmp_path / "p.annotator", load_scheme("german-news")) as project:
        with project.importing("tester", "Set up") as sink:
            document = Document("existing", TEXT, {"title": "Schon da"})
            sink.add(AnnotatedDocument(document), origin="setup.jsonl:1")
        start, end = at("Angela Merkel")
        speaker = {"start": start, "end": end, "relation": {"id": "REL-1"}}
        quotation = {"id": "quoted", "text": TEXT,
                     "spans": [span("„Wir schaffen das.“", "QUOTE", speaker=speaker)]}  # fmt: skip
        setup = write(tmp_path / "setup" / "spans.jsonl", jsonl(good(0), line(quotation)))
        import_paths(project, [setup], annotator="tester")
        yield project


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


# Every bad input: (files to write, the file named, the line named or None, words of the message)
BAD: dict[str, tuple[dict[str, bytes], str, int | None, str]] = {
    "broken JSON after good lines": (
        {"in.jsonl": jsonl(good(1), good(2), '{"text": "abgeschnitten', good(3))},
        "in.jsonl", 3, "not valid JSON",
    ),
    "missing text": ({"in.jsonl": jsonl(good(1), line({"id": "x"}))}, "in.jsonl", 2,
                     'missing "text"'),
    "text not a string": ({"in.jsonl": jsonl(line({"text": ["a"]}))}, "in.jsonl", 1,
                          '"text" must be a string, not a list'),
    "offsets out of range": (
        {"in.jsonl": jsonl(good(1), line({"text": "kurz", "spans": [
            {"start": 2, "end": 9, "label": "PER"}]}))},
        "in.jsonl", 2, "offsets 2-9 are out of range: the text has 4 characters",
    ),
    "start equals end": (
        {"in.jsonl": jsonl(line({"text": "kurz", "spans": [
            {"start": 2, "end": 2, "label": "PER"}]}))},
        "in.jsonl", 1, "span 2-2 is empty or reversed",
    ),
    "start after end": (
        {"in.jsonl": jsonl(line({"text": "kurz", "spans": [
            {"start": 3, "end": 1, "label": "PER"}]}))},
        "in.jsonl", 1, "span 3-1 is empty or reversed",
    ),
    "non-integer offsets": (
        {"in.jsonl": jsonl(line({"text": "kurz", "spans": [
            {"start": 0.5, "end": 2, "label": "PER"}]}))},
        "in.jsonl", 1, "offsets must be whole numbers",
    ),
    "unknown label": (
        {"in.jsonl": jsonl(good(1), line({"text": TEXT, "spans": [span("Berlin", "CITY")]}))},
        "in.jsonl", 2, "unknown label 'CITY' (the scheme has: PER, LOC, ORG, MISC, QUOTE)",
    ),
    "overlap the scheme forbids": (
        {"in.jsonl": jsonl(line({"text": TEXT, "spans": [
            span("Angela Merkel", "PER"), span("Merkel sagte", "PER")]}))},
        "in.jsonl", 1, "the scheme does not allow this overlap",
    ),
    "span text does not match its offsets": (
        {"in.jsonl": jsonl(line({"text": TEXT, "spans": [span("Berlin", "LOC", text="Bonn")]}))},
        "in.jsonl", 1, "its \"text\" 'Bonn' is not what the offsets hold ('Berlin')",
    ),
    "speaker offsets out of range": (
        {"in.jsonl": jsonl(line({"text": TEXT, "spans": [
            span("„Wir schaffen das.“", "QUOTE", speaker={"start": 80, "end": 200})]}))},
        "in.jsonl", 1, "speaker offsets 80-200 are out of range",
    ),
    "latin-1 text file after a good one": (
        {"a.txt": b"Guten Tag", "b.txt": "Grüße\n".encode("latin-1")},
        "b.txt", 1, "not valid UTF-8",
    ),
    "latin-1 line in JSON lines": (
        {"in.jsonl": jsonl(good(1)) + '{"text": "Grüße"}\n'.encode("latin-1")},
        "in.jsonl", 2, "not valid UTF-8",
    ),
    "UTF-16 text file": ({"a.txt": "Hallo".encode("utf-16")}, "a.txt", None, "UTF-16"),
    "PNG named .txt": ({"a.txt": b"gut", "bild.txt": PNG}, "bild.txt", None,
                       "binary file"),
    "NUL bytes in JSON lines": ({"in.jsonl": jsonl(good(1)) + b'{"text": "a\x00b"}\n'},
                                "in.jsonl", None, "binary file"),
    "NUL bytes after the first 8 KiB": (
        {"in.jsonl": jsonl(*(good(n) for n in range(1, 100))) + b'{"text": "a\x00b"}\n'},
        "in.jsonl", 100, "binary file",
    ),
    "empty text file": ({"a.txt": b"gut", "leer.txt": b""}, "leer.txt", None, "empty"),
    "empty JSON lines file": ({"leer.jsonl": b"\n \n"}, "leer.jsonl", None, "empty"),
    "duplicate document id in the file": (
        {"in.jsonl": jsonl(line({"id": "a", "text": "eins"}), good(1),
                           line({"id": "a", "text": "zwei"}))},
        "in.jsonl", 3, "document id 'a' appears twice (first at",
    ),
    "duplicate document id in two files": (
        {"x.jsonl": jsonl(line({"id": "a", "text": "eins"})),
         "y.jsonl": jsonl(line({"id": "a", "text": "zwei"}))},
        "y.jsonl", 1, "document id 'a' appears twice",
    ),
    "document id the project has": (
        {"in.jsonl": jsonl(good(1), line({"id": "existing", "text": "neu"}))},
        "in.jsonl", 2, "document id 'existing' is in the project already",
    ),
    "span id the project has": (
        {"in.jsonl": jsonl(line({"text": "neu", "spans": [
            {"id": "SPAN-ID", "start": 0, "end": 1, "label": "PER"}]}))},
        "in.jsonl", 1, "span id 'SPAN-ID' is in the project already",
    ),
    "relation id the project has": (
        {"in.jsonl": jsonl(line({"text": "xyz", "spans": [{"start": 0, "end": 1, "label": "QUOTE",
            "speaker": {"start": 1, "end": 2, "relation": {"id": "REL-1"}}}]}))},
        "in.jsonl", 1, "relation id 'REL-1' is in the project already",
    ),
    "relation id twice in the file": (
        {"in.jsonl": jsonl(*(line({"text": text, "spans": [{"start": 0, "end": 1, "label": "QUOTE",
            "speaker": {"start": 1, "end": 2, "relation": {"id": "r"}}}]})
            for text in ("eins", "zwei")))},
        "in.jsonl", 2, "relation id 'r' is used twice in this import",
    ),
    "span id twice in the file": (
        {"in.jsonl": jsonl(
            line({"text": "eins", "spans": [{"id": "s", "start": 0, "end": 1, "label": "PER"}]}),
            line({"text": "zwei", "spans": [{"id": "s", "start": 0, "end": 1, "label": "PER"}]}),
        )},
        "in.jsonl", 2, "span id 's' is used twice in this import",
    ),
    "lone surrogate in text": ({"in.jsonl": jsonl(good(1), line({"text": "a\ud800b"}))},
                               "in.jsonl", 2, "lone surrogate (U+D800)"),
    "lone surrogate in meta": ({"in.jsonl": jsonl(line({"text": "ab", "meta": {"t": "\udc00"}}))},
                               "in.jsonl", 1, '"meta.t" has a lone surrogate'),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_changes_nothing(project: Project, tmp_path: Path, case: str):
    files, named, line_number, words = BAD[case]
    folder = tmp_path / "in"
    paths = [write(folder / name, content) for name, content in files.items()]
    if case == "span id the project has":
        project_span = project.spans("good-0")[0]
        paths = [write(folder / "in.jsonl", paths[0].read_bytes().replace(
            b"SPAN-ID", project_span.id.encode()))]  # fmt: skip
        words = words.replace("SPAN-ID", project_span.id)
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, paths, annotator="tester")
    error = caught.value
    assert Path(error.file) == folder / named
    assert error.line == line_number
    assert words in error.reason
    assert str(error).startswith(f"{folder / named}{f':{line_number}' if line_number else ''}: ")
    assert snapshot(project) == before


def test_bad_input_in_a_folder_changes_nothing(project: Project, tmp_path: Path):
    folder = tmp_path / "korpus"
    write(folder / "a.txt", "gut")
    write(folder / "sub" / "b.txt", "auch gut")
    write(folder / "sub" / "c.txt", PNG)
    before = snapshot(project)
    with pytest.raises(InputError, match="binary file") as caught:
        import_paths(project, [folder], annotator="tester")
    assert Path(caught.value.file) == folder / "sub" / "c.txt"
    assert snapshot(project) == before


def test_an_error_after_a_thousand_documents_keeps_none(project: Project, tmp_path: Path):
    """The sink writes in batches of 1,000: the batches before the error are taken back too."""
    lines = [line({"id": f"d{n}", "text": f"Dokument {n}"}) for n in range(2500)]
    lines.append("{kaputt")
    path = write(tmp_path / "viele.jsonl", jsonl(*lines))
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path], annotator="tester")
    assert caught.value.line == 2501
    assert snapshot(project) == before


def test_a_duplicate_in_a_later_batch_is_named_with_its_first_place(
    project: Project, tmp_path: Path
):
    lines = [line({"id": f"d{n}", "text": f"Dokument {n}"}) for n in range(1500)]
    lines.append(line({"id": "d3", "text": "noch einmal"}))
    path = write(tmp_path / "viele.jsonl", jsonl(*lines))
    before = snapshot(project)
    with pytest.raises(InputError, match="document id 'd3'") as caught:
        import_paths(project, [path], annotator="tester")
    assert caught.value.line == 1501
    assert snapshot(project) == before


def test_importing_the_same_file_twice_is_refused(project: Project, tmp_path: Path):
    path = write(tmp_path / "a.jsonl", jsonl(good(1), good(2)))
    import_paths(project, [path], annotator="tester")
    before = snapshot(project)
    with pytest.raises(InputError, match="'good-1' is in the project already"):
        import_paths(project, [path], annotator="tester")
    assert snapshot(project) == before


# What is accepted


def test_unknown_labels_are_added_with_add_labels(project: Project, tmp_path: Path):
    path = write(tmp_path / "a.jsonl", jsonl(
        line({"text": TEXT, "spans": [span("Berlin", "CITY"), span("Hamburg", "CITY")]}),
        line({"text": "Montag", "spans": [{"start": 0, "end": 6, "label": "DATE"}]}),
    ))  # fmt: skip
    summary = import_paths(project, [path], annotator="tester", add_labels=True)
    assert summary.new_labels == ("CITY", "DATE")
    assert "added labels: CITY, DATE" in str(summary)
    assert project.scheme.names == ("PER", "LOC", "ORG", "MISC", "QUOTE", "CITY", "DATE")
    assert project.scheme.get("QUOTE").may_overlap  # the rest of the scheme as it was
    assert project.check() == []
    assert project.stats()["spans_by_label"]["CITY"] == 2


def test_add_labels_does_not_change_the_scheme_when_the_import_fails(
    project: Project, tmp_path: Path
):
    path = write(tmp_path / "a.jsonl", jsonl(
        line({"text": "Montag", "spans": [{"start": 0, "end": 6, "label": "DATE"}]}), "{",
    ))  # fmt: skip
    before = snapshot(project)
    with pytest.raises(InputError):
        import_paths(project, [path], annotator="tester", add_labels=True)
    assert snapshot(project) == before


def test_bom_files_are_accepted(project: Project, tmp_path: Path):
    bom = b"\xef\xbb\xbf"
    text_file = write(tmp_path / "a.txt", bom + "Grüße\r\naus Köln".encode())
    json_file = write(tmp_path / "b.jsonl", bom + jsonl(line({"id": "b", "text": "Grüße"})))
    summary = import_paths(project, [text_file, json_file], annotator="tester")
    assert (summary.files, summary.documents) == (2, 2)
    assert project.get_document("a.txt").text == "Grüße\r\naus Köln"
    assert project.get_document("b").text == "Grüße"


def test_a_folder_of_text_files(project: Project, tmp_path: Path):
    folder = tmp_path / "korpus"
    write(folder / "2024" / "januar" / "a.txt", "Erster Artikel\nText")
    write(folder / "2024" / "b.txt", "\n\nZweiter Artikel")
    write(folder / "c.txt", "Dritter")
    write(folder / ".d.txt", "versteckt")
    write(folder / ".git" / "e.txt", "versteckt")
    write(folder / "bild.png", PNG)
    summary = import_paths(project, [folder], annotator="tester")
    assert (summary.files, summary.documents, summary.spans) == (3, 3, 0)
    ids = [d.id for d in project.list_documents()]
    assert ids[-3:] == ["2024/b.txt", "2024/januar/a.txt", "c.txt"]
    document = project.get_document("2024/januar/a.txt")
    assert document.meta == {"title": "Erster Artikel", "source_file": "2024/januar/a.txt"}


def test_a_very_long_line(project: Project, tmp_path: Path):
    text = ("Angela Merkel sagte „Ja“ 😀 in Berlin.\r\n" * 200_000)[:-2]  # about 8 MB
    end = len(text)
    path = write(tmp_path / "lang.jsonl", jsonl(line({"id": "lang", "text": text, "spans": [
        {"start": end - 7, "end": end - 1, "label": "LOC", "text": "Berlin"},
        {"start": 0, "end": 13, "label": "PER"},
    ]})))  # fmt: skip
    assert path.stat().st_size > 5_000_000
    summary = import_paths(project, [path], annotator="tester")
    assert (summary.documents, summary.spans) == (1, 2)
    assert project.get_document("lang").text == text
    assert [s.label for s in project.spans("lang")] == ["PER", "LOC"]


def test_spans_without_annotator_are_the_importers(project: Project, tmp_path: Path):
    path = write(tmp_path / "a.jsonl", jsonl(line({"id": "a", "text": TEXT, "spans": [
        span("Angela Merkel", "PER"), span("Berlin", "LOC", annotator="anna")]})))  # fmt: skip
    import_paths(project, [path], annotator="ben")
    assert [s.annotator for s in project.spans("a")] == ["ben", "anna"]
    assert project.edit_log(limit=1)[0].annotator == "ben"
    assert project.edit_log(limit=1)[0].action == "import"


def test_progress_reports_bytes_up_to_the_total(project: Project, tmp_path: Path):
    first = write(tmp_path / "a.jsonl", jsonl(*(good(n) for n in range(1, 30))))
    second = write(tmp_path / "b.txt", "Text")
    calls: list[tuple[int, int]] = []
    import_paths(project, [first, second], annotator="tester", progress=lambda *a: calls.append(a))
    total = first.stat().st_size + second.stat().st_size
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert done[-1] == total


def test_quotes_wikinews_imports_with_speakers(shared_data: Path, tmp_path: Path):
    source = shared_data / "quotes_wikinews" / "dev.jsonl"
    expected = [json.loads(raw) for raw in source.read_text(encoding="utf-8").splitlines()]
    with Project.create(tmp_path / "q.annotator", load_scheme("german-news")) as project:
        summary = import_paths(project, [source], annotator="tester")
        assert summary.documents == len(expected)
        assert project.check() == []
        with_speaker = 0
        for data in expected:
            spans = project.spans(data["id"])
            relations = {r.head: r.tail for r in project.relations(data["id"])}
            by_id = {s.id: s for s in spans}
            for raw in data["spans"]:
                [quote] = [
                    s for s in spans
                    if (s.start, s.end, s.label) == (raw["start"], raw["end"], raw["label"])
                    and s.attrs.get("part") == raw.get("part")
                    and s.attrs.get("annotation_id") == raw.get("annotation_id")
                ]  # fmt: skip
                assert quote.attrs["quote_type"] == raw["quote_type"]
                if raw.get("speaker"):
                    with_speaker += 1
                    speaker = by_id[relations[quote.id]]
                    assert (speaker.start, speaker.end) == (
                        raw["speaker"]["start"],
                        raw["speaker"]["end"],
                    )
                    assert data["text"][speaker.start : speaker.end] == raw["speaker"]["text"]
                else:
                    assert quote.id not in relations
        assert with_speaker > 100
        assert summary.relations == with_speaker
        export_jsonl(project, tmp_path / "out.jsonl")
        first = records_of(project)
    with Project.create(tmp_path / "r.annotator", load_scheme("german-news")) as again:
        import_paths(again, [tmp_path / "out.jsonl"], annotator="someone else")
        assert records_of(again) == first
