"""Suggestions from a pipeline: entities, quotations linked to speakers, proposed speakers."""

from __future__ import annotations

import pytest

from annotator.nlp import models
from annotator.nlp.suggesting import as_span_dicts, suggest_text, suggest_texts
from tests.tiny_model import tiny_model_path


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory):
    return models.load_model(str(tiny_model_path(tmp_path_factory))).nlp


def test_entities_and_a_quotation_with_its_speaker(nlp):
    text = "Angela Merkel sagte in Berlin: „Wir schaffen das.“"
    (found,) = suggest_texts(nlp, [text])
    assert [(text[s:e], label) for s, e, label in found.entities] == [
        ("Angela Merkel", "PER"),
        ("Berlin", "LOC"),
    ]
    (quotation,) = found.quotations
    assert [text[s:e] for s, e in quotation.quotation.parts] == ["„Wir schaffen das.“"]
    assert quotation.speaker.text_in(text) == "Angela Merkel"
    assert not quotation.speaker.proposed
    assert found.speaker_entities() == []


def test_a_speaker_the_model_missed_is_proposed_as_a_person():
    text = "Der Minister Karl Bauer sagte: „Wir bleiben dabei, das ist sicher.“"
    found = suggest_text(text, [], language="de")
    (quotation,) = found.quotations
    assert quotation.speaker.proposed
    (proposed,) = found.speaker_entities()
    assert text[proposed[0] : proposed[1]] == "Karl Bauer"
    spans = as_span_dicts(text, found)
    assert [s["label"] for s in spans] == ["PER", "QUOTE"]
    assert spans[0]["proposed"] is True
    assert spans[1]["speaker"]["text"] == "Karl Bauer"


def test_texts_come_back_in_order(nlp):
    texts = [
        "In Paris regnet es.",
        "Das Wetter ist heute schön.",
        "Siemens baut ein Werk in Berlin.",
    ]
    found = list(suggest_texts(nlp, texts, batch_size=2))
    assert [len(f.entities) for f in found] == [1, 0, 2]
