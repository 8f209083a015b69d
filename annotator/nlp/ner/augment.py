"""More training sentences from a first model: labels the extra corpora lack, and confident
tags on unlabelled text (self-training).

The extra corpora annotate only some of our labels (none has MISC; Sturm has no ORG), so their
unmarked words are not reliably outside an entity. A first model trained on GermEval tags them,
and its spans of a missing label that touch no gold span are added.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.nlp.ner.features import sentence_features
from annotator.nlp.ner.lexicon import Lexicon
from annotator.nlp.ner.tagging import entity_tags, tags_to_spans

Tagged = tuple[list[str], list[str]]


def impute_missing(
    data: Sequence[Tagged], missing: set[str], tagger, lexicon: Lexicon, *, bilou: bool = False
) -> list[Tagged]:
    """`data` with the first model's spans of the `missing` labels filled into its O words."""
    out = []
    for words, tags in data:
        predicted = tagger.tag(sentence_features(words, lexicon))
        filled = list(tags)
        for first, after, label in tags_to_spans(predicted):
            if label in missing and all(t == "O" for t in tags[first:after]):
                filled[first:after] = entity_tags(after - first, label, bilou=bilou)
        out.append((words, filled))
    return out


def confident_sentences(
    sentences: Sequence[list[str]], tagger, lexicon: Lexicon, *, threshold: float
) -> list[Tagged]:
    """Unlabelled sentences with the first model's tags, where it is sure of the whole
    sentence (the probability of its best tag sequence at least `threshold`) and finds at
    least one entity."""
    out = []
    for words in sentences:
        if not 3 <= len(words) <= 60:
            continue
        tagger.set(sentence_features(words, lexicon))
        tags = tagger.tag()
        if any(t != "O" for t in tags) and tagger.probability(tags) >= threshold:
            out.append((words, tags))
    return out
