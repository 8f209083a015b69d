"""Merging another annotator's work: matching, renaming, twice, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, DocState, Document, DocumentState, Span
from annotator.resources import load_scheme
from annotator.services.exporting import export_jsonl
from annotator.services.merging import merge_file
from annotator.store import Project

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ Die Universität Hamburg schwieg."
OTHER_TEXT = "Ein ganz anderer Text über Hamburg."


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def make(path: Path, documents: list[AnnotatedDocument]) -> Path:
    with (
        Project.create(path, load_scheme("german-news")) as project,
        project.importing("setup", "test") as sink,
    ):
        for n, record in enumerate(documents):
            sink.add(record, origin=f"t:{n + 1}")
    return path


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    anna = Span("d1", *at("Angela Merkel"), "PER", "anna", id="a1")
    return make(
        tmp_path / "mine.annotator",
        [
            AnnotatedDocument(Document("d1", TEXT), (anna,)),
            AnnotatedDocument(Document("d2", OTHER_TEXT)),
        ],
    )


@pytest.fixture
def bens(tmp_path: Path) -> Path:
    """Ben's copy: the same d1, d2 under another id, a document of his own, one changed."""
    quote = Span("d1", *at("„Wir schaffen das.“"), "QUOTE", "ben", id="b-quote")
    merkel = Span("d1", *at("Angela Merkel"), "PER", "ben", id="b-merkel")
    from annotator.core.model import Relation

    link = Relation("d1", "b-quote", "b-merkel", "ben", id="b-link")
    return make(
        tmp_path / "ben.annotator",
        [
            AnnotatedDocument(
                Document("d1", TEXT),
                (merkel, quote),
                (link,),
                (DocumentState("d1", "ben", DocState.DONE),),
            ),
            AnnotatedDocument(
                Document("renamed", OTHER_TEXT),
                (Span("renamed", 27, 34, "LOC", "ben", id="b-hamburg"),),
            ),
            AnnotatedDocument(Document("extra", "Nur bei Ben.")),
            AnnotatedDocument(Document("d9", "Text")),
        ],
    )


def contents(path: Path) -> dict:
    with Project.open(path) as project:
        return {
            doc: (
                sorted((s.annotator, s.start, s.end, s.label) for s in project.spans(doc)),
                sorted((r.annotator, r.kind) for r in project.relations(doc)),
                {a: s.state for a, s in project.states(doc).items()},
            )
            for doc in ("d1", "d2")
        }


def test_merge_a_project_file(mine: Path, bens: Path):
    with Project.open(mine) as project:
        summary = merge_file(project, bens, annotator="rita")
        assert project.edit_log(limit=1)[0].action == "merge"
    assert summary.documents == 2
    assert summary.spans_added == 3
    assert summary.relations_added == 1
    assert summary.unmatched == ["extra", "d9"]
    found = contents(mine)
    assert ("ben", *at("„Wir schaffen das.“"), "QUOTE") in found["d1"][0]
    assert found["d1"][1] == [("ben", "speaker")]
    assert found["d1"][2] == {"ben": DocState.DONE}
    assert found["d2"][0] == [("ben", 27, 34, "LOC")]  # matched by its text


def test_merging_twice_adds_nothing(mine: Path, bens: Path):
    with Project.open(mine) as project:
        merge_file(project, bens, annotator="rita")
        before = contents(mine)
        again = merge_file(project, bens, annotator="rita")
    assert (again.spans_added, again.spans_updated, again.relations_added) == (0, 0, 0)
    assert again.spans_unchanged == 3
    assert contents(mine) == before


def test_merge_jsonl_as_another_name(mine: Path, bens: Path, tmp_path: Path):
    out = tmp_path / "ben.jsonl"
    with Project.open(bens) as other:
        export_jsonl(other, out)
    with Project.open(mine) as project:
        summary = merge_file(project, out, as_name="benedikt", annotator="rita")
        assert merge_file(project, out, as_name="benedikt", annotator="rita").spans_added == 0
    assert summary.annotators == {"benedikt"}
    found = contents(mine)
    assert {s[0] for s in found["d1"][0]} == {"anna", "benedikt"}


