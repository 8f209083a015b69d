"""Train/dev/test splits by document: by ratios and a seed, optionally stratified by label.

Stratified splits follow iterative stratification (Sechidis, Tsoumakas and Vlahavas 2011,
"On the stratification of multi-label data"): the documents holding the rarest label are placed
first, each where that label is most wanted, so each split gets about its share of every label.
The same documents, filters and seed always give the same split.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import InputError

SPLIT_NAMES = ("train", "dev", "test")


@dataclass(frozen=True, slots=True)
class SplitSpec:
    ratios: tuple[float, ...]
    """Shares of the documents, summing to 1 (one per name)."""
    seed: int = 0
    stratify: bool = False
    names: tuple[str, ...] = SPLIT_NAMES

    @classmethod
    def parse(cls, text: str, *, seed: int = 0, stratify: bool = False) -> SplitSpec:
        """From "0.8,0.1,0.1" or "80,10,10" (two parts: train and test)."""
        problem = f"--split {text!r}: give two or three numbers >= 0, e.g. 0.8,0.1,0.1"
        try:
            values = [float(part) for part in text.split(",")]
        except ValueError:
            raise InputError(problem) from None
        if len(values) not in (2, 3) or any(v < 0 for v in values) or sum(values) <= 0:
            raise InputError(problem)
        total = sum(values)
        names = SPLIT_NAMES if len(values) == 3 else ("train", "test")
        return cls(tuple(v / total for v in values), seed=seed, stratify=stratify, names=names)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ratios": dict(zip(self.names, self.ratios, strict=True)),
            "seed": self.seed,
            "stratify": self.stratify,
        }


def assign(documents: Iterable[tuple[str, Iterable[str]]], spec: SplitSpec) -> dict[str, str]:
    """doc id -> split name, for (doc id, labels of its spans) of each document."""
    listed = sorted((doc_id, frozenset(labels)) for doc_id, labels in documents)
    rng = random.Random(spec.seed)
    rng.shuffle(listed)
    if not spec.stratify:
        targets = _targets(len(listed), spec.ratios)
        result, start = {}, 0
        for name, count in zip(spec.names, targets, strict=True):
            for doc_id, _ in listed[start : start + count]:
                result[doc_id] = name
            start += count
        return result
    return _stratified(listed, spec)


def _targets(total: int, ratios: Sequence[float]) -> list[int]:
    """Whole counts summing to `total`, as near to the ratios as can be (largest remainder)."""
    exact = [total * r for r in ratios]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(ratios)), key=lambda i: counts[i] - exact[i])
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _stratified(listed: list[tuple[str, frozenset[str]]], spec: SplitSpec) -> dict[str, str]:
    splits = range(len(spec.names))
    label_totals = Counter(label for _, labels in listed for label in labels)
    wanted_docs = [float(c) for c in _targets(len(listed), spec.ratios)]
    wanted = {label: [count * r for r in spec.ratios] for label, count in label_totals.items()}
    remaining = list(listed)
    result: dict[str, str] = {}

    def place(doc_id: str, labels: frozenset[str], rarest: str | None) -> None:
        def need(i: int) -> tuple[float, float]:
            label_need = wanted[rarest][i] if rarest is not None else 0.0
            return (label_need, wanted_docs[i])

        best = max(splits, key=need)
        result[doc_id] = spec.names[best]
        wanted_docs[best] -= 1
        for label in labels:
            wanted[label][best] -= 1

    left = Counter(label_totals)
    while remaining:
        present = [label for label, count in left.items() if count > 0]
        if not present:
            for doc_id, labels in remaining:
                place(doc_id, labels, None)
            break
        rarest = min(present, key=lambda label: (left[label], label))
        holding = [item for item in remaining if rarest in item[1]]
        remaining = [item for item in remaining if rarest not in item[1]]
        for doc_id, labels in holding:
            place(doc_id, labels, rarest)
            for label in labels:
                left[label] -= 1
    return result
