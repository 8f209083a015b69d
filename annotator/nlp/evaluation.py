"""Scores of quotation suggestions against a reference: precision, recall, F1, speaker accuracy.

A quotation part matches exactly when its offsets equal a reference part's; leniently when
they overlap (each reference part matched at most once). Speaker accuracy counts, among the
reference parts found (exactly, or leniently for the lenient figure) that name a speaker, those
whose predicted speaker is right: its span or the mention it was resolved from overlaps the
reference speaker span, or its last word is a word of the reference speaker's text (the same
person named elsewhere: "Sifton" for "John Sifton von Human Rights Watch").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True, slots=True)
class QuotePart:
    """One quotation part, reference or predicted, with what is known of its speaker."""

    start: int
    end: int
    speakers: tuple[SpeakerRef, ...] = ()
    """Reference: every speaker annotated for this part (some parts have two)."""
    mention: Offsets | None = None
    """Predicted: the words the speaker was resolved from (a pronoun)."""


@dataclass(slots=True)
class Counts:
    predicted: int = 0
    gold: int = 0
    exact: int = 0
    lenient: int = 0
    speaker_exact_total: int = 0
    speaker_exact_right: int = 0
    speaker_lenient_total: int = 0
    speaker_lenient_right: int = 0
    mistakes: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in (
            "predicted", "gold", "exact", "lenient", "speaker_exact_total",
            "speaker_exact_right", "speaker_lenient_total", "speaker_lenient_right",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.mistakes.extend(other.mistakes)


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float


def prf(tp_predicted: int, predicted: int, tp_gold: int, gold: int) -> Scores:
    precision = tp_predicted / predicted if predicted else 0.0
    recall = tp_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def exact_scores(counts: Counts) -> Scores:
    return prf(counts.exact, counts.predicted, counts.exact, counts.gold)


def lenient_scores(counts: Counts) -> Scores:
    return prf(counts.lenient, counts.predicted, counts.lenient, counts.gold)


def speaker_accuracy(counts: Counts, *, lenient: bool = False) -> float:
    if lenient:
        total, right = counts.speaker_lenient_total, counts.speaker_lenient_right
    else:
        total, right = counts.speaker_exact_total, counts.speaker_exact_right
    return right / total if total else 0.0


def compare(
    text: str,
    gold: Sequence[QuotePart],
    predicted: Sequence[tuple[QuotePart, SpeakerRef | None]],
) -> Counts:
    """Counts for one document."""
    gold_by_offsets: dict[Offsets, QuotePart] = {}
    for part in gold:
        key = (part.start, part.end)
        if key in gold_by_offsets:  # the same part annotated twice, with two speakers
            known = gold_by_offsets[key]
            gold_by_offsets[key] = QuotePart(part.start, part.end, known.speakers + part.speakers)
        else:
            gold_by_offsets[key] = part
    counts = Counts(predicted=len(predicted), gold=len(gold_by_offsets))
    unmatched = dict(gold_by_offsets)
    lenient_pairs: list[tuple[QuotePart, QuotePart, SpeakerRef | None]] = []
    rest: list[tuple[QuotePart, SpeakerRef | None]] = []
    for part, speaker in predicted:
        reference = unmatched.pop((part.start, part.end), None)
        if reference is None:
            rest.append((part, speaker))
            continue
        counts.exact += 1
        lenient_pairs.append((reference, part, speaker))
        if reference.speakers:
            counts.speaker_exact_total += 1
            right = speaker_is_right(text, speaker, part.mention, reference.speakers)
            counts.speaker_exact_right += right
            if not right:
                counts.mistakes.append(_mistake(text, reference, speaker))
    for part, speaker in rest:
        overlapping = [g for g in unmatched.values() if g.start < part.end and part.start < g.end]
        if overlapping:
            reference = max(
                overlapping, key=lambda g: min(g.end, part.end) - max(g.start, part.start)
            )
            del unmatched[(reference.start, reference.end)]
            lenient_pairs.append((reference, part, speaker))
    counts.lenient = len(lenient_pairs)
    for reference, part, speaker in lenient_pairs:
        if reference.speakers:
            counts.speaker_lenient_total += 1
            counts.speaker_lenient_right += speaker_is_right(
                text, speaker, part.mention, reference.speakers
            )
    return counts


def _mistake(text: str, reference: QuotePart, speaker: SpeakerRef | None) -> tuple[str, str, str]:
    quote = text[reference.start : reference.end]
    return (
        quote[:80],
        " | ".join(s.text for s in reference.speakers),
        speaker.text if speaker else "-",
    )


_WORD = re.compile(r"\w[\w\-]*", re.UNICODE)
_PRONOUNS = frozenset(
    [
        "er",
        "sie",
        "es",
        "ihm",
        "ihr",
        "wir",
        "ich",
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "we",
        "i",
    ]
)


def speaker_is_right(
    text: str,
    predicted: SpeakerRef | None,
    mention: Offsets | None,
    references: Iterable[SpeakerRef],
) -> bool:
    """Whether the predicted speaker is one of the reference speakers (see module docstring)."""
    if predicted is None:
        return False
    for reference in references:
        if reference.start is not None and reference.end is not None:
            spans = [(predicted.start, predicted.end)] + ([mention] if mention else [])
            for start, end in spans:
                known = start is not None and end is not None
                if known and start < reference.end and reference.start < end:
                    return True
        words = _WORD.findall(predicted.text)
        if not words or words[-1].lower() in _PRONOUNS or not words[-1][:1].isupper():
            continue
        if words[-1].lower() in {w.lower() for w in _WORD.findall(reference.text)}:
            return True
    return False
