import pytest

from annotator.nlp.ner.scores import outer_entities, score_entities


def test_worked_example():
    # Document 1: "Angela Merkel besuchte Paris." gold PER + LOC; the model finds PER right and
    # calls Paris an ORG. Document 2: gold ORG "Siemens"; the model finds it and a stray MISC.
    gold = [[(0, 13, "PER"), (23, 28, "LOC")], [(0, 7, "ORG")]]
    predicted = [[(0, 13, "PER"), (23, 28, "ORG")], [(0, 7, "ORG"), (10, 14, "MISC")]]
    scores = score_entities(gold, predicted)
    assert scores.micro.true_positives == 2
    assert scores.micro.predicted == 4
    assert scores.micro.gold == 3
    assert scores.micro.precision == pytest.approx(0.5)
    assert scores.micro.recall == pytest.approx(2 / 3)
    assert scores.micro.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert scores.per_label["PER"].f1 == 1.0
    assert scores.per_label["LOC"].recall == 0.0
    assert scores.per_label["LOC"].precision == 0.0  # nothing predicted: 0, not an error
    assert scores.per_label["ORG"].precision == 0.5
    assert scores.per_label["ORG"].recall == 1.0
    assert scores.per_label["MISC"].gold == 0


def test_exact_match_only():
    scores = score_entities([[(0, 13, "PER")]], [[(7, 13, "PER")]])
    assert scores.micro.true_positives == 0
    assert scores.micro.f1 == 0.0


def test_nested_spans_are_dropped_and_duplicates_count_once():
    gold = [[(0, 20, "ORG"), (8, 14, "LOC"), (0, 20, "ORG")]]
    assert outer_entities(gold[0]) == {(0, 20, "ORG")}
    scores = score_entities(gold, [[(0, 20, "ORG")]])
    assert scores.micro.gold == 1
    assert scores.micro.f1 == 1.0


def test_crossing_and_adjacent_spans_are_both_outer():
    assert outer_entities([(0, 5, "PER"), (5, 9, "LOC"), (3, 7, "ORG")]) == {
        (0, 5, "PER"),
        (5, 9, "LOC"),
        (3, 7, "ORG"),
    }


def test_empty_and_mismatched_inputs():
    scores = score_entities([[], []], [[], []])
    assert scores.micro.f1 == 0.0
    assert scores.per_label == {}
    with pytest.raises(ValueError, match="2 gold documents but 1 predicted"):
        score_entities([[], []], [[]])


def test_table_lists_labels_and_micro():
    table = score_entities([[(0, 3, "PER")]], [[(0, 3, "PER")]]).table()
    assert "PER" in table
    assert "micro" in table
