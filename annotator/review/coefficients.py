"""Agreement coefficients from their sufficient statistics (see docs/review.md for formulas).

Every function takes count arrays whose last axes are categories and may have leading axes
(documents, say), so that the figures of 10,000 documents come out of one numpy expression.
Where a coefficient is undefined (no variation to agree on) the result is NaN.

- Cohen's kappa (Cohen 1960) from a confusion matrix C[a, b] of two annotators.
- Fleiss' kappa (Fleiss 1971) from the number of items N, the number of annotators m, the sum
  over items of n_ic (`sums`) and of sum_c n_ic^2 (`squares`).
- Krippendorff's alpha, nominal (Krippendorff 2011, "Computing Krippendorff's alpha-
  reliability") from the coincidence matrix o[c, k].
- Krippendorff's unitizing alpha (Krippendorff 1995, 2004; in the coincidence form of
  Krippendorff, Mathet, Bouvry and Milliat 2016) from the length coincidences of segments
  and each category's sum of segment lengths, squared for units and plain for gaps.
"""

from __future__ import annotations

import numpy as np

EMPTY = 0
"""The category of no label: "O" for tokens, a gap between units for u-alpha."""


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            denominator != 0, numerator / np.where(denominator != 0, denominator, 1), np.nan
        )


def cohen_kappa(confusion: np.ndarray) -> np.ndarray:
    """kappa = (p_o - p_e) / (1 - p_e) of confusion matrices [..., K, K] (rows: annotator A)."""
    confusion = np.asarray(confusion, dtype=float)
    n = confusion.sum(axis=(-2, -1))
    observed = np.trace(confusion, axis1=-2, axis2=-1)
    chance = (confusion.sum(axis=-1) * confusion.sum(axis=-2)).sum(axis=-1)
    # (p_o - p_e) / (1 - p_e) with both multiplied by n^2
    return _ratio(observed * n - chance, n * n - chance)


def fleiss_kappa(items: np.ndarray, raters: int, sums: np.ndarray, squares: np.ndarray):
    """Fleiss' kappa of `items` items each labelled by `raters` annotators.

    sums[..., c] = sum_i n_ic and squares[...] = sum_i sum_c n_ic^2, where n_ic is how many
    annotators gave item i category c.
    """
    items = np.asarray(items, dtype=float)
    sums = np.asarray(sums, dtype=float)
    total = items * raters
    agreement = _ratio(np.asarray(squares, dtype=float) - total, total * (raters - 1))
    shares = _ratio(sums, total[..., None])
    chance = (shares * shares).sum(axis=-1)
    return _ratio(agreement - chance, 1 - chance)


def krippendorff_alpha(coincidences: np.ndarray) -> np.ndarray:
    """Nominal alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k."""
    o = np.asarray(coincidences, dtype=float)
    n_c = o.sum(axis=-1)
    n = n_c.sum(axis=-1)
    disagreement = n - np.trace(o, axis1=-2, axis2=-1)
    expected = n * n - (n_c * n_c).sum(axis=-1)
    return 1 - _ratio((n - 1) * disagreement, expected)


def unitizing_alpha(coincidences: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """u-alpha = 1 - (l.. - sum_c l_cc) / (l.. - sum_c e_cc), with

    e_cc = l.. * (l_c.^2 - S_c) / (l..^2 - sum_c S_c), where S_c sums the squared lengths of
    the category's units (for the gap category EMPTY: the plain lengths of the gaps, as a gap
    may be cut anywhere).
    """
    o = np.asarray(coincidences, dtype=float)
    squares = np.asarray(squares, dtype=float)
    l_c = o.sum(axis=-1)
    total = l_c.sum(axis=-1)
    expected_diagonal = total * _ratio(
        (l_c * l_c - squares).sum(axis=-1), total * total - squares.sum(axis=-1)
    )
    return 1 - _ratio(total - np.trace(o, axis1=-2, axis2=-1), total - expected_diagonal)


def binary(matrix: np.ndarray, category: int) -> np.ndarray:
    """A [..., K, K] matrix folded to [..., 2, 2]: `category` (index 1) against all others."""
    m = np.asarray(matrix, dtype=float)
    own = m[..., category, category]
    row = m[..., category, :].sum(axis=-1)
    column = m[..., :, category].sum(axis=-1)
    total = m.sum(axis=(-2, -1))
    rest = total - row - column + own
    return np.stack(
        [np.stack([rest, column - own], axis=-1), np.stack([row - own, own], axis=-1)], axis=-2
    )


def binary_fleiss(items, raters: int, sums: np.ndarray, gram_diagonal: np.ndarray, category: int):
    """Fleiss' kappa of `category` against all others; gram_diagonal[..., c] = sum_i n_ic^2."""
    items = np.asarray(items, dtype=float)
    own_sum = np.asarray(sums, dtype=float)[..., category]
    own_square = np.asarray(gram_diagonal, dtype=float)[..., category]
    # sum_i (m - n_i)^2 = N m^2 - 2 m sum_i n_i + sum_i n_i^2
    other_square = items * raters * raters - 2 * raters * own_sum + own_square
    folded = np.stack([items * raters - own_sum, own_sum], axis=-1)
    return fleiss_kappa(items, raters, folded, own_square + other_square)


def binary_unitizing(
    coincidences: np.ndarray, lengths: np.ndarray, squares: np.ndarray, category: int
) -> np.ndarray:
    """u-alpha of `category` against gaps, where every other category's units become gaps."""
    folded = binary(coincidences, category)
    lengths = np.asarray(lengths, dtype=float)
    gap = lengths.sum(axis=-1) - lengths[..., category]
    own = np.asarray(squares, dtype=float)[..., category]
    return unitizing_alpha(folded, np.stack([gap, own], axis=-1))


__all__ = [
    "EMPTY",
    "binary",
    "binary_fleiss",
    "binary_unitizing",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "unitizing_alpha",
]


def ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is 0 (F1 of no spans at all)."""
    return _ratio(np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float))
