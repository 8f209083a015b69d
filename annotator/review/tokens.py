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


def token_codes(starts: Sequence[int], units: Iterable[tuple[int, int, int]]) -> dict[int, int]:
    """`token_labels` for (start, end, code) of spans that do not nest (`outermost`)."""
    codes: dict[int, int] = {}
    for start, end, code in units:
        for index in range(bisect_left(starts, start), bisect_left(starts, end)):
            codes[index] = code
    return codes


__all__ = ["TOKEN", "outermost", "token_codes", "token_labels", "token_starts", "tokenize"]
