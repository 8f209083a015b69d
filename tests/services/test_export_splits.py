"""Splitting documents into train/dev/test: shares, seeds, stratification by label."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.core.errors import InputError
from annotator.services.export_splits import SplitSpec, assign


def test_ratios_are_parsed_and_normalised():
    assert SplitSpec.parse("80,10,10").ratios == pytest.approx((0.8, 0.1, 0.1))
    assert SplitSpec.parse("0.9,0.1").names == ("train", "test")


@pytest.mark.parametrize("text", ["", "a,b", "1", "0.5,0.5,0.5,0.5", "-1,2", "0,0"])
def test_bad_ratios(text: str):
    with pytest.raises(InputError, match="give two or three numbers"):
        SplitSpec.parse(text)


def test_counts_follow_the_ratios_exactly():
    documents = [(f"d{n}", ()) for n in range(101)]
    placed = assign(documents, SplitSpec.parse("0.8,0.1,0.1", seed=3))
    assert Counter(placed.values()) == {"train": 81, "dev": 10, "test": 10}
    assert set(placed) == {d for d, _ in documents}


def test_the_order_of_the_input_does_not_matter():
    documents = [(f"d{n}", ()) for n in range(50)]
    spec = SplitSpec.parse("0.5,0.5", seed=9)
    assert assign(documents, spec) == assign(reversed(documents), spec)


def test_stratified_splits_share_out_a_rare_label():
    # 10 documents hold the rare label; unstratified, one seed in three leaves dev or test
    # without it; stratified, each split gets its share.
    documents = [(f"d{n}", {"RARE"} if n % 10 == 0 else {"PER"}) for n in range(100)]
    for seed in range(20):
        placed = assign(documents, SplitSpec.parse("0.8,0.1,0.1", seed=seed, stratify=True))
        rare = Counter(placed[d] for d, labels in documents if "RARE" in labels)
        assert rare == {"train": 8, "dev": 1, "test": 1}
        assert Counter(placed.values()) == {"train": 80, "dev": 10, "test": 10}
