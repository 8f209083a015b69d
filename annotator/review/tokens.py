"""The tokens token-level agreement counts, and the label each annotator gives each token.

Tokens are runs of word characters (`\\w+`, Unicode-aware: "Universität", "2026") and single
characters that are neither word characters nor white space (punctuation, quotation marks,
emoji). No model is needed, so the figures are the same on every machine and for every
language. A token takes the label of the span that contains its first character; where spans
of one layer nest ("Universität [Hamburg]"), the outermost one counts, as in flat NER data.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

import numpy as np

from annotator.core.model import Span

TOKEN = re.compile(r"\w+|[^\w\s]")


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of `text`, in order."""
    return [m.span() for m in TOKEN.finditer(text)]


def token_starts(text: str) -> list[int]:
    return [m.start() for m in TOKEN.finditer(text)]


def outermost(spans: Iterable[Span]) -> list[Span]:
    """The spans not lying inside another of the given spans (ties: the first), by start."""
    kept: list[Span] = []
    reach = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= reach:
            continue  # inside a span kept before
        kept.append(span)
        reach = max(reach, span.end)
    return kept


def token_labels(starts: Sequence[int], spans: Iterable[Span]) -> dict[int, str]:
    """{token index: label} for the tokens the spans cover; uncovered tokens are left out (O).

    Overlapping spans that do not nest (allowed for some labels) both label their tokens;
    the one starting later wins the tokens they share.
    """
    labels: dict[int, str] = {}
    for span in outermost(spans):
        first = bisect_left(starts, span.start)
        last = bisect_left(starts, span.end)
        for index in range(first, last):
            labels[index] = span.label
    return labels


def token_codes(before: Sequence[int], units: Iterable[tuple[int, int, int]]) -> dict[int, int]:
    """`token_labels` for (start, end, code) of spans that do not nest (`outermost`), with
    `before` from `tokens_before`."""
    codes: dict[int, int] = {}
    for start, end, code in units:
        for index in range(int(before[start]), int(before[end])):
            codes[index] = code
    return codes


_CLASSES: np.ndarray | None = None
_WORD, _SPACE = 1, 2
_WORD_CHARACTER, _SPACE_CHARACTER = re.compile(r"\w"), re.compile(r"\s")


def _classes() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane: word character, space, or other,
    as the `TOKEN` expression decides (asked once, so the two never differ)."""
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = np.array([_class_of(chr(c)) for c in range(0x10000)], dtype=np.uint8)
    return _CLASSES


def _class_of(character: str) -> int:
    if _WORD_CHARACTER.match(character):
        return _WORD
    return _SPACE if _SPACE_CHARACTER.match(character) else 0


def tokens_before(text: str) -> np.ndarray:
    """before[p]: how many tokens start before offset p (len(text) + 1 numbers; the last is
    the number of tokens). The same tokens as `TOKEN`, found with numpy: about four times as
    fast, which counts when 10,000 documents are compared."""
    if not text:
        return np.zeros(1, dtype=np.int64)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = np.empty(len(points), dtype=np.uint8)
    small = points < 0x10000
    kinds[small] = _classes()[points[small]]
    for index in np.flatnonzero(~small):  # beyond the BMP (emoji): few, asked one by one
        kinds[index] = _class_of(text[index])
    word = kinds == _WORD
    starts = (kinds == 0) | (word & ~np.concatenate(([False], word[:-1])))
    before = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(starts, out=before[1:])
    return before


__all__ = [
    "TOKEN",
    "outermost",
    "token_codes",
    "token_labels",
    "token_starts",
    "tokenize",
    "tokens_before",
]
