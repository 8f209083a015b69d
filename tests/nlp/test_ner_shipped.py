"""The built-in German entity model in resources/models/de-news-ner: loads and finds names."""

import json

import pytest

from annotator.resources import resources_dir

spacy = pytest.importorskip("spacy")
pytest.importorskip("pycrfsuite")

MODEL = resources_dir() / "models" / "de-news-ner"


@pytest.fixture(scope="module")
def nlp():
    import annotator.nlp.components  # noqa: F401  (registers the factory)

    return spacy.load(MODEL)


def test_meta_names_the_model_and_its_data():
    meta = json.loads((MODEL / "meta.json").read_text("utf-8"))
    assert meta["name"] == "de_news_ner"
    assert meta["version"]
    assert "GermEval 2014" in meta["description"]
    assert meta["performance"]["ents_f"] >= 0.62
    assert sorted(meta["labels"]["ner"]) == ["LOC", "MISC", "ORG", "PER"]


def test_small_enough_to_ship():
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 30 * 1024 * 1024


def test_finds_entities_in_a_news_article(nlp):
    text = (
        "Merkel trifft Macron in Paris\n\n"
        "Bundeskanzlerin Angela Merkel ist am Montag nach Paris gereist. Dort sprach sie mit "
        "dem französischen Präsidenten Emmanuel Macron über die Europäische Union.\n"
    )
    doc = nlp(text)
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Angela Merkel", "PER") in found
    assert ("Emmanuel Macron", "PER") in found
    assert ("Paris", "LOC") in found
    assert all("\n" not in e.text for e in doc.ents)
    assert {e.label_ for e in doc.ents} <= {"PER", "LOC", "ORG", "MISC"}
