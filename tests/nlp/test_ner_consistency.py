"""A name found once in a document is marked where it recurs."""

from annotator.nlp.ner.consistency import recurring_names


def tokens(text: str) -> list[str]:
    return text.split()


def test_surname_and_repeated_name_get_the_label():
    words = tokens("Donald Trump traf Putin . Später sagte Trump , Putin und Trump seien einig .")
    entities = [(0, 2, "PER"), (3, 4, "PER")]
    assert recurring_names(words, entities) == [(7, 8, "PER"), (9, 10, "PER"), (11, 12, "PER")]


def test_majority_label_and_no_overlap_with_found_entities():
    words = tokens("Paris liegt an der Seine . Paris Hilton kam nach Paris .")
    entities = [(0, 1, "LOC"), (6, 8, "PER"), (4, 5, "LOC")]
    # "Paris" inside "Paris Hilton" is taken; the last "Paris" gets LOC. "Hilton" is the
    # surname of a person: no other occurrence, nothing more.
    assert recurring_names(words, entities) == [(10, 11, "LOC")]


def test_lower_case_words_and_long_names_are_left_alone():
    words = tokens("die Grünen und die grünen Wähler")
    assert recurring_names(words, [(0, 1, "ORG")]) == []
    assert recurring_names(["A", "B"], []) == []