def test_a_changed_text_is_listed(mine: Path, tmp_path: Path):
    other = tmp_path / "other.jsonl"
    lines = [
        {"id": "d1", "text": TEXT.replace("Berlin", "Bonn"), "spans": []},
        {"id": "d2", "text": OTHER_TEXT, "spans": [{"start": 27, "end": 34, "label": "LOC"}]},
    ]
    other.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    with Project.open(mine) as project:
        summary = merge_file(project, other, annotator="rita")
    assert summary.text_differs == ["d1"]
    assert contents(mine)["d2"][0] == [("other", 27, 34, "LOC")]  # named after the file


def test_a_bad_span_merges_nothing(mine: Path, tmp_path: Path):
    other = tmp_path / "bad.jsonl"
    lines = [
        {"id": "d2", "text": OTHER_TEXT, "spans": [{"start": 27, "end": 34, "label": "LOC"}]},
        {"id": "d1", "text": TEXT, "spans": [{"start": 0, "end": 6, "label": "NOPE"}]},
    ]
    other.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    before = contents(mine)
    with Project.open(mine) as project, pytest.raises(InputError) as raised:
        merge_file(project, other, annotator="rita")
    assert raised.value.line == 2
    assert "NOPE" in str(raised.value)
    assert contents(mine) == before


def test_a_file_matching_nothing_is_refused(mine: Path, tmp_path: Path):
    other = tmp_path / "unrelated.jsonl"
    other.write_text(json.dumps({"id": "x", "text": "Etwas ganz anderes."}), "utf-8")
    with Project.open(mine) as project, pytest.raises(InputError, match="none of its documents"):
        merge_file(project, other, annotator="rita")


def test_merge_a_project_file_of_an_older_format(tmp_path: Path):
    import shutil

    fixture = Path(__file__).parents[1] / "fixtures" / "project-v1.annotator"
    old = tmp_path / "old-v1.annotator"
    shutil.copyfile(fixture, old)
    mine = tmp_path / "mine.annotator"
    shutil.copyfile(fixture, mine)
    before = old.read_bytes()
    with Project.open(mine) as project:
        spans = project.stats()["spans"]
        summary = merge_file(project, old, as_name="archive", annotator="rita")
        assert project.stats()["spans"] == spans + summary.spans_added
    assert summary.documents == 4
    assert summary.spans_added == 8  # the same ids, now someone else's: new ids
    assert old.read_bytes() == before  # read from an upgraded copy


def test_a_span_changed_since_the_last_merge_replaces_the_old_one(mine: Path, tmp_path: Path):
    other = tmp_path / "ben.jsonl"

    def send(label: str, speaker: str) -> None:
        span = {
            "id": "b1",
            "annotator": "ben",
            **dict(zip(("start", "end"), at("Berlin"), strict=True)),
            "label": label,
        }
        quote = {
            "id": "b2",
            "annotator": "ben",
            **dict(zip(("start", "end"), at("„Wir schaffen das.“"), strict=True)),
            "label": "QUOTE",
        }
        if speaker:
            start, end = at(speaker)
            quote["speaker"] = {"start": start, "end": end, "relation": {"id": f"r-{label}"}}
        line = {"id": "d1", "text": TEXT, "spans": [span, quote]}
        other.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")

    with Project.open(mine) as project:
        send("LOC", speaker="Angela Merkel")
        first = merge_file(project, other, annotator="rita")
        send("ORG", speaker="Universität Hamburg")
        second = merge_file(project, other, annotator="rita")
        bens = {s.id: s for s in project.spans("d1") if s.annotator == "ben"}
        links = [r for r in project.relations("d1") if r.annotator == "ben"]
        assert project.check() == []  # the label index too: ben's LOC taken off, ORG counted
    assert (first.spans_added, second.spans_added, second.spans_updated) == (3, 1, 1)
    assert bens["b1"].label == "ORG"
    assert [r.id for r in links] == ["r-ORG"]  # the new link replaced the old one
