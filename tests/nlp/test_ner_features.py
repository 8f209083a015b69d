"""Features, lexicon and tags of the built-in model on hand-written examples."""

from annotator.nlp.ner.corpora import map_label
from annotator.nlp.ner.features import sentence_features, shape
from annotator.nlp.ner.lexicon import Lexicon, case_class, count_case
from annotator.nlp.ner.tagging import spans_to_tags, tags_to_spans


def test_shape_collapses_runs():
    assert shape("Merkel") == "Xx"
    assert shape("2014") == "d"
    assert shape("EU-Staaten") == "X-Xx"
    assert shape("iPhone") == "xXx"


def test_case_classes_tell_nouns_from_names():
    sentences = [
        ["Die", "Bank", "liegt", "am", "Fluss", "und", "die", "bank", "?"],
        ["Er", "sah", "Merkel", "und", "Merkel", "und", "Merkel", "."],
        ["Er", "sagte", "das", "und", "ging", "."],
        ["Das", "war", "das", "Ende", "."],
    ]
    counts = count_case(sentences)
    assert counts["die"] == [1, 0]  # the sentence-initial "Die" is not counted
    assert counts["merkel"] == [0, 3]
    assert counts["bank"] == [1, 1]
    assert counts["das"] == [2, 0]  # the sentence-initial "Das" is not counted
    assert case_class(0, 3) == "cap"
    assert case_class(0, 1) == "rarecap"
    assert case_class(9, 1) == "lower"
    assert case_class(1, 1) == "mostlower"
    assert case_class(1, 4) == "mixed"
    assert case_class(0, 0) == "unseen"
    lexicon = Lexicon.build(sentences)
    assert lexicon.case_of("Merkel") == "cap"
    assert lexicon.case_of("Das") == "lower"
    assert lexicon.case_of("Ende") == "unseen"  # seen once only


def test_gazetteer_takes_the_longest_name():
    lexicon = Lexicon(gazetteer={"Frankfurt": ["geo"], "Frankfurt am Main": ["LOC", "geo"]})
    tags = lexicon.gazetteer_tags(["In", "Frankfurt", "am", "Main", "und", "Frankfurt"])
    assert tags == [[], ["B-LOC", "B-geo"], ["I-LOC", "I-geo"], ["I-LOC", "I-geo"], [], ["B-geo"]]


def test_sentence_features_of_a_name():
    lexicon = Lexicon(
        case={"merkel": "cap", "sagte": "lower"},
        gazetteer={"Angela": ["given"]},
        clusters={"Merkel": ["3", "17"]},
    )
    feats = sentence_features(["Angela", "Merkel", "sagte", "das", "."], lexicon)
    assert len(feats) == 5
    first, merkel = feats[0], feats[1]
    assert "first" in first
    assert "gz=B-given" in first
    assert "-1:BOS" in first
    assert {"w=merkel", "sh=Xx", "case=cap", "cl0=3", "cl1=17", "cap_inside"} <= set(merkel)
    assert {"-1:w=angela", "-1:gz=B-given", "+1:case=lower", "s2=el", "p3=mer"} <= set(merkel)
    assert "-1+1=angela|sagte" in merkel
    assert "+2:EOS" in feats[3]


def test_spans_to_tags_and_back():
    words = [(0, 6), (7, 13), (14, 19), (20, 25), (25, 26)]  # Angela Merkel sagte Paris .
    tags = spans_to_tags(words, [(0, 13, "PER"), (20, 25, "LOC")])
    assert tags == ["B-PER", "I-PER", "O", "B-LOC", "O"]
    assert tags_to_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert spans_to_tags(words, [(0, 10, "PER")]) is None  # not at a word's end


def test_bilou_tags_and_back():
    words = [(0, 6), (7, 13), (14, 19), (20, 25), (25, 26)]
    tags = spans_to_tags(words, [(0, 13, "PER"), (20, 25, "LOC")], bilou=True)
    assert tags == ["B-PER", "L-PER", "O", "U-LOC", "O"]
    assert tags_to_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert tags_to_spans(["U-PER", "U-PER", "L-ORG", "I-ORG"]) == [
        (0, 1, "PER"),
        (1, 2, "PER"),
        (2, 3, "ORG"),
        (3, 4, "ORG"),
    ]


def test_tags_to_spans_repairs_stray_inside_tags():
    assert tags_to_spans(["I-PER", "I-PER", "I-LOC", "O", "B-ORG", "B-ORG"]) == [
        (0, 2, "PER"),
        (2, 3, "LOC"),
        (4, 5, "ORG"),
        (5, 6, "ORG"),
    ]


def test_corpus_labels_map_to_ours():
    mobie = {"person": "PER", "location": "LOC", "organization": "ORG"}
    assert map_label("location-city", mobie) == "LOC"
    assert map_label("organization-company", mobie) == "ORG"
    assert map_label("date", mobie) is None
    germeval = {"PER": "PER", "OTH": "MISC"}
    assert map_label("OTH", germeval) == "MISC"
    assert map_label("PERderiv", germeval) is None
    assert map_label("ORGANIZATION_COMPANY", {"ORGANIZATION": "ORG"}) == "ORG"
