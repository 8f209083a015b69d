"""Entity scores: precision, recall and F1 per label and micro overall, exact span match.

Pure Python (no spaCy), so evaluation code anywhere can use it. Each document is a list of
`(start, end, label)` character spans; only outer spans count (a span lying inside another
span of the same document is dropped first), and a span matches only a reference span with the
same start, end and label. A span listed twice in one document counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Entity = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Counts and figures for one label, or for all labels together (micro)."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class EntityScores:
    per_label: dict[str, LabelScore]
    micro: LabelScore

    def table(self) -> str:
        """A plain-text table: one row per label, then the micro row."""
        rows = [f"{'label':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
        items = [*sorted(self.per_label.items()), ("micro", self.micro)]
        for name, s in items:
            rows.append(
                f"{name:<8} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6d} "
                f"{s.predicted:6d}"
            )
        return "\n".join(rows)


def outer_entities(entities: Iterable[Entity]) -> set[Entity]:
    """The spans not lying inside another (longer) span of the same list."""
    unique = sorted(set(entities), key=lambda e: (e[0], -e[1], e[2]))
    kept: list[Entity] = []
    reach = -1
    for entity in unique:
        start, end, _ = entity
        inside = kept and end <= reach and (start, end) != (kept[-1][0], kept[-1][1])
        if inside:
            continue
        kept.append(entity)
        reach = max(reach, end)
    return set(kept)


def score_entities(
    gold: Sequence[Iterable[Entity]], predicted: Sequence[Iterable[Entity]]
) -> EntityScores:
    """Scores of `predicted` against `gold`, two lists with one entry per document."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predicted ones")
    tp: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    for gold_doc, pred_doc in zip(gold, predicted, strict=True):
        g = outer_entities(gold_doc)
        p = outer_entities(pred_doc)
        for _, _, label in g:
            n_gold[label] = n_gold.get(label, 0) + 1
        for _, _, label in p:
            n_pred[label] = n_pred.get(label, 0) + 1
        for _, _, label in g & p:
            tp[label] = tp.get(label, 0) + 1
    labels = sorted(set(n_gold) | set(n_pred))
    per_label = {
        label: LabelScore(tp.get(label, 0), n_pred.get(label, 0), n_gold.get(label, 0))
        for label in labels
    }
    micro = LabelScore(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return EntityScores(per_label, micro)
