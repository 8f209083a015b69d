"""What the features know about words beyond their letters: how a word is usually written,
which gazetteer lists a phrase is on, and which cluster of similar words a word belongs to.

Built from unlabelled text and openly licensed lists at training time, stored beside the CRF in
the pipeline directory as JSON lines (no pickles: loading a model runs no code): a section's
entries in chunks, one JSON object a line. One JSON document of 4 MB took 185 ms to parse in a
single call, holding the interpreter lock all along: the window froze while its worker thread
loaded the model. Chunk by chunk, the worker lets the window run between chunks.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SENTENCE_END = frozenset('.!?:;"„“”»«–-()[]')
MAX_GAZETTEER_WORDS = 5
CHUNK = 2_000
"""Entries a line of the lexicon file holds."""
SECTIONS = ("case", "clusters", "gazetteer")


def case_class(lower: int, upper: int) -> str:
    """How a word is written away from the start of a sentence, in a few classes.

    German capitalises nouns, so a word never seen in lower case is likely a name, one seen
    mostly in lower case an ordinary word put first or into a title."""
    total = lower + upper
    if total == 0:
        return "unseen"
    share = lower / total
    if share >= 0.9:
        return "lower"
    if share >= 0.5:
        return "mostlower"
    if share > 0:
        return "mixed"
    return "cap" if upper >= 3 else "rarecap"


def count_case(sentences: Iterable[Sequence[str]]) -> dict[str, list[int]]:
    """For each lower-cased word, how often it was written lower case and capitalised,
    leaving out the first word of a sentence and words after a closing mark."""
    counts: dict[str, list[int]] = {}
    for words in sentences:
        for i, word in enumerate(words):
            if i == 0 or words[i - 1] in SENTENCE_END or not word[:1].isalpha():
                continue
            entry = counts.setdefault(word.lower(), [0, 0])
            entry[0 if word[0].islower() else 1] += 1
    return counts


@dataclass(slots=True)
class Lexicon:
    case: dict[str, str] = field(default_factory=dict)
    """Lower-cased word -> its `case_class`."""
    gazetteer: dict[str, list[str]] = field(default_factory=dict)
    """A name, its words joined by one space -> the lists it is on (`LOC`, `geo-city`, ...)."""
    clusters: dict[str, list[str]] = field(default_factory=dict)
    """Word -> cluster ids, coarse to fine."""

    @classmethod
    def build(
        cls,
        sentences: Iterable[Sequence[str]],
        *,
        gazetteer: dict[str, set[str]] | None = None,
        clusters: dict[str, list[str]] | None = None,
    ) -> Lexicon:
        case = {
            word: case_class(lower, upper)
            for word, (lower, upper) in count_case(sentences).items()
            if lower + upper >= 2
        }
        gaz = {name: sorted(kinds) for name, kinds in (gazetteer or {}).items()}
        return cls(case=case, gazetteer=gaz, clusters=dict(clusters or {}))

    def case_of(self, word: str) -> str:
        return self.case.get(word.lower(), "unseen")

    def gazetteer_tags(self, words: Sequence[str]) -> list[list[str]]:
        """For each word, `B-kind` / `I-kind` for the longest listed names covering it."""
        tags: list[list[str]] = [[] for _ in words]
        if not self.gazetteer:
            return tags
        i = 0
        while i < len(words):
            matched = 0
            for n in range(min(MAX_GAZETTEER_WORDS, len(words) - i), 0, -1):
                kinds = self.gazetteer.get(" ".join(words[i : i + n]))
                if kinds:
                    for j in range(i, i + n):
                        prefix = "B" if j == i else "I"
                        tags[j].extend(f"{prefix}-{kind}" for kind in kinds)
                    matched = n
                    break
            i += matched or 1
        return tags

    def to_disk(self, path: Path) -> None:
        data = {"case": self.case, "gazetteer": self.gazetteer, "clusters": self.clusters}
        lines = []
        for section in SECTIONS:
            # Sorted keys: the same lexicon gives the same bytes, whatever order it was built in.
            keys = sorted(data[section])
            for at in range(0, len(keys), CHUNK):
                chunk = {key: data[section][key] for key in keys[at : at + CHUNK]}
                line = {"section": section, "entries": chunk}
                lines.append(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
        path.write_text("\n".join(lines) + "\n", "utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> Lexicon:
        data: dict[str, dict] = {section: {} for section in SECTIONS}
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    chunk = json.loads(line)
                    data[chunk["section"]].update(chunk["entries"])
                    time.sleep(0)  # let other threads (the window) run between chunks
        return cls(case=data["case"], gazetteer=data["gazetteer"], clusters=data["clusters"])


def frequent_words(sentences: Iterable[Sequence[str]], *, min_count: int) -> Counter[str]:
    counts = Counter(word for words in sentences for word in words)
    return Counter({w: c for w, c in counts.items() if c >= min_count})
