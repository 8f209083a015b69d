"""The export pipeline: filters, renames, splits with their manifest, misaligned spans,
cancelling, and what a format cannot carry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import __version__
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import (
    SPEAKER,
    AnnotatedDocument,
    Document,
    DocumentState,
    Relation,
    Span,
)
from annotator.resources import load_scheme
from annotator.services.export_filters import ExportFilters
from annotator.services.export_splits import SplitSpec
from annotator.services.exporting import ExportCancelled, ExportRequest, export
from annotator.services.importing import import_paths
from annotator.store import Project

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."
OLD, NEW = "2026-01-10T08:00:00.000Z", "2026-03-01T08:00:00.000Z"


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def span(doc: str, fragment: str, label: str, who: str = "anna", **fields) -> Span:
    start, end = at(fragment)
    fields.setdefault("created", NEW)
    return Span(doc, start, end, label, who, id=f"{doc}:{fragment}:{label}:{who}", **fields)


def document(doc: str, *, done_by: str | None = "anna") -> AnnotatedDocument:
    quote = span(doc, "„Wir schaffen das.“", "QUOTE")
    person = span(doc, "Angela Merkel", "PER")
    spans = (
        person,
        quote,
        span(doc, "Berlin", "LOC", created=OLD),
        span(doc, "Universität Hamburg", "ORG", "ben"),
        span(doc, "Hamburg", "LOC", "ben", source="model", status="accepted"),
        span(doc, "Die", "MISC", source="model", status="pending"),
        span(doc, "sagte", "MISC", source="model", status="rejected"),
    )
    relation = Relation(doc, quote.id, person.id, "anna", SPEAKER, id=f"{doc}:speaker")
    states = (DocumentState(doc, done_by, "done"),) if done_by else ()
    return AnnotatedDocument(Document(doc, TEXT, {"title": doc}), spans, (relation,), states)


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.annotator", load_scheme("german-news")) as project:
        with project.importing("tester", "Set up") as sink:
            for number in range(10):
                done_by = ("anna", "ben", None)[number % 3]
                sink.add(document(f"d{number}", done_by=done_by), origin=f"s:{number}")
        yield project


def exported(project: Project, tmp_path: Path, fmt: str = "spacy-jsonl", **request) -> list:
    out = tmp_path / "out" / f"export-{fmt}.jsonl"
    export(project, out, ExportRequest(format=fmt, **request))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def labels_of(item: dict) -> list[str]:
    return sorted(e["label"] for e in item["ents"])


def test_by_default_a_training_format_gets_people_s_spans_and_accepted_suggestions(
    project: Project, tmp_path: Path
):
    items = exported(project, tmp_path)
    assert len(items) == 10
    assert labels_of(items[0]) == ["LOC", "LOC", "ORG", "PER", "QUOTE"]


@pytest.mark.parametrize(
    ("filters", "documents", "labels"),
    [
        (ExportFilters(state="done"), 7, ["LOC", "LOC", "ORG", "PER", "QUOTE"]),
        (ExportFilters(state="done", annotator="ben"), 3, ["LOC", "ORG"]),
        (ExportFilters(annotator="anna"), 10, ["LOC", "PER", "QUOTE"]),
        (ExportFilters(source="human"), 10, ["LOC", "ORG", "PER", "QUOTE"]),
        (ExportFilters(labels=frozenset({"PER", "LOC"})), 10, ["LOC", "LOC", "PER"]),
        (ExportFilters(exclude_labels=frozenset({"QUOTE"})), 10, ["LOC", "LOC", "ORG", "PER"]),
        (ExportFilters(rename={"LOC": "ORT", "ORG": "ORT"}), 10,
         ["ORT", "ORT", "ORT", "PER", "QUOTE"]),
        (ExportFilters(since="2026-02-01"), 10, ["LOC", "ORG", "PER", "QUOTE"]),
        (ExportFilters(until="2026-01-10"), 10, ["LOC"]),
        (ExportFilters(since="2026-01-10T09:00", until="2026-03-01"), 10,
         ["LOC", "ORG", "PER", "QUOTE"]),
    ],
)  # fmt: skip
def test_filters(project: Project, tmp_path: Path, filters, documents, labels):
    items = exported(project, tmp_path, filters=filters)
    assert len(items) == documents
    assert labels_of(items[0]) == labels


def test_the_gold_layer_is_an_annotator_named_gold(tmp_path: Path):
    with Project.create(tmp_path / "g.annotator", load_scheme("german-news")) as project:
        with project.importing("tester", "Set up") as sink:
            record = document("d")
            gold = span("d", "Berlin", "LOC", "gold")
            sink.add(AnnotatedDocument(record.document, (*record.spans, gold)), origin="s")
        items = exported(project, tmp_path, filters=ExportFilters(annotator="gold"))
    assert items[0]["ents"] == [{"start": at("Berlin")[0], "end": at("Berlin")[1],
                                 "label": "LOC"}]  # fmt: skip


def test_the_summary_says_what_the_filters_and_the_format_left_out(
    project: Project, tmp_path: Path
):
    summary = export(
        project,
        tmp_path / "out.jsonl",
        ExportRequest(format="spacy-jsonl", filters=ExportFilters(state="done", annotator="anna")),
    )
    assert summary.left_out == {
        "documents not done": 6,
        "spans of other annotators": 8,
        "suggestions not accepted (pending or rejected)": 8,
    }
    assert summary.report.lost == {"speaker links": 4, "document states": 4}
    text = str(summary)
    assert "Not carried by spacy-jsonl:\n  4 document states (e.g. document 'd0')\n" in text
    assert "\n  4 speaker links (e.g. document 'd0': QUOTE '„Wir schaffen das.“')\n" in text
    assert "Left out by the filters:\n  6 documents not done" in text


def test_the_lossless_format_keeps_everything_unless_filtered(project: Project, tmp_path: Path):
    out = tmp_path / "all.jsonl"
    summary = export(project, out, ExportRequest())
    assert summary.spans == 70
    assert summary.left_out == {}
    assert not summary.report.lost
    summary = export(project, out, ExportRequest(filters=ExportFilters(source="accepted")))
    assert summary.spans == 50


def test_a_link_to_a_span_left_out_is_counted(project: Project, tmp_path: Path):
    summary = export(
        project,
        tmp_path / "out.jsonl",
        ExportRequest(filters=ExportFilters(exclude_labels=frozenset({"PER"}))),
    )
    assert summary.left_out["speaker links to spans left out"] == 10


@pytest.mark.parametrize(
    ("filters", "words"),
    [
        (ExportFilters(labels=frozenset({"CITY"})), r"unknown label\(s\) CITY"),
        (ExportFilters(rename={"FOO": "BAR"}), r"unknown label\(s\) FOO"),
        (ExportFilters(since="gestern"), "--since 'gestern' is not a date"),
        (ExportFilters(since="2026-03-01", until="2026-01-01"), "is after --until"),
    ],
)
def test_bad_filters_are_refused_before_writing(project, tmp_path: Path, filters, words):
    with pytest.raises(InputError, match=words):
        export(project, tmp_path / "out.jsonl", ExportRequest(format="conll", filters=filters))
    assert not (tmp_path / "out.jsonl").exists()


# splits


def test_a_split_writes_one_file_per_split_and_a_manifest(project: Project, tmp_path: Path):
    out = tmp_path / "corpus"
    request = ExportRequest(format="hf", split=SplitSpec.parse("0.6,0.2,0.2", seed=7))
    summary = export(project, out, request)
    assert sorted(p.name for p in out.iterdir()) == [
        "dev.jsonl", "labels.json", "manifest.json", "test.jsonl", "train.jsonl"]  # fmt: skip
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == __version__
    assert manifest["format"] == "hf"
    assert manifest["labels"] == ["PER", "LOC", "ORG", "MISC", "QUOTE"]
    assert manifest["split"] == {"ratios": {"train": 0.6, "dev": 0.2, "test": 0.2}, "seed": 7,
                                 "stratify": False}  # fmt: skip
    assert manifest["filters"]["source"] == "accepted"
    assert manifest["misaligned"] == "error"
    assert {name: s["documents"] for name, s in manifest["splits"].items()} == {
        "train": 6, "dev": 2, "test": 2}  # fmt: skip
    for figures in manifest["splits"].values():
        lines = (out / figures["file"]).read_text(encoding="utf-8").splitlines()
        assert len(lines) == figures["documents"]
        assert sum(figures["labels"].values()) == figures["spans"]
    assert manifest["not_carried"]["speaker links"] == 10
    assert summary.splits["train"]["documents"] == 6
    assert json.loads((out / "labels.json").read_text())[:3] == ["O", "B-PER", "I-PER"]


def test_a_split_is_the_same_for_the_same_seed(project: Project, tmp_path: Path):
    def ids(folder: Path, seed: int) -> list[list[str]]:
        split = SplitSpec.parse("0.5,0.5", seed=seed)
        export(project, folder, ExportRequest(format="spacy-jsonl", split=split))
        return [
            [json.loads(x)["id"] for x in (folder / f"{n}.jsonl").read_text().splitlines()]
            for n in ("train", "test")
        ]

    first = ids(tmp_path / "a", 1)
    assert ids(tmp_path / "b", 1) == first
    assert sorted(first[0] + first[1]) == sorted(f"d{n}" for n in range(10))
    assert ids(tmp_path / "c", 2) != first


def test_a_split_folder_must_not_be_a_file(project: Project, tmp_path: Path):
    (tmp_path / "corpus").write_text("")
    with pytest.raises(AnnotatorError, match="with --split the output is a folder"):
        export(project, tmp_path / "corpus", ExportRequest(split=SplitSpec.parse("0.5,0.5")))


def test_a_manifest_beside_an_export_without_split(project: Project, tmp_path: Path):
    out = tmp_path / "out.conll"
    summary = export(project, out, ExportRequest(format="conll", manifest=True))
    manifest = json.loads((tmp_path / "out.conll.manifest.json").read_text(encoding="utf-8"))
    assert summary.manifest == str(tmp_path / "out.conll.manifest.json")
    assert manifest["splits"]["all"]["documents"] == 10
    assert manifest["not_carried"]["spans overlapping another span (one label a token), left out"]


# misaligned spans


@pytest.fixture
def misaligned(tmp_path: Path):
    with Project.create(tmp_path / "m.annotator", load_scheme("german-news")) as project:
        with project.importing("tester", "Set up") as sink:
            spans = (span("m", "Merk", "PER"), span("m", "Berlin", "LOC"))
            sink.add(AnnotatedDocument(Document("m", TEXT), spans), origin="s")
        yield project


def test_a_misaligned_span_stops_the_export_by_default(misaligned: Project, tmp_path: Path):
    with pytest.raises(AnnotatorError) as caught:
        export(misaligned, tmp_path / "out.conll", ExportRequest(format="conll"))
    assert str(caught.value) == (
        "document 'm': the PER span 7-11 'Merk' does not fall on token boundaries (tokens "
        "there: 'Merkel'); export with --misaligned snap (widen it to whole tokens) "
        "or skip (leave it out)"
    )
    assert not [p for p in tmp_path.iterdir() if "out.conll" in p.name]


@pytest.mark.parametrize(("policy", "tags"), [("snap", ["B-PER", "O", "B-LOC"]),
                                              ("skip", ["O", "O", "B-LOC"])])  # fmt: skip
def test_misaligned_spans_snapped_or_skipped_are_reported(
    misaligned: Project, tmp_path: Path, policy: str, tags: list[str]
):
    out = tmp_path / "out.conll"
    summary = export(misaligned, out, ExportRequest(format="conll", misaligned=policy))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [lines[i].split("\t")[1] for i in (3, 4, 6)] == tags  # Merkel, sagte, Berlin
    [(kind, count)] = summary.report.lost.items()
    assert count == 1
    assert f"--misaligned {policy}" in kind
    assert summary.report.examples[kind][0].text == "Merk"


# cancelling, standard output


def test_cancelling_leaves_no_file(project: Project, tmp_path: Path):
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 3

    out = tmp_path / "corpus"
    with pytest.raises(ExportCancelled):
        export(project, out, ExportRequest(format="conll", split=SplitSpec.parse("0.5,0.5")),
               should_stop=stop)  # fmt: skip
    assert not out.exists() or list(out.iterdir()) == []


def test_progress_counts_every_pass_of_a_split(project: Project, tmp_path: Path):
    calls = []
    export(project, tmp_path / "c", ExportRequest(split=SplitSpec.parse("0.5,0.5")),
           progress=lambda *a: calls.append(a))  # fmt: skip
    assert calls[-1] == (30, 30)


def test_binary_formats_do_not_go_to_standard_output(project: Project):
    with pytest.raises(InputError, match="cannot be written to standard output"):
        export(project, "-", ExportRequest(format="spacy"))


def test_a_token_format_to_standard_output(project: Project, capsys):
    summary = export(project, "-", ExportRequest(format="prodigy"))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == summary.documents == 10
    assert json.loads(lines[0])["answer"] == "accept"


def test_hf_to_standard_output_needs_a_file_for_its_labels(project: Project):
    with pytest.raises(InputError, match=r"writes labels\.json beside its file"):
        export(project, "-", ExportRequest(format="hf"))


# what an export writes can be imported again


@pytest.mark.parametrize("fmt", ["spacy-jsonl", "spacy", "prodigy", "hf", "conll"])
def test_duplicates_and_spans_snapped_onto_one_word_import_again(tmp_path: Path, fmt: str):
    text = "Der US-Präsident sprach in Berlin."
    spans = []
    for fragment, label, who in (("US", "LOC", "anna"), ("Präsident", "LOC", "anna"),
                                 ("Berlin", "LOC", "anna"), ("Berlin", "LOC", "ben")):  # fmt: skip
        start = text.index(fragment)
        spans.append(Span("u", start, start + len(fragment), label, who, id=f"{fragment}{who}"))
    with Project.create(tmp_path / "u.annotator", load_scheme("german-news")) as project:
        with project.importing("tester", "Set up") as sink:
            sink.add(AnnotatedDocument(Document("u", text), tuple(spans)), origin="s")
        out = tmp_path / "out" / f"u.{fmt}"
        summary = export(project, out, ExportRequest(format=fmt, misaligned="snap"))
    kinds = " | ".join(summary.report.lost)
    assert "the same offsets and label as another (e.g. two annotators'), written once" in kinds
    if fmt != "spacy-jsonl":  # character offsets: nothing to snap
        assert summary.report.lost["spans off token boundaries, widened to whole tokens "
                                   "(--misaligned snap)"] == 1  # fmt: skip
        assert "would overlap another of their label once snapped, left out" in kinds
    with Project.create(tmp_path / "again.annotator", load_scheme("german-news")) as again:
        assert import_paths(again, [out], annotator="tester", format_name=fmt).spans == (
            3 if fmt == "spacy-jsonl" else 2
        )
