"""Attributing quotations to speakers: verbs, "laut"/"zufolge"/"according to", pronouns,
implied speakers, and proposing a PER span where NER gave none."""

from __future__ import annotations

from annotator.nlp.quoting import as_span_dicts, suggest_quotations


def speakers(text: str, *, entities=(), language: str = "de") -> list[str | None]:
    found = suggest_quotations(text, entities=entities, language=language)
    return [s.speaker.text_in(text) if s.speaker else None for s in found]


def per(text: str, *names: str) -> list[tuple[int, int, str]]:
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((start, start + len(name), "PER"))
    return spans


def test_speaker_after_the_quotation() -> None:
    text = "„Wir brauchen mehr Zeit für die Reform“, sagte Anna Berger am Montag."
    assert speakers(text, entities=per(text, "Anna Berger")) == ["Anna Berger"]


def test_speaker_after_so() -> None:
    text = "„Das ist ein großer Tag für die Stadt“, so Bürgermeister Klaus Weber."
    assert speakers(text) == ["Klaus Weber"]


def test_speaker_before_with_a_colon() -> None:
    text = "Die Ministerin Maria Lang erklärte: „Wir werden das Gesetz ändern.“"
    assert speakers(text, entities=per(text, "Maria Lang")) == ["Maria Lang"]


def test_speaker_of_a_fragment_inside_a_sentence_with_a_speech_verb() -> None:
    text = "Peter Huber erklärte, das Gespräch sei „sehr produktiv“ gewesen."
    assert speakers(text, entities=per(text, "Peter Huber")) == ["Peter Huber"]


def test_laut_names_the_speaker() -> None:
    text = "Die Lage sei laut Innenminister Jonas Roth „völlig unter Kontrolle“."
    assert speakers(text) == ["Jonas Roth"]


def test_zufolge_names_the_speaker() -> None:
    text = "Dem Sprecher Tim Vogel zufolge ist die Anlage „seit Jahren veraltet“."
    assert speakers(text) == ["Tim Vogel"]


def test_according_to_names_the_speaker() -> None:
    text = "The plan is, according to Mayor John Smith, “a disaster for the city”."
    assert speakers(text, language="en") == ["John Smith"]


def test_english_speaker_after_the_quotation() -> None:
    text = "“We will not give up,” said Sarah Jones on Monday."
    assert speakers(text, entities=per(text, "Sarah Jones"), language="en") == ["Sarah Jones"]


def test_english_pronoun_is_resolved_to_the_named_person() -> None:
    text = "Sarah Jones visited the plant. “This is a good day for all of us,” she said."
    assert speakers(text, entities=per(text, "Sarah Jones"), language="en") == ["Sarah Jones"]


def test_a_pronoun_speaker_is_resolved_to_the_last_subject() -> None:
    text = (
        "Trump erklärte am Abend, das Telefonat mit Putin sei gut gewesen. "
        "Wörtlich schrieb er: „Es ist ein großer Fortschritt gemacht worden.“"
    )
    found = suggest_quotations(text, entities=per(text, "Trump", "Putin"))
    speaker = found[0].speaker
    assert speaker is not None
    assert speaker.text_in(text) == "Trump"
    assert speaker.rule == "pronoun"
    assert speaker.mention is not None
    assert text[speaker.mention[0] : speaker.mention[1]] == "er"


def test_the_subject_is_found_after_the_verb_when_an_adverb_comes_first() -> None:
    text = "Am Abend sagte die Trainerin Lea Kurz: „Wir haben verdient gewonnen.“"
    assert speakers(text) == ["Lea Kurz"]


def test_an_interrupted_quotation_has_the_speaker_between_its_parts() -> None:
    text = "„Wir werden“, sagte Eva Stein, „nicht aufgeben.“"
    assert speakers(text, entities=per(text, "Eva Stein")) == ["Eva Stein"]


def test_a_following_quotation_without_a_verb_keeps_the_speaker_before() -> None:
    text = "Jan Roth sagte: „Das Ergebnis ist gut.“ „Wir machen weiter so.“"
    assert speakers(text, entities=per(text, "Jan Roth")) == ["Jan Roth", "Jan Roth"]


def test_a_quoted_subheading_takes_the_speaker_of_the_headline() -> None:
    text = (
        "Trump nach Telefonat mit Putin: „Es ist ein großer Fortschritt gemacht worden“\n\n"
        "Einen Termin nannte er nicht.\n„Ein großer Fortschritt“\nDer Rest des Textes."
    )
    assert speakers(text, entities=per(text, "Trump", "Putin")) == ["Trump", "Trump"]


def test_a_speaker_ner_missed_is_proposed() -> None:
    text = "„Die Preise steigen weiter“, sagte Lena Maier vom Verband."
    [found] = suggest_quotations(text)
    assert found.speaker is not None
    assert found.speaker.text_in(text) == "Lena Maier"
    assert found.speaker.proposed


def test_a_speaker_ner_found_is_not_proposed() -> None:
    text = "„Die Preise steigen weiter“, sagte Lena Maier vom Verband."
    [found] = suggest_quotations(text, entities=per(text, "Lena Maier"))
    assert found.speaker is not None
    assert not found.speaker.proposed


def test_span_records_have_the_shape_of_the_quotation_corpus() -> None:
    text = "„Wir werden“, sagte Eva Stein, „nicht aufgeben.“"
    records = as_span_dicts(text, suggest_quotations(text, entities=per(text, "Eva Stein")))
    assert [(r["part"], r["n_parts"], r["label"]) for r in records] == [
        (0, 2, "QUOTE"),
        (1, 2, "QUOTE"),
    ]
    assert records[0]["speaker"]["text"] == "Eva Stein"
    assert records[0]["speaker"]["proposed"] is False


def test_english_speaker_with_a_lower_case_role_and_a_name_in_apposition() -> None:
    text = "“We are ready,” said the president, Joe Biden, on Monday."
    assert speakers(text, language="en") == ["Joe Biden"]


def test_english_speaker_without_a_name_is_the_noun_phrase() -> None:
    text = "“Prices will rise,” a spokeswoman for the bank said."
    assert speakers(text, language="en") == ["a spokeswoman"]


def test_english_speaker_before_with_a_colon() -> None:
    text = "Mary Jones wrote on Twitter: “Thank you all for the support.”"
    assert speakers(text, language="en") == ["Mary Jones"]
