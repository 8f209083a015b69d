"""Matching two annotators' spans: exactly (same offsets and label) or by overlap.

Overlap matching is one-to-one: after the exact matches, each remaining span of A takes the
first remaining span of B with the same label that shares at least one character with it
(spans in reading order). So a span never counts twice, and F1 is symmetric in A and B.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.model import Span


@dataclass(frozen=True, slots=True)
class SpanMatch:
    exact: Counter[str]
    """Matches by label."""
    overlapping: Counter[str]
    """Exact and overlap matches by label."""
    pairs: tuple[tuple[Span, Span], ...]
    """The exactly matched spans (A's, B's)."""


def key(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)


def match_spans(a: Sequence[Span], b: Sequence[Span]) -> SpanMatch:
    by_key_b: dict[tuple[int, int, str], list[Span]] = {}
    for span in b:
        by_key_b.setdefault(key(span), []).append(span)
    exact: Counter[str] = Counter()
    pairs: list[tuple[Span, Span]] = []
    rest_a: list[Span] = []
    for span in a:
        partners = by_key_b.get(key(span))
        if partners:
            pairs.append((span, partners.pop()))
            exact[span.label] += 1
        else:
            rest_a.append(span)
    overlapping = Counter(exact)
    rest_b = sorted((s for ss in by_key_b.values() for s in ss), key=lambda s: (s.start, s.end))
    if rest_a and rest_b:
        taken = [False] * len(rest_b)
        for span in sorted(rest_a, key=lambda s: (s.start, s.end)):
            for index, other in enumerate(rest_b):
                if other.start >= span.end:
                    break
                if not taken[index] and other.label == span.label and other.end > span.start:
                    taken[index] = True
                    overlapping[span.label] += 1
                    break
    return SpanMatch(exact, overlapping, tuple(pairs))


__all__ = ["SpanMatch", "key", "match_spans"]
