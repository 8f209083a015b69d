"""Label Studio JSON: tasks with annotations and predictions, round trips, streaming, bad input."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Document, Relation, Source, Span, Status
from annotator.formats import label_studio
from annotator.formats.protocol import ExportContext, ReadOptions
from annotator.formats.registry import detect
from annotator.services.importing import import_paths
from annotator.store import Project

from .conftest import TEXT, at
from .corpora import SCHEME, corpora, meta_of, spans_of, speakers_of, write_and_read
from .test_bad_input_formats import PNG, snapshot

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def carried(record: AnnotatedDocument) -> tuple:
    return (record.document.id, record.document.text, meta_of(record), spans_of(record),
            speakers_of(record))  # fmt: skip


@SETTINGS
@given(corpora())
def test_round_trip_keeps_ids_texts_meta_spans_and_speakers(records):
    with tempfile.TemporaryDirectory() as folder:
        back = write_and_read("label-studio", records, Path(folder))
    assert [carried(r) for r in back] == [carried(r) for r in records]


def sample() -> list[AnnotatedDocument]:
    quote = Span("d", *at("„Wir schaffen das.“"), "QUOTE", "anna", id="q",
                 attrs={"type": "Direct", "n": 3}, comment="sicher?")  # fmt: skip
    person = Span("d", *at("Angela Merkel"), "PER", "anna", id="p")
    other = Span("d", *at("Berlin"), "LOC", "ben", id="b")
    suggested = Span("d", *at("Universität Hamburg"), "ORG", "anna", id="s",
                     source=Source.MODEL, model="de_crf", status=Status.PENDING)  # fmt: skip
    refused = Span("d", *at("Hamburg"), "LOC", "anna", id="r", source=Source.MODEL,
                   status=Status.REJECTED)  # fmt: skip
    return [
        AnnotatedDocument(Document("d", TEXT, {"title": "T"}),
                          (quote, person, other, suggested, refused),
                          (Relation("d", "q", "p", "anna"),)),
        AnnotatedDocument(Document("e", "nichts"), ()),
    ]  # fmt: skip


def write(folder: Path) -> tuple[Path, Any]:
    target = folder / "out.json"
    context = ExportContext(scheme=SCHEME, beside=lambda name: folder / name)
    return target, label_studio.write(sample(), target, context)


def test_tasks_carry_annotations_per_annotator_relations_and_predictions(tmp_path: Path):
    target, report = write(tmp_path)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("[\n{")
    assert text.endswith("}\n]\n")
    tasks = json.loads(text)
    assert [t["id"] for t in tasks] == [1, 2]
    task = tasks[0]
    assert task["data"] == {"text": TEXT, "doc_id": "d", "meta": {"title": "T"}}
    by_person = {a["created_username"]: a["result"] for a in task["annotations"]}
    assert all("completed_by" not in a for a in task["annotations"])  # Label Studio would refuse
    assert sorted(by_person) == ["anna", "ben"]
    regions = {r["value"]["labels"][0]: r for r in by_person["anna"] if r["type"] == "labels"}
    start = TEXT.index("„Wir")  # after no emoji; the ORG after one is checked below
    assert regions["QUOTE"]["value"]["start"] == start
    assert regions["QUOTE"]["meta"] == {"text": ["sicher?"]}
    (choice,) = [r for r in by_person["anna"] if r["type"] == "choices"]
    assert (choice["id"], choice["from_name"]) == ("q", "type")
    assert choice["value"]["choices"] == ["Direct"]
    (relation,) = [r for r in by_person["anna"] if r["type"] == "relation"]
    assert (relation["from_id"], relation["to_id"], relation["labels"]) == ("q", "p", ["speaker"])
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "de_crf"
    org = prediction["result"][0]["value"]
    assert TEXT[org["start"] : org["end"]] == "Universität Hamburg" == org["text"]
    assert report.lost == {
        "rejected suggestions (Label Studio has no place for them)": 1,
        "span attributes that are not text": 1,
    }
    config = (tmp_path / "label-studio-config.xml").read_text(encoding="utf-8")
    assert '<Label value="PER"' in config
    assert '<Relation value="speaker"/>' in config
    assert detect(target) == "label-studio"


def test_reading_back_keeps_annotators_suggestions_comments_and_attributes(tmp_path: Path):
    target, _ = write(tmp_path)
    options = ReadOptions(scheme=SCHEME, annotator="r")
    (first, second) = [item.record for item in label_studio.read(target, options)]
    got = {(s.label, s.annotator, s.source.value, s.status.value, s.model) for s in first.spans}
    assert got == {("QUOTE", "anna", "human", "accepted", None),
                   ("PER", "anna", "human", "accepted", None),
                   ("LOC", "ben", "human", "accepted", None),
                   ("ORG", "r", "model", "pending", "de_crf")}  # fmt: skip
    quote = next(s for s in first.spans if s.label == "QUOTE")
    assert (quote.comment, dict(quote.attrs)) == ("sicher?", {"type": "Direct"})
    assert speakers_of(first) == speakers_of(sample()[0])
    assert (second.document.id, second.spans) == ("e", ())


def task(*results: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": 1, "data": {"text": TEXT}, "annotations": [{"result": list(results)}], **fields}


def region(fragment: str, label: str, ident: str = "a", **value: Any) -> dict[str, Any]:
    start, end = at(fragment)
    value = {"start": start, "end": end, "text": fragment, "labels": [label], **value}
    return {"id": ident, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def array(*tasks: Any) -> bytes:
    return ("[\n" + ",\n".join(t if isinstance(t, str) else json.dumps(t, ensure_ascii=False)
                               for t in tasks) + "\n]\n").encode()  # fmt: skip


GOOD = task(region("Berlin", "LOC"))
BAD: dict[str, tuple[bytes, int | None, str]] = {
    "broken task": (array(GOOD, '{"data": {"text": "ab"}'), 4, "not valid JSON"),
    "broken task, indented": (json.dumps([GOOD, GOOD], indent=2).replace('"Berlin"', "Berlin")
                              .encode(), 18, "not valid JSON"),
    "missing comma": (b"[" + json.dumps(GOOD).encode() + b"\n" + json.dumps(GOOD).encode() + b"]",
                      2, "expected , or ] after a task"),
    "cut off": (b"[\n" + json.dumps(GOOD).encode() + b",\n", 3, "the file ends inside the list"),
    "not a list": (json.dumps(GOOD).encode(), 1, "a JSON list of tasks"),
    "missing text": (array(GOOD, {"id": 2, "data": {"body": "x"}}), 3, 'missing "text"'),
    "missing data": (array({"id": 2}), 2, 'missing "data"'),
    "offsets out of range": (array(task(region("Berlin", "LOC", start=70, end=900))), 2,
                             "offsets 70-900 are out of range"),
    "shifted text": (array(task(region("Berlin", "LOC", text="Bonn"))), 2,
                     "offsets may have shifted"),
    "relation to nothing": (array(task(region("Berlin", "LOC"), {
        "type": "relation", "from_id": "a", "to_id": "zz", "labels": ["speaker"]})), 2,
        "not a region of this annotation"),
    "overlap": (array(task(region("Angela Merkel", "PER"), region("Merkel sagte", "PER", "b"))),
                2, "the scheme does not allow this overlap"),
    "unknown label": (array(task(region("Berlin", "CITY"))), 2, "unknown label 'CITY'"),
    "latin-1": (array(GOOD) + "Grüße".encode("latin-1"), 4, "not valid UTF-8"),
    "utf-16": (array(GOOD).decode().encode("utf-16"), None, "UTF-16 or UTF-32"),
    "binary": (PNG, None, "binary file"),
    "empty": (b"", None, "the file is empty"),
    "empty list": (b"[\n]\n", None, "the file is empty"),
    "more after the list": (array(GOOD) + b"[]", 4, "there is more after the list"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_names_file_and_line_and_changes_nothing(
    project: Project, tmp_path: Path, case: str
):
    content, line, words = BAD[case]
    path = tmp_path / "in.json"
    path.write_bytes(content)
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path], annotator="tester", format_name="label-studio")
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert words in caught.value.reason
    assert snapshot(project) == before


def test_unknown_labels_are_added_when_asked(project: Project, tmp_path: Path):
    path = tmp_path / "in.json"
    path.write_bytes(BAD["unknown label"][0])
    summary = import_paths(project, [path], annotator="tester", add_labels=True)
    assert summary.new_labels == ("CITY",)


def test_tasks_are_read_one_at_a_time_across_reads(project: Project, tmp_path: Path):
    """Tasks longer than one read of the file, and many of them: all come, with their lines."""
    long_text = "Berlin " + "x" * 200_000
    tasks = [{"data": {"text": long_text, "doc_id": f"t{n}"}} for n in range(3)]
    path = tmp_path / "in.json"
    path.write_bytes(array(*tasks))
    options = ReadOptions(scheme=SCHEME, annotator="r")
    items = list(label_studio.read(path, options))
    assert [(i.record.document.id, i.line) for i in items] == [("t0", 2), ("t1", 3), ("t2", 4)]
    assert items[-1].done == path.stat().st_size


def test_a_50_mb_single_line(project: Project, tmp_path: Path):
    path = tmp_path / "in.json"
    path.write_bytes(b'[{"data": {"text": "' + b"a" * 50_000_000)
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path], annotator="tester", format_name="label-studio")
    assert (caught.value.file, caught.value.line) == (str(path), 1)
    assert snapshot(project) == before


def test_the_export_passes_suggestions_as_predictions_when_asked(project: Project, tmp_path):
    from annotator.services.export_filters import ExportFilters
    from annotator.services.exporting import ExportRequest, export

    source = tmp_path / "in.jsonl"
    spans = [{**dict(zip(("start", "end"), at("Berlin"), strict=True)), "label": "LOC"},
             {**dict(zip(("start", "end"), at("Hamburg"), strict=True)), "label": "LOC",
              "source": "model", "model": "de_crf", "status": "pending"}]  # fmt: skip
    source.write_text(json.dumps({"id": "s", "text": TEXT, "spans": spans}) + "\n")
    import_paths(project, [source], annotator="anna")
    everything = ExportRequest(format="label-studio", filters=ExportFilters(source="all"))
    for request, predicted in ((ExportRequest(format="label-studio"), []), (everything, ["LOC"])):
        out = tmp_path / f"out-{len(predicted)}.json"
        export(project, out, request)
        task = next(t for t in json.loads(out.read_text(encoding="utf-8"))
                    if t["data"]["doc_id"] == "s")  # fmt: skip
        labels = [r["value"]["labels"][0] for p in task["predictions"] for r in p["result"]]
        assert labels == predicted


@pytest.mark.parametrize(
    ("annotation", "who"),
    [({"completed_by": {"id": 3, "email": "a@b.org"}}, "a@b.org"),
     ({"completed_by": 7}, "label-studio-7"),
     ({"created_username": " a@b.org, 1"}, "a@b.org"), ({}, "reader")],
)  # fmt: skip
def test_who_made_an_annotation(annotation, who):
    options = ReadOptions(scheme=SCHEME, annotator="reader")
    assert label_studio._annotator(annotation, options) == who
