"""doccano JSON lines: both shapes, round trips, and bad input naming the file and line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Document, Relation, Span
from annotator.formats import doccano
from annotator.formats.protocol import ExportContext
from annotator.formats.registry import detect
from annotator.services.importing import import_paths
from annotator.store import Project

from .conftest import TEXT, at
from .corpora import SCHEME, corpora, meta_of, spans_of, speakers_of, write_and_read
from .test_bad_input_formats import PNG, lines, snapshot

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(corpora())
def test_round_trip_keeps_ids_texts_meta_spans_and_speakers(records):
    with tempfile.TemporaryDirectory() as folder:
        back = write_and_read("doccano", records, Path(folder))
    assert [
        (r.document.id, r.document.text, meta_of(r), spans_of(r), speakers_of(r)) for r in back
    ] == [(r.document.id, r.document.text, meta_of(r), spans_of(r), speakers_of(r))
          for r in records]  # fmt: skip


def record(doc_id: str, *spans: tuple[str, str], link: bool = False) -> AnnotatedDocument:
    made = [
        Span(doc_id, *at(fragment), label, "anna", id=f"{doc_id}-{n}")
        for n, (fragment, label) in enumerate(spans)
    ]
    relations = (Relation(doc_id, made[0].id, made[1].id, "anna"),) if link else ()
    return AnnotatedDocument(Document(doc_id, TEXT), tuple(made), relations)


def write(records: list[AnnotatedDocument], target: Path):
    return doccano.write(records, target, ExportContext(scheme=SCHEME))


def test_without_speaker_links_the_sequence_shape_is_written(tmp_path: Path):
    target = tmp_path / "out.jsonl"
    report = write([record("a", ("😀", "MISC"), ("Universität Hamburg", "ORG"))], target)
    line = json.loads(target.read_text(encoding="utf-8"))
    start = TEXT.index("Universität")
    assert line["label"] == [[TEXT.index("😀"), TEXT.index("😀") + 1, "MISC"],
                             [start, start + 19, "ORG"]]  # fmt: skip
    assert TEXT[start : start + 19] == "Universität Hamburg"  # code points, after the emoji
    assert report.documents == 1
    assert report.labels == {"MISC": 1, "ORG": 1}
    assert report.lost == {doccano.ASTRAL: 1}  # the emoji: doccano's editor counts it two
    assert detect(target) == "doccano"


def test_the_first_speaker_link_turns_the_whole_file_into_the_relation_shape(tmp_path: Path):
    target = tmp_path / "out.jsonl"
    records = [
        record("a", ("Berlin", "LOC")),
        record("b", ("„Wir schaffen das.“", "QUOTE"), ("Angela Merkel", "PER"), link=True),
    ]
    report = write(records, target)
    first, second = (json.loads(x) for x in target.read_text(encoding="utf-8").splitlines())
    assert "label" not in first
    assert first["relations"] == []
    assert first["entities"] == [{"id": 1, "label": "LOC", "start_offset": TEXT.index("Berlin"),
                                  "end_offset": TEXT.index("Berlin") + 6}]  # fmt: skip
    by_id = {e["id"]: e["label"] for e in second["entities"]}
    (relation,) = second["relations"]
    assert (by_id[relation["from_id"]], by_id[relation["to_id"]]) == ("QUOTE", "PER")
    assert relation["type"] == "speaker"
    assert len({e["id"] for e in first["entities"] + second["entities"]}) == 3
    assert report.lost == {doccano.ASTRAL: 2}


def test_what_doccano_cannot_carry_is_reported(tmp_path: Path):
    span = Span("a", *at("Berlin"), "LOC", "anna", attrs={"x": "y"}, comment="sicher?")
    report = write([AnnotatedDocument(Document("a", TEXT), (span,))], tmp_path / "o.jsonl")
    assert report.lost == {"span attributes (e.g. quotation type)": 1, "span comments": 1,
                           doccano.ASTRAL: 1}  # fmt: skip


def test_other_relations_are_counted_not_imported(project: Project, tmp_path: Path):
    berlin, merkel = at("Berlin"), at("Angela Merkel")
    line = {"text": TEXT, "entities": [
        {"id": 7, "label": "LOC", "start_offset": berlin[0], "end_offset": berlin[1]},
        {"id": 8, "label": "PER", "start_offset": merkel[0], "end_offset": merkel[1]}],
        "relations": [{"id": 1, "from_id": 8, "to_id": 7, "type": "lives_in"}]}  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_bytes(lines(line))
    summary = import_paths(project, [path], annotator="tester", format_name="auto")
    assert (summary.documents, summary.spans, summary.relations) == (1, 2, 0)
    assert summary.notes == {"doccano relations other than speaker, not imported": 1}


def test_text_classification_labels_are_kept_in_meta(project: Project, tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(lines({"id": "k", "text": TEXT, "label": ["politics"]}))
    import_paths(project, [path], annotator="tester", format_name="doccano")
    record = next(r for r in project.iter_records() if r.document.id == "k")
    assert record.document.meta["label"] == ["politics"]
    assert record.spans == ()


def good() -> dict[str, Any]:
    return {"text": TEXT, "label": [[*at("Berlin"), "LOC"]]}


def relation_line(**changes: Any) -> dict[str, Any]:
    quote, person = at("„Wir schaffen das.“"), at("Angela Merkel")
    line = {"text": TEXT, "entities": [
        {"id": 1, "label": "QUOTE", "start_offset": quote[0], "end_offset": quote[1]},
        {"id": 2, "label": "PER", "start_offset": person[0], "end_offset": person[1]}],
        "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "speaker"}]}  # fmt: skip
    line.update(changes)
    return line


BAD: dict[str, tuple[bytes, int | None, str]] = {
    "broken line": (lines(good(), '{"text": "ab'), 2, "not valid JSON"),
    "missing text": (lines(good(), {"label": []}), 2, 'missing "text"'),
    "label not a triple": (lines({"text": TEXT, "label": [[1, 2]]}), 1,
                           'label 1 must be a list [start, end, "LABEL"]'),
    "offsets out of range": (lines({"text": "kurz", "label": [[2, 9, "PER"]]}), 1,
                             "offsets 2-9 are out of range"),
    "entity offsets out of range": (
        lines({"text": "kurz", "entities": [{"id": 1, "label": "PER", "start_offset": 3,
                                             "end_offset": 90}]}), 1, "out of range"),
    "entity without offsets": (lines({"text": TEXT, "entities": [{"id": 1, "label": "PER"}]}),
                               1, 'entity 1 has no "start_offset"'),
    "relation to nothing": (
        lines(relation_line(relations=[{"id": 1, "from_id": 1, "to_id": 9, "type": "speaker"}])),
        1, "to_id 9 is not the id of an entity"),
    "speaker of an entity": (
        lines(relation_line(relations=[{"id": 1, "from_id": 2, "to_id": 1, "type": "speaker"}])),
        1, "only quotations have speakers"),
    "overlap": (lines({"text": TEXT, "label": [[*at("Angela Merkel"), "PER"],
                                               [*at("Merkel sagte"), "PER"]]}), 1,
                "the scheme does not allow this overlap"),
    "unknown label": (lines({"text": TEXT, "label": [[*at("Berlin"), "CITY"]]}), 1,
                      "unknown label 'CITY'"),
    "latin-1": (lines(good()) + '{"text": "Grüße", "label": []}\n'.encode("latin-1"), 2,
                "not valid UTF-8"),
    "utf-16": (json.dumps(good()).encode("utf-16"), None, "UTF-16 or UTF-32"),
    "binary": (PNG, None, "binary file"),
    "empty": (b"\n", None, "the file is empty"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_names_file_and_line_and_changes_nothing(
    project: Project, tmp_path: Path, case: str
):
    content, line, words = BAD[case]
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [path], annotator="tester", format_name="doccano")
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert words in caught.value.reason
    assert snapshot(project) == before


def test_unknown_labels_are_added_when_asked(project: Project, tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(BAD["unknown label"][0])
    summary = import_paths(project, [path], annotator="tester", format_name="doccano",
                           add_labels=True)  # fmt: skip
    assert summary.new_labels == ("CITY",)


def test_relation_shape_is_detected_and_links_speakers(project: Project, tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(lines(relation_line(id="r")))
    assert detect(path) == "doccano"
    summary = import_paths(project, [path], annotator="tester")
    assert (summary.spans, summary.relations) == (2, 1)
