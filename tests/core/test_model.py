"""The records: documents, spans, relations, document states."""

from __future__ import annotations

import dataclasses
import json

import pytest

from annotator.core.model import (
    DocState,
    Document,
    DocumentState,
    Relation,
    Source,
    Span,
    Status,
    text_hash,
)


def test_title_comes_from_meta_else_the_first_line():
    assert Document("d", "Erste Zeile\r\nzweite", {"title": "  Merkel  "}).title == "Merkel"
    assert Document("d", "\n  Erste Zeile\r\nzweite").title == "Erste Zeile"
    assert Document("d", "x" * 100).title == "x" * 79 + "…"


def test_text_hash_is_sha256_of_utf8():
    assert Document("d", "Grüße 😀").text_hash == text_hash("Grüße 😀")
    assert text_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_records_are_immutable():
    span = Span("d", 0, 3, "PER", "ann", attrs={"type": "Direct"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.label = "ORG"  # type: ignore[misc]
    with pytest.raises(TypeError):
        span.attrs["type"] = "Indirect"  # type: ignore[index]
    with pytest.raises(TypeError):
        Document("d", "t", {"a": 1}).meta["a"] = 2  # type: ignore[index]


def test_attrs_given_are_copied():
    attrs = {"type": "Direct"}
    span = Span("d", 0, 3, "PER", "ann", attrs=attrs)
    attrs["type"] = "Indirect"
    assert span.attrs["type"] == "Direct"


def test_span_takes_source_and_status_as_text():
    span = Span("d", 0, 3, "PER", "ann", source="model", status="pending")  # type: ignore[arg-type]
    assert (span.source, span.status) == (Source.MODEL, Status.PENDING)
    with pytest.raises(ValueError, match="'maybe'"):
        Span("d", 0, 3, "PER", "ann", status="maybe")  # type: ignore[arg-type]


def test_changed_keeps_the_id_and_sets_modified():
    span = Span("d", 0, 3, "PER", "ann", created="2020-01-01T00:00:00.000Z")
    assert span.modified == span.created
    changed = span.changed(label="ORG")
    assert (changed.id, changed.label, changed.created) == (span.id, "ORG", span.created)
    assert changed.modified > span.modified


def test_overlaps_is_strict_at_the_ends():
    span = Span("d", 3, 6, "PER", "ann")
    assert span.overlaps(Span("d", 5, 9, "PER", "ann"))
    assert not span.overlaps(Span("d", 6, 9, "PER", "ann"))
    assert not span.overlaps(Span("d", 0, 3, "PER", "ann"))
    assert span.text_in("abcdefgh") == "def"


@pytest.mark.parametrize(
    "record",
    [
        Span("d", 0, 3, "QUOTE", "ann", source=Source.MODEL, model="de_core", attrs={"t": "x"}),
        Relation("d", "head", "tail", "ann"),
        DocumentState("d", "ann", DocState.SKIPPED),
    ],
)
def test_as_dict_from_dict_round_trip_through_json(record):
    data = json.loads(json.dumps(record.as_dict()))
    assert type(record).from_dict(data) == record
