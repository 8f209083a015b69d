"""Scores of quotation suggestions: exact and overlapping matches, speaker accuracy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.nlp.evaluation import (
    QuotePart,
    SpeakerRef,
    compare,
    exact_scores,
    lenient_scores,
    prf,
    speaker_accuracy,
    speaker_is_right,
)

TEXT = "Anna Berger sagte: „Wir kommen.“ Später sagte sie: „Wir gehen.“ Ende."


def anna() -> SpeakerRef:
    return SpeakerRef(0, 11, "Anna Berger")


def test_precision_recall_f1() -> None:
    scores = prf(3, 4, 3, 6)
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(0.6)
    assert prf(0, 0, 0, 0).f1 == 0.0


def test_exact_and_overlapping_matches_are_counted_separately() -> None:
    first = TEXT.index("„Wir kommen")
    second = TEXT.index("„Wir gehen")
    gold = [
        QuotePart(first, first + len("„Wir kommen.“"), (anna(),)),
        QuotePart(second, second + len("„Wir gehen.“"), (anna(),)),
    ]
    predicted = [
        (QuotePart(first, first + len("„Wir kommen.“")), anna()),
        (QuotePart(second + 1, second + len("„Wir gehen.“")), None),  # one mark short
        (QuotePart(0, 4), None),  # not a quotation
    ]
    counts = compare(TEXT, gold, predicted)
    assert (counts.gold, counts.predicted, counts.exact, counts.lenient) == (2, 3, 1, 2)
    assert exact_scores(counts).recall == pytest.approx(0.5)
    assert lenient_scores(counts).recall == pytest.approx(1.0)
    assert speaker_accuracy(counts) == pytest.approx(1.0)
    assert speaker_accuracy(counts, lenient=True) == pytest.approx(0.5)


def test_a_part_annotated_twice_counts_once_and_takes_either_speaker() -> None:
    start = TEXT.index("„Wir kommen")
    end = start + len("„Wir kommen.“")
    gold = [QuotePart(start, end, (anna(),)), QuotePart(start, end, (SpeakerRef(2, 5, "x"),))]
    counts = compare(TEXT, gold, [(QuotePart(start, end), SpeakerRef(2, 5, "na B"))])
    assert counts.gold == 1
    assert counts.speaker_exact_right == 1


def test_a_speaker_is_right_by_overlap_by_its_pronoun_or_by_its_last_name() -> None:
    pronoun = TEXT.index("sie:")
    assert speaker_is_right(TEXT, anna(), None, [anna()])
    assert speaker_is_right(
        TEXT, anna(), (pronoun, pronoun + 3), [SpeakerRef(pronoun, pronoun + 3, "sie")]
    )
    assert speaker_is_right(TEXT, SpeakerRef(None, None, "Berger"), None, [anna()])
    assert speaker_is_right(
        TEXT, SpeakerRef(50, 56, "Berger"), None, [SpeakerRef(None, None, "Anna Berger")]
    )
    assert not speaker_is_right(
        TEXT, SpeakerRef(None, None, "sie"), None, [SpeakerRef(None, None, "sie")]
    )
    assert not speaker_is_right(TEXT, None, None, [anna()])


def test_the_quotation_rules_do_not_import_spacy() -> None:
    code = (
        "import sys, annotator.nlp.quoting, annotator.nlp.quotes_eval; "
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
