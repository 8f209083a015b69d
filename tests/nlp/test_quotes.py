"""Finding direct quotations: marks, paragraphs, interruptions, and what is not a quotation."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import find_marked, find_quotations


def quoted(text: str, language: str = "de") -> list[str]:
    return [q.text_in(text) for q in find_quotations(text, language=language)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sie sagte: „Wir kommen morgen wieder.“", "„Wir kommen morgen wieder.“"),
        ("Er sagte: »Das Spiel ist noch nicht vorbei.«", "»Das Spiel ist noch nicht vorbei.«"),
        ("Sie sagte: «Wir haben alles versucht.»", "«Wir haben alles versucht.»"),
        ('Er sagte: "Wir haben es geschafft."', '"Wir haben es geschafft."'),
        ("She said: “We will be back tomorrow.”", "“We will be back tomorrow.”"),
        ("He said: ‘We will win this match.’", "‘We will win this match.’"),
        ("He said: 'We will win this match.'", "'We will win this match.'"),
        ("Sie sagte: ‚Wir kommen morgen wieder.‘", "‚Wir kommen morgen wieder.‘"),
    ],
)
def test_every_kind_of_mark_is_found_with_its_marks(text: str, expected: str) -> None:
    assert quoted(text, "en" if "said" in text else "de") == [expected]


def test_a_quotation_inside_a_quotation_is_part_of_the_outer_one() -> None:
    text = "Er sagte: „Sie rief ‚Hilfe!‘ und lief davon.“"
    assert quoted(text) == ["„Sie rief ‚Hilfe!‘ und lief davon.“"]


def test_an_apostrophe_does_not_close_a_quotation() -> None:
    text = "He said: ‘I don’t know what happened there.’"
    assert quoted(text, "en") == ["‘I don’t know what happened there.’"]


def test_a_quotation_across_paragraphs_is_one_quotation_of_two_parts() -> None:
    text = (
        "Der Minister sagte: „Wir haben lange verhandelt. Es war nicht leicht.\n\n"
        "„Am Ende haben alle zugestimmt.“ Dann ging er."
    )
    [quotation] = find_quotations(text)
    assert [text[s:e] for s, e in quotation.parts] == [
        "„Wir haben lange verhandelt. Es war nicht leicht.",
        "„Am Ende haben alle zugestimmt.“",
    ]


def test_an_unclosed_mark_at_a_paragraph_end_is_no_quotation() -> None:
    assert find_marked("Er sagte: „Das ist offen.\n\nDer nächste Absatz.") == []


def test_a_quotation_interrupted_by_its_speaker_is_one_quotation() -> None:
    text = "„Wir werden“, sagte er, „nicht aufgeben.“"
    [quotation] = find_quotations(text)
    assert [text[s:e] for s, e in quotation.parts] == ["„Wir werden“", "„nicht aufgeben.“"]


def test_an_interrupted_english_quotation_is_one_quotation() -> None:
    text = "“We will,” she said, “never give up.”"
    [quotation] = find_quotations(text, language="en")
    assert len(quotation.parts) == 2


def test_two_sentences_with_a_speaker_between_stay_two_quotations() -> None:
    text = "„Das war gut.“, sagte sie. „Wir machen weiter.“"
    assert len(find_quotations(text)) == 2


def test_a_scare_quote_around_one_word_is_not_a_quotation() -> None:
    text = "Die „Experten“ des Amtes fanden nichts. Der Bau dauerte zwei Jahre."
    assert quoted(text) == []


def test_a_title_in_quotation_marks_is_not_a_quotation() -> None:
    text = "Im Kino läuft der Film „Das Leben der Anderen“ seit gestern."
    assert quoted(text) == []


def test_a_name_in_quotation_marks_is_not_a_quotation() -> None:
    text = "Die Raumsonde „Cassini“ erreichte den Saturn. Das Schiff „Sirius Star“ wurde gekapert."
    assert quoted(text) == []


def test_an_english_title_is_not_a_quotation() -> None:
    text = "The film “Cold Mountain” opened on Friday in London."
    assert quoted(text, "en") == []


def test_a_word_someone_called_something_is_a_quotation() -> None:
    # The corpus convention: a speaker's own word is quoted speech, not a scare quote.
    text = "Die Zeitung nannte das Projekt einen „Erfolg“ der Stadt."
    assert quoted(text) == ["„Erfolg“"]


def test_a_word_someone_used_for_something_is_a_quotation() -> None:
    text = "Der Minister bezeichnete den Vorschlag als „völlig unrealistisch“."
    assert quoted(text) == ["„völlig unrealistisch“"]


def test_a_short_quotation_after_a_colon_is_a_quotation() -> None:
    assert quoted("Orban erklärte auf X: „Wir sind bereit“, und ging.") == ["„Wir sind bereit“"]


def test_a_quoted_line_of_its_own_is_a_quotation() -> None:
    text = "Ein Text davor.\n„Ein großer Fortschritt“\nDer Text danach."
    assert quoted(text) == ["„Ein großer Fortschritt“"]


def test_an_english_scare_quote_is_not_a_quotation() -> None:
    assert quoted("The so-called “experts” were wrong again.", "en") == []


def test_a_translation_in_brackets_is_not_a_quotation() -> None:
    assert quoted("Die Operation „Cast Lead“ („gegossenes Blei“) begann am Samstag.") == []
