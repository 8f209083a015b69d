"""One name, one label within a document: a name the CRF found once is marked where it recurs.

The CRF sees one sentence at a time, so in a news article it may find "Donald Trump" in the
first paragraph and miss a bare "Trump" later. After it has run, every entity's words, and the
surname of every person named with two words or more, are looked for again in the whole
document; an occurrence that is capitalised and touches no entity gets the label the name had
most often. GermEval's dev set is single sentences, so its figures do not show this; the seed
article does (docs/model.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

MAX_WORDS = 6


def recurring_names(
    words: Sequence[str], entities: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """New `(first, after_last, label)` word ranges for the names of `entities` (word ranges
    into `words`) where they recur without a label."""
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for first, after, label in entities:
        name = tuple(words[first:after])
        votes.setdefault(name, Counter())[label] += 1
        if label == "PER" and after - first >= 2 and len(words[after - 1]) > 2:
            votes.setdefault((words[after - 1],), Counter())["PER"] += 1
    names = {
        name: counts.most_common(1)[0][0]
        for name, counts in votes.items()
        if len(name) <= MAX_WORDS and name[0][:1].isupper()
    }
    taken = [False] * len(words)
    for first, after, _ in entities:
        taken[first:after] = [True] * (after - first)
    found = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            label = names.get(tuple(words[i : i + n]))
            if label and not any(taken[i : i + n]):
                found.append((i, i + n, label))
                taken[i : i + n] = [True] * n
                i += n - 1
                break
        i += 1
    return found
