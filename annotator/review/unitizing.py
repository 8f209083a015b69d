"""The length coincidences Krippendorff's unitizing alpha is computed from.

Each annotator cuts a continuum (a document's characters) into units with a category and the
gaps between them (category EMPTY). Two annotators' segmentations coincide, category against
category, over the length they share: o[c, k] sums, over ordered pairs of different
annotators, the length where one has c and the other k, divided by m - 1 (m annotators).
`coefficients.unitizing_alpha` turns these into u-alpha.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from annotator.review.coefficients import EMPTY

Segment = tuple[int, int, int]
"""(start, end, category): end exclusive."""


def segments_of(units: Sequence[tuple[int, int, int]], length: int) -> list[Segment]:
    """Units that do not overlap, with the gaps between them filled as EMPTY segments."""
    segments: list[Segment] = []
    position = 0
    for start, end, category in sorted(units):
        start = max(start, position)  # units that cross (labels that may overlap): cut
        if end <= start:
            continue
        if start > position:
            segments.append((position, start, EMPTY))
        segments.append((start, end, category))
        position = end
    if position < length:
        segments.append((position, length, EMPTY))
    return segments


def coincidences(
    segmentations: Sequence[Sequence[Segment]], categories: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(o[K, K], lengths[K], squares[K]) of several annotators' segmentations of one continuum.

    A stretch that an annotator's segments leave uncovered takes no part. Segments of one
    annotator must not overlap.
    """
    o = np.zeros((categories, categories))
    lengths = np.zeros(categories)
    squares = np.zeros(categories)
    for (c, k), size in pair_lengths(segmentations).items():
        o[c, k] = size
    for category, (length, square) in segment_sums(segmentations).items():
        lengths[category] = length
        squares[category] = square
    return o, lengths, squares


def pair_lengths(segmentations: Sequence[Sequence[Segment]]) -> dict[tuple[int, int], float]:
    """{(c, k): o_ck}, the non-zero length coincidences (see the module's text).

    Each pair of annotators is walked once, both segment lists side by side (they are
    sorted and do not overlap), so a document costs the number of its segments.
    """
    m = len(segmentations)
    found: dict[tuple[int, int], float] = {}
    if m < 2:
        return found
    share = 1 / (m - 1)
    for i in range(m):
        for j in range(i + 1, m):
            a, b = segmentations[i], segmentations[j]
            x = y = 0
            while x < len(a) and y < len(b):
                a_start, a_end, c = a[x]
                b_start, b_end, k = b[y]
                size = (a_end if a_end < b_end else b_end) - (
                    a_start if a_start > b_start else b_start
                )
                if size > 0:
                    found[c, k] = found.get((c, k), 0) + size * share
                    found[k, c] = found.get((k, c), 0) + size * share
                if a_end <= b_end:
                    x += 1
                else:
                    y += 1
    return found


def segment_sums(segmentations: Sequence[Sequence[Segment]]) -> dict[int, tuple[int, int]]:
    """{category: (sum of lengths, S_c)}: S_c sums squared lengths, plain ones for gaps."""
    sums: dict[int, tuple[int, int]] = {}
    for segments in segmentations:
        for start, end, category in segments:
            size = end - start
            length, square = sums.get(category, (0, 0))
            sums[category] = (length + size, square + (size if category == EMPTY else size * size))
    return sums


__all__ = ["Segment", "coincidences", "pair_lengths", "segment_sums", "segments_of"]
