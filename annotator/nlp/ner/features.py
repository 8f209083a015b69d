"""Features of each word of a sentence for the CRF, as strings (each one present or not).

The word itself and its neighbours, its shape, prefixes and suffixes, where it stands, how it
is usually written (German capitalises every noun, so "never written in lower case" marks a
name), the gazetteer lists it is on and the cluster of words used like it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.nlp.ner.lexicon import SENTENCE_END, Lexicon

WINDOW = 2
_SHAPE_RUNS = re.compile(r"(.)\1+")


def shape(word: str) -> str:
    """Xxxx -> "Xx", 2014 -> "d", EU-Staaten -> "X-Xx" (runs of one kind collapsed)."""
    mapped = "".join(
        "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word
    )
    return _SHAPE_RUNS.sub(r"\1", mapped)


def word_features(word: str, lexicon: Lexicon) -> list[str]:
    """What a word says by itself: used for the word and, in part, for its neighbours."""
    lower = word.lower()
    return [
        f"w={lower}",
        f"sh={shape(word)}",
        f"case={lexicon.case_of(word)}",
        *(f"cl{k}={c}" for k, c in enumerate(lexicon.clusters.get(word, ()))),
    ]


def sentence_features(words: Sequence[str], lexicon: Lexicon) -> list[list[str]]:
    own = [word_features(w, lexicon) for w in words]
    gaz = lexicon.gazetteer_tags(words)
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        feats = ["bias", *own[i], *(f"gz={t}" for t in gaz[i])]
        feats += [f"p{n}={lower[:n]}" for n in range(1, 5) if len(word) > n]
        feats += [f"s{n}={lower[-n:]}" for n in range(1, 5) if len(word) > n]
        feats.append(f"len={min(len(word), 12)}")
        first = i == 0 or words[i - 1] in SENTENCE_END
        if first:
            feats.append("first")
            feats.append(f"first_case={lexicon.case_of(word)}")
        if word[:1].isupper() and not first:
            feats.append("cap_inside")
        if len(word) > 3 and word[-1] in "s'" and word[0].isupper():
            # Genitive of a name: "Bushs", "Leipzigs", "Obamas", "Jones'"
            stem = word[:-1]
            feats.append(f"gen_case={lexicon.case_of(stem)}")
            feats += [f"gen_gz={kind}" for kind in lexicon.gazetteer.get(stem, ())]
        if "-" in word[1:]:
            head, _, tail = word.rpartition("-")
            feats.append(f"hy_tail={tail.lower()}")
            feats.append(f"hy_head_case={lexicon.case_of(head.split('-')[-1])}")
        for offset in range(-WINDOW, WINDOW + 1):
            if offset == 0:
                continue
            j = i + offset
            if j < 0:
                feats.append(f"{offset:+d}:BOS")
                continue
            if j >= len(words):
                feats.append(f"{offset:+d}:EOS")
                continue
            near = own[j] if abs(offset) == 1 else own[j][:2]
            feats += [f"{offset:+d}:{f}" for f in near]
            if abs(offset) == 1:
                feats += [f"{offset:+d}:gz={t}" for t in gaz[j]]
        if 0 < i < len(words) - 1:
            feats.append(f"-1+1={words[i - 1].lower()}|{words[i + 1].lower()}")
        out.append(feats)
    return out
