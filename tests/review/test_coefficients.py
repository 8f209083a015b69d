"""The coefficients against worked examples from the literature and established packages."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.review import coefficients as co
from annotator.review.unitizing import coincidences, segments_of


def test_cohen_kappa_of_the_textbook_table():
    # Yes/yes 20, yes/no 5, no/yes 10, no/no 15 (Wikipedia, "Cohen's kappa"): kappa = 0.4.
    assert co.cohen_kappa(np.array([[20, 5], [10, 15]])) == pytest.approx(0.4)


def test_cohen_kappa_agrees_with_scikit_learn():
    rng = np.random.default_rng(7)
    a = rng.integers(0, 5, 400)
    b = np.where(rng.random(400) < 0.6, a, rng.integers(0, 5, 400))
    confusion = np.zeros((5, 5))
    np.add.at(confusion, (a, b), 1)
    assert co.cohen_kappa(confusion) == pytest.approx(cohen_kappa_score(a, b))


def test_fleiss_kappa_of_fleiss_worked_example():
    # 10 subjects, 14 raters, 5 categories (Fleiss 1971 via Wikipedia): kappa = 0.210.
    table = np.array(
        [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]
    )
    kappa = co.fleiss_kappa(10, 14, table.sum(axis=0), (table * table).sum())
    assert kappa == pytest.approx(0.20993, abs=1e-5)


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: four
# observers, twelve units, missing values; nominal alpha = 0.743.
RELIABILITY = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def coincidence_matrix(data) -> np.ndarray:
    o = np.zeros((6, 6))
    for unit in zip(*data, strict=True):
        values = [v for v in unit if v is not None]
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    o[c, k] += 1 / (len(values) - 1)
    return o


def test_alpha_of_krippendorffs_example():
    alpha = co.krippendorff_alpha(coincidence_matrix(RELIABILITY))
    assert alpha == pytest.approx(0.743, abs=5e-4)
    data = np.array([[np.nan if v is None else v for v in row] for row in RELIABILITY])
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert alpha == pytest.approx(expected)


def test_binary_folding_keeps_the_counts():
    matrix = np.arange(9.0).reshape(3, 3)
    folded = co.binary(matrix, 2)
    assert folded.sum() == matrix.sum()
    assert folded[1, 1] == matrix[2, 2]
    assert folded[1, 0] == matrix[2, :2].sum()


def test_unitizing_alpha_of_a_published_example():
    # The example of the krippendorff-unitized-alpha package (after Krippendorff et al. 2016):
    # three coders, one category, segments given with their gaps; u-alpha = 0.5672.
    gap, unit = co.EMPTY, 1
    data = [
        [(0, 2, gap), (3, 14, unit), (15, 21, gap), (22, 52, unit), (53, 55, gap)],
        [(0, 2, gap), (3, 9, unit), (10, 21, gap), (22, 52, unit), (53, 55, gap)],
        [(0, 21, gap), (22, 45, unit), (46, 55, gap)],
    ]
    o, _, squares = coincidences(data, 2)
    assert co.unitizing_alpha(o, squares) == pytest.approx(0.5671992508994135)


def test_unitizing_alpha_is_one_for_identical_units_and_drops_with_shifts():
    same = [segments_of([(3, 9, 1), (20, 30, 2)], 50)] * 2
    o, _, squares = coincidences(same, 3)
    assert co.unitizing_alpha(o, squares) == pytest.approx(1.0)
    shifted = [segments_of([(3, 9, 1), (20, 30, 2)], 50), segments_of([(4, 9, 1), (20, 33, 2)], 50)]
    o, _, squares = coincidences(shifted, 3)
    assert 0 < co.unitizing_alpha(o, squares) < 1


def test_undefined_figures_are_nan():
    assert math.isnan(co.cohen_kappa(np.array([[5, 0], [0, 0]])))
    assert math.isnan(co.krippendorff_alpha(np.zeros((2, 2))))
