"""Label schemes: reading them from JSON, the errors a person sees, adding labels."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import ValidationError
from annotator.core.labels import PALETTE, AttributeSpec, Label, LabelKind, LabelScheme
from annotator.resources import load_scheme, scheme_names

from .conftest import make_scheme


def scheme_dict(*labels: dict) -> dict:
    return {"name": "news", "labels": list(labels)}


def test_from_dict_reads_labels_and_attributes():
    scheme = LabelScheme.from_dict(
        scheme_dict(
            {"name": "PER", "colour": "#E69F00", "key": "1"},
            {
                "name": "QUOTE",
                "kind": "quotation",
                "attributes": [{"name": "type", "values": ["Direct", "Indirect"]}],
            },
        )
    )
    assert scheme.names == ("PER", "QUOTE")
    assert scheme.label("QUOTE").kind is LabelKind.QUOTATION
    assert scheme.label("QUOTE").attribute("type") == AttributeSpec("type", ("Direct", "Indirect"))
    assert scheme.label("PER").kind is LabelKind.ENTITY
    assert scheme.label("QUOTE").colour == PALETTE[1]  # no colour given: the palette's next
    assert scheme.allow_nesting
    assert scheme.speaker_label == "PER"


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (
            [{"name": "PER", "colour": "orange"}],
            "label 'PER' has colour 'orange'; use the form #RRGGBB",
        ),
        (
            [{"name": "PER", "key": "1"}, {"name": "LOC", "key": "1"}],
            "labels 'PER' and 'LOC' share the key '1'",
        ),
        (
            [{"name": "PER", "key": "q"}, {"name": "QUOTE", "key": "Q"}],
            "labels 'PER' and 'QUOTE' share the key 'Q'",
        ),
        ([{"name": "PER"}, {"name": "PER"}], "label 'PER' appears twice"),
        (
            [{"name": "PER", "kind": "event"}],
            "label 'PER' has kind 'event'; use 'entity' or 'quotation'",
        ),
        ([{"name": "PER", "key": "F1"}], "label 'PER' has key 'F1'; use one digit or letter"),
        ([{"name": "two words"}], "label name 'two words' must be 1-64 characters"),
        ([{"colour": "#E69F00"}], "label 1 needs a 'name'"),
        (
            [{"name": "Q", "attributes": [{"name": "type", "values": ["A"], "default": "B"}]}],
            "label 'Q': default of 'type' is not allowed",
        ),
    ],
)
def test_malformed_label_names_the_label(labels: list[dict], message: str):
    with pytest.raises(ValidationError) as raised:
        LabelScheme.from_dict(scheme_dict(*labels))
    assert message in str(raised.value)
    assert "label scheme 'news'" in str(raised.value)
    assert raised.value.code == "A100"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "a label scheme must be a JSON object"),
        ({"labels": []}, "a label scheme needs a 'name'"),
        ({"name": "x", "labels": {"PER": {}}}, "label scheme 'x': 'labels' must be a list"),
    ],
)
def test_malformed_scheme(data: object, message: str):
    with pytest.raises(ValidationError, match=message):
        LabelScheme.from_dict(data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "attributes",
    [
        [{"values": ["Direct"]}],  # no name
        ["type"],  # not an object
        "type",  # not a list
        [{"name": "type", "values": "Direct"}],  # values not a list
    ],
)
def test_malformed_attributes_are_a_validation_error(attributes: object):
    with pytest.raises(ValidationError, match="label 'QUOTE'"):
        LabelScheme.from_dict(scheme_dict({"name": "QUOTE", "attributes": attributes}))


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as raised:
        LabelScheme(
            "s", (Label("PER", "red", key="1"), Label("LOC", "#56B4E9", key="1"))
        )  # both a bad colour and a shared key
    assert "colour 'red'" in str(raised.value)
    assert "share the key '1'" in str(raised.value)


def test_as_dict_from_dict_round_trip(scheme: LabelScheme):
    data = json.loads(json.dumps(scheme.as_dict()))
    again = LabelScheme.from_dict(data)
    assert again == scheme
    assert again.as_dict() == scheme.as_dict()


def test_round_trip_keeps_nesting_rule_and_overlap():
    scheme = make_scheme(allow_nesting=False)
    again = LabelScheme.from_dict(scheme.as_dict())
    assert not again.allow_nesting
    assert again.label("CUE").may_overlap


def test_unknown_label_lists_the_known_ones(scheme: LabelScheme):
    with pytest.raises(ValidationError, match=r"unknown label 'DATE'.*PER, LOC, ORG, CUE, QUOTE"):
        scheme.label("DATE")
    assert scheme.get("DATE") is None
    assert "PER" in scheme
    assert "DATE" not in scheme


def test_with_labels_adds_unknown_labels_with_free_colours(scheme: LabelScheme):
    wider = scheme.with_labels(["PER", "DATE", "EVENT", "DATE"])
    assert wider.names == (*scheme.names, "DATE", "EVENT")
    colours = [label.colour for label in wider]
    assert len(set(colours)) == len(colours)
    assert {wider.label("DATE").colour, wider.label("EVENT").colour} <= set(PALETTE)
    assert wider.label("DATE").kind is LabelKind.ENTITY
    assert wider.allow_nesting == scheme.allow_nesting
    assert scheme.names == make_scheme().names  # the original is unchanged


def test_with_labels_on_lower_case_colours():
    scheme = LabelScheme("s", (Label("PER", PALETTE[0].lower()),))
    assert scheme.with_labels(["LOC"]).label("LOC").colour == PALETTE[1]


def test_with_labels_beyond_the_palette_still_makes_a_valid_scheme():
    names = [f"L{i}" for i in range(len(PALETTE) + 3)]
    scheme = LabelScheme("s").with_labels(names)
    assert scheme.names == tuple(names)
    assert [label.colour for label in scheme][: len(PALETTE)] == list(PALETTE)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Direct", None),
        ("Shouted", "attribute 'type' has value 'Shouted'; allowed: Direct, Indirect"),
        (3, "attribute 'type' must be text, not int"),
    ],
)
def test_attribute_check(value: object, reason: str | None):
    assert AttributeSpec("type", ("Direct", "Indirect")).check(value) == reason


def test_free_text_attribute_takes_any_text():
    assert AttributeSpec("note").check("anything at all") is None


def test_built_in_schemes_load():
    assert {"german-news", "english-conll"} <= set(scheme_names())
    for name in scheme_names():
        scheme = load_scheme(name)
        assert scheme.name == name
        assert len(scheme) > 0
        assert scheme.speaker_label in scheme


def test_german_news_has_quotations_with_types():
    quote = load_scheme("german-news").label("QUOTE")
    assert quote.kind is LabelKind.QUOTATION
    assert quote.attribute("type").default == "Direct"
