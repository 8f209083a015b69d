"""The built-in model's training path on a few hand-written sentences: train, save, load."""

import pytest

pytest.importorskip("pycrfsuite")
spacy = pytest.importorskip("spacy")

import annotator.nlp.components  # noqa: E402, F401  (registers the factory)
from annotator.nlp.ner.corpora import Example  # noqa: E402
from annotator.nlp.ner.train import Settings, evaluate, train  # noqa: E402

SENTENCES = [
    ("Angela Merkel besuchte gestern Paris.", [("Angela Merkel", "PER"), ("Paris", "LOC")]),
    ("Siemens baut ein Werk in Berlin.", [("Siemens", "ORG"), ("Berlin", "LOC")]),
    ("Olaf Scholz sprach mit Siemens über Berlin.", [("Olaf Scholz", "PER"), ("Siemens", "ORG"),
                                                   ("Berlin", "LOC")]),
    ("In Paris las Angela Merkel den Spiegel.", [("Paris", "LOC"), ("Angela Merkel", "PER"),
                                                ("Spiegel", "ORG")]),
    ("Der Spiegel berichtet über die Bundesliga.", [("Spiegel", "ORG"), ("Bundesliga", "MISC")]),
    ("Die Bundesliga beginnt im August.", [("Bundesliga", "MISC")]),
    ("Olaf Scholz fliegt nach Paris.", [("Olaf Scholz", "PER"), ("Paris", "LOC")]),
    ("Das Wetter ist heute schön.", []),
]  # fmt: skip


def examples() -> list[Example]:
    out = []
    for text, names in SENTENCES:
        entities = []
        for name, label in names:
            start = text.index(name)
            entities.append((start, start + len(name), label))
        out.append(Example(text, tuple(sorted(entities))))
    return out


SETTINGS = Settings(extra=(), gazetteer=False, clusters=True, c1=0.0, c2=0.01, iterations=60)


@pytest.fixture(scope="module")
def trained():
    return train(examples(), ["Angela Merkel kam. Das Wetter war schön."], SETTINGS)


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_trained_pipeline_finds_what_it_learned(trained):
    assert ents(trained, "Olaf Scholz besuchte Berlin.") == [
        ("Olaf Scholz", "PER"),
        ("Berlin", "LOC"),
    ]
    scores = evaluate(trained, examples())
    assert scores.micro.f1 > 0.9


def test_saved_pipeline_loads_with_spacy_load(trained, tmp_path):
    trained.to_disk(tmp_path / "model")
    nlp = spacy.load(tmp_path / "model")
    assert nlp.pipe_names == ["sentencizer", "ner"]
    assert nlp.meta["name"] == "de_news_ner"
    assert ents(nlp, "Angela Merkel fliegt nach Paris.") == [
        ("Angela Merkel", "PER"),
        ("Paris", "LOC"),
    ]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "MISC"}
    assert nlp.get_pipe("ner").consistent
    plain = spacy.load(tmp_path / "model", config={"components": {"ner": {"consistent": False}}})
    assert not plain.get_pipe("ner").consistent


def test_whole_article_with_headline_and_paragraphs(trained):
    text = "Besuch in Paris\n\nAngela Merkel fliegt nach Paris. Das Wetter ist schön.\n"
    doc = trained(text)
    found = [(e.text, e.label_) for e in doc.ents]
    assert ("Angela Merkel", "PER") in found
    assert all("\n" not in e.text for e in doc.ents)


def test_component_bytes_and_disk_round_trip(trained, tmp_path):
    ner = trained.get_pipe("ner")
    again = type(ner)("copy").from_bytes(ner.to_bytes())
    assert again.model_bytes == ner.model_bytes
    assert again.lexicon == ner.lexicon
    ner.to_disk(tmp_path / "ner")
    loaded = type(ner)("copy").from_disk(tmp_path / "ner")
    assert loaded.model_bytes == ner.model_bytes
    assert loaded.lexicon == ner.lexicon


def test_first_model_fills_missing_labels_and_self_trains():
    from annotator.nlp.ner.augment import confident_sentences, impute_missing
    from annotator.nlp.ner.lexicon import Lexicon
    from annotator.nlp.ner.train import Settings, blank_pipeline, tagged_sentences, train_crf

    nlp = blank_pipeline()
    data = tagged_sentences(nlp, examples())
    lexicon = Lexicon()
    settings = Settings(c1=0.0, c2=0.01, iterations=60)
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(train_crf(data, lexicon, settings))
    # A corpus that annotates places only: the first model adds the person it knows.
    words = ["Olaf", "Scholz", "fliegt", "nach", "Paris", "."]
    partial = [(words, ["O", "O", "O", "O", "B-LOC", "O"])]
    filled = impute_missing(partial, {"PER"}, tagger, lexicon)
    assert filled[0][1] == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    kept = impute_missing(partial, {"MISC"}, tagger, lexicon)
    assert kept == partial
    confident = confident_sentences([words, ["Das", "Wetter", "ist", "schön", "."]], tagger,
                                    lexicon, threshold=0.5)  # fmt: skip
    assert [w for w, _ in confident] == [words]  # the one without entities is left out


def test_training_with_its_own_names_as_gazetteer():
    settings = Settings(c1=0.0, c2=0.01, iterations=60, clusters=False, own_names=True)
    nlp = train(examples(), [], settings)
    gazetteer = nlp.get_pipe("ner").lexicon.gazetteer
    assert gazetteer["Angela Merkel"] == ["own-PER"]
    assert ents(nlp, "Olaf Scholz fliegt nach Berlin.") == [
        ("Olaf Scholz", "PER"),
        ("Berlin", "LOC"),
    ]


def test_untrained_component_says_so():
    from annotator.nlp.ner.component import CrfEntityRecognizer

    nlp = spacy.blank("de")
    with pytest.raises(ValueError, match="no trained model"):
        CrfEntityRecognizer()(nlp("Text"))
