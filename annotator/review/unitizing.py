"""The length coincidences Krippendorff's unitizing alpha is computed from.

Each annotator cuts a continuum (a document's characters) into units with a category and the
gaps between them (category EMPTY). Two annotators' segmentations coincide, category against
category, over the length they share: o[c, k] sums, over ordered pairs of different
annotators, the length where one has c and the other k, divided by m - 1 (m annotators).
`coefficients.unitizing_alpha` turns these into u-alpha.
"""

from __future__ import annotations

from bisect import bisect_left
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
    """{(c, k): o_ck}, the non-zero length coincidences (see the module's text)."""
    m = len(segmentations)
    if m < 2:
        return {}
    bounds = sorted({p for segments in segmentations for s in segments for p in s[:2]})
    painted = []
    for segments in segmentations:
        cells = [-1] * (len(bounds) - 1)
        for start, end, category in segments:
            for cell in range(bisect_left(bounds, start), bisect_left(bounds, end)):
                cells[cell] = category
        painted.append(cells)
    found: dict[tuple[int, int], float] = {}
    for cell in range(len(bounds) - 1):
        size = (bounds[cell + 1] - bounds[cell]) / (m - 1)
        present = [cells[cell] for cells in painted if cells[cell] >= 0]
        for i, c in enumerate(present):
            for j, k in enumerate(present):
                if i != j:
                    found[c, k] = found.get((c, k), 0) + size
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
