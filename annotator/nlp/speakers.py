"""Who said each quotation: speech verbs, "laut X", "X zufolge", pronouns, the headline.

`attribute_speakers(text, quotations, entities=..., language=...)` gives, for each quotation,
its `Speaker` or None. The rules, in the order they are tried (a colon before the quotation
tries rule 2 first):

1. Between the parts of an interrupted quotation, and right after it in its sentence:
   „…“, sagte Müller / „…“, so Müller / „…“, Müller sagte / "…," he said.
2. Before it: Müller sagte: „…“ / Wörtlich schrieb er: „…“ / Müller erklärte, es sei „…“.
3. A source anywhere in the sentence: laut Müller / Müller zufolge / according to Miller.
4. The subject at the start of the sentence, outside reported speech.
5. Implied: a speech verb in the sentences just before, the quotation just before, „…“ Das
   sagte Müller, or the person a headline quotation is attributed to.

The words found are matched to a given PER entity where one overlaps; a pronoun is resolved to
the subject of the nearest sentence before it that names a person (`Speaker.mention` keeps the
pronoun); where NER gave no span, the name is proposed (`Speaker.proposed`). The word-level
work (noun phrases, subjects, names) is in `phrases`, the grammar words in `grammar`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.nlp.grammar import (
    ADVERBS,
    ARTICLES,
    AUXILIARIES,
    PREPOSITIONS,
    REPORTED,
    SUBORDINATORS,
)
from annotator.nlp.lexicon import Lexicon, lexicon_for
from annotator.nlp.phrases import Entity, PhraseReader, Token
from annotator.nlp.quotes import Quotation
from annotator.nlp.text import Sentence, sentence_around, sentences

__all__ = ["Entity", "Speaker", "attribute_speakers"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """The speaker of one quotation: `text[start:end]`, a person's name or mention."""

    start: int
    end: int
    proposed: bool
    """True when no given entity span is the speaker: propose a new PER span here."""
    rule: str
    """Which rule found it: after, before, colon, source, pronoun, previous, headline."""
    mention: tuple[int, int] | None = None
    """The words beside the quotation that point at the speaker, where they differ from the
    speaker span (a pronoun such as "er" resolved to the named person)."""

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


def attribute_speakers(
    text: str,
    quotations: Sequence[Quotation],
    *,
    entities: Iterable[Entity] = (),
    language: str = "de",
) -> list[Speaker | None]:
    """The speaker of each quotation in `quotations` (None where no rule finds one)."""
    if not quotations:
        return []
    finder = _Finder(text, quotations, entities, lexicon_for(language))
    return finder.run()


class _Finder(PhraseReader):
    def __init__(
        self,
        text: str,
        quotations: Sequence[Quotation],
        entities: Iterable[Entity],
        lexicon: Lexicon,
    ) -> None:
        self.quotations = list(quotations)
        super().__init__(text, [p for q in self.quotations for p in q.parts], entities, lexicon)
        self.sentences = sentences(text)
        self.subjects: dict[int, tuple[int, int]] = {}
        """Sentence start -> the person that sentence is about, once a rule has found it."""
        self._sentence_of: dict[tuple[int, int], Sentence] = {}
        """A quotation's (start, end) -> its sentence: the rules ask for it several times."""

    # -- the rules ----------------------------------------------------------------------

    def run(self) -> list[Speaker | None]:
        found: list[Speaker | None] = []
        for quote in self.quotations:
            if self._colon_before(quote):
                rules = (self._after_near, self._before, self._after, self._source)
            else:
                rules = (
                    self._between,
                    self._after,
                    self._before,
                    self._source,
                    self._sentence_subject,
                )
            speaker = None
            for rule in rules:
                speaker = rule(quote)
                if speaker is not None:
                    break
            else:
                speaker = self._implied(quote, found)
            found.append(speaker)
            if speaker is not None:
                sentence = self._sentence(quote)
                self.subjects[sentence.start] = (speaker.start, speaker.end)
        return found

    def _sentence(self, quote: Quotation) -> Sentence:
        """The sentence of a quotation; one that ends with its own full stop ends there."""
        key = (quote.start, quote.end)
        found = self._sentence_of.get(key)
        if found is None:
            found = self._sentence_of[key] = self._find_sentence(quote)
        return found

    def _find_sentence(self, quote: Quotation) -> Sentence:
        sentence = sentence_around(self.text, quote.start, quote.end)
        inner_end = self.text[quote.end - 2 : quote.end - 1]
        following = self.text[quote.end : quote.end + 3].lstrip(" ")
        continues = following[:1].islower() or following.startswith((",", "–"))
        if inner_end in {".", "!", "?"} and not continues:
            return Sentence(sentence.start, quote.end)
        return sentence

    def _colon_before(self, quote: Quotation) -> bool:
        sentence = self._sentence(quote)
        return self.text[sentence.start : quote.start].rstrip().endswith(":")

    def _sentence_subject(self, quote: Quotation) -> Speaker | None:
        """A quotation inside a sentence without a speech verb: its subject at the start
        ("Er nannte das „fragwürdig“", "Die Firma sieht „keinen Anlass“")."""
        sentence = self._sentence(quote)
        lead = [
            t for t in self._tokens(sentence.start, quote.start) if not self._inside_quote(t.start)
        ]
        if not lead:
            return None
        front: list[Token] = []
        for token in lead:
            if token.text.islower() and token.text not in ARTICLES and front:
                break
            if token.text in {",", ";", ":", "(", "–"}:
                break
            front.append(token)
        if REPORTED.search(self.text[sentence.start : sentence.end]):
            return None  # "Der Niederländer sei „…“": reported speech; its speaker is earlier
        subject = self._subject(front)
        if subject is not None and len(subject) == 1 and not self._is_person(subject[0]):
            subject = None
        return self._speaker(subject, "subject") if subject else None

    def _after_near(self, quote: Quotation) -> Speaker | None:
        """„…“, sagte er, right after the quotation: stronger than a colon before it."""
        following = self.text[quote.end : quote.end + 3].lstrip(" ")
        return self._after(quote) if following[:1] == "," or following[:1].islower() else None

    def _between(self, quote: Quotation) -> Speaker | None:
        """„Wir werden“, sagte Eva Stein, „nicht aufgeben.“: the speaker between the parts."""
        for (_, end), (start, _) in zip(quote.parts, quote.parts[1:], strict=False):
            tokens = [t for t in self._tokens(end, start) if t.text not in {",", "–", "—"}]
            verb = self._speech_index(tokens)
            if verb is None:
                continue
            phrase = self._noun_phrase(self._skip_adverbs(tokens[verb + 1 :]))
            if phrase is None:
                phrase = self._noun_phrase(tokens[:verb])
            if phrase:
                return self._speaker(phrase, "after")
        return None

    def _after(self, quote: Quotation) -> Speaker | None:
        """„…“, sagte Müller. / „…“, so Müller. / „…“, Müller sagte. / "…," he said.

        Also further on in the sentence, after a comma: „…“ seien das, so die FIFA.
        """
        sentence = self._sentence(quote)
        tokens = [
            t for t in self._tokens(quote.end, sentence.end) if not self._inside_quote(t.start)
        ]
        if not tokens:
            return None
        right_after = tokens[0].text in {",", "–", "—"} or self._is_closing_punct(quote)
        first_word = next((t.text.lower() for t in tokens if t.text.isalpha()), "")
        if first_word in SUBORDINATORS:
            right_after = False  # „…“, nachdem Trump … genannt hatte: not the speaker
        seen = 0
        for i, token in enumerate(tokens):
            if token.text in {",", "–", "—", "-"}:
                continue
            seen += 1
            lower = token.text.lower()
            near = right_after and seen <= 4
            if not near and not self._after_comma(tokens, token):
                continue
            following = tokens[i + 1 : i + 2]
            if not near and not (following and self._starts_phrase(following[0])):
                continue
            if lower in self.lexicon.after_cues or self._is_verb(token):
                after_verb = self._noun_phrase(self._skip_adverbs(tokens[i + 1 :]))
                if after_verb:
                    return self._speaker(after_verb, "after")
                if near:
                    before = [w for w in tokens[:i] if w.text[:1].isupper() or self._pronoun(w)]
                    if before:
                        return self._speaker(before, "after")
                return None
            if lower in AUXILIARIES and self._after_comma(tokens, token):
                found = self._after_clause(tokens[i:])  # „…“ sei, hatte X damals gesagt
                if found is not None:
                    return found
            inverted = token.capitalised and not self._pronoun(token) and self._is_person(token)
            if near and seen == 2 and tokens[i - 1].text.islower() and inverted:
                name = self._name_run(tokens[i : i + 3]) or [token]
                return self._speaker(name, "after")  # „…“, strich Romney heraus
            if near and seen <= 2 and self._pronoun(token) and token.text.islower():
                return self._speaker([token], "after")  # „…“, fügte er hinzu
            if near and seen == 4:
                found = self._after_clause(tokens)
                if found is not None:
                    return found
            if lower in {"heißt", "hieß", "steht", "stand"}:
                place = self._noun_phrase(
                    tokens[i + 1 :], skip={"es", "in", "auf", "im", "dazu", "darin", "dort"}
                )
                if place:
                    return self._speaker(place, "after")
        return None

    def _after_clause(self, tokens: list[Token]) -> Speaker | None:
        """„…“, hatte VW-Chef Winterkorn in einem Interview erklärt: the first name of the
        clause after the quotation when a speech verb ends it."""
        clause: list[Token] = []
        for token in tokens:
            if token.text in {".", ";", "!", "?"}:
                break
            clause.append(token)
        verb = next((i for i, t in enumerate(clause) if self.lexicon.is_speech_word(t.text)), None)
        if verb is None:
            return None
        clause = clause[:verb]
        start = next((i for i, t in enumerate(clause) if t.capitalised), None)
        name = self._name_run(clause[start:]) if start is not None else None
        if name is None and self.lexicon.language == "en":
            name = self._noun_phrase(clause)  # "…," a spokeswoman for the bank said
        return self._speaker(name, "after") if name else None

    def _is_closing_punct(self, quote: Quotation) -> bool:
        last = self.text[quote.end - 2 : quote.end - 1]
        return last in {",", ".", "!", "?"}

    def _before(self, quote: Quotation) -> Speaker | None:
        """Müller sagte: „…“ / Wörtlich schrieb er: „…“ / Müller erklärte, es sei „…“."""
        sentence = self._sentence(quote)
        lead = self._tokens(sentence.start, quote.start)
        lead = [t for t in lead if not self._inside_quote(t.start)]
        stops = [
            i
            for i, t in enumerate(lead[:-1])
            if t.text in {".", "!", "?"} and lead[i + 1].start == t.end and lead[i + 1].capitalised
        ]
        if stops:
            lead = lead[stops[-1] + 1 :]  # "…Bundesanzeiger.Mats Schönauer schreibt:"
        rest = self._tokens(quote.end, sentence.end)
        rest = [t for t in rest if not self._inside_quote(t.start)]
        colon = bool(lead) and lead[-1].text == ":"
        rule = "colon" if colon else "before"
        if colon and self._speech_index(lead) is None:
            if lead and self._pronoun(lead[0]):
                return self._speaker(lead[:1], "colon")  # "Er schließt sich … an: „…“"
            headline_like = len(lead) <= 8 and self._verb_guess(lead) is None
            phrase = None
            if headline_like and sentence.start == self._line_start(quote.start):
                phrase = self._name_run(lead)  # "Trump nach Telefonat mit Putin: „…“"
            phrase = phrase or self._first_person(lead)
            if phrase:
                return self._speaker(phrase, "colon")
            return self._clause_speaker(lead, rule, allow_guess=True)
        found = self._clause_speaker(lead, rule, last=True)
        if found is not None:
            return found
        if colon:
            # "Trump nach Telefonat mit Putin: „…“": the first person of the lead
            phrase = self._first_person(lead)
            if phrase is None and sentence.start == self._line_start(quote.start):
                phrase = self._name_run(lead)
            return self._speaker(phrase, "colon") if phrase else None
        verb = self._speech_index(rest)
        if verb is not None:
            # "… „…“ kritisierte Müller." : the speaker after the verb
            phrase = self._noun_phrase(self._skip_adverbs(rest[verb + 1 :]))
            if phrase:
                return self._speaker(phrase, "before")
        return None

    def _clause_speaker(
        self, clause: list[Token], rule: str, *, allow_guess: bool = False, last: bool = False
    ) -> Speaker | None:
        """The speaker of a clause with a speech verb: the subject before the verb, or after
        it where an adverbial comes first ("Wörtlich schrieb er", "Hier sagte Müller")."""
        verb = self._speech_index(clause, last=last)
        if verb is None:
            if not allow_guess:
                return None
            verb = self._verb_guess(clause)
            if verb is None:
                subject = self._subject(clause)
                return self._speaker(subject, rule) if subject else None
        after = clause[verb + 1 : verb + 2]
        if after and self._pronoun(after[0]):
            return self._speaker(after, rule)
        if clause[verb].text.lower() in {"heißt", "hieß", "steht", "stand", "geheißen"}:
            place = self._noun_phrase(
                clause[verb + 1 :], skip={"es", "in", "im", "auf", "darin", "dort", "dazu"}
            )
            if place:
                return self._speaker(place, rule)
        commas = [i for i, t in enumerate(clause[:verb]) if t.text in {",", ";", "–", "—", ":"}]
        closes_name = clause[verb - 2].capitalised or clause[verb - 2].text in {")", "“", "»"}
        if commas and commas[-1] == verb - 1 and closes_name:
            commas = commas[:-2]  # "Müller, Chef der X, sagte": skip the apposition
        start = commas[-1] + 1 if commas else 0
        end = verb
        if clause[end - 1].text == "," and end - 1 > start:
            end -= 1
        front = clause[start:end]
        named = self._name_run(clause[verb + 1 : verb + 4])
        if (
            named
            and named[0] is clause[min(verb + 1, len(clause) - 1)]
            and (len(named) >= 2 or self._is_person(named[0]))
        ):
            return self._speaker(named, rule)  # "sagte Filep Karma:": inverted subject
        subject = self._subject(front)
        if subject:
            return self._speaker(subject, rule)
        inverted = self._noun_phrase(self._skip_adverbs(clause[verb + 1 :]))
        if inverted:
            return self._speaker(inverted, rule)
        if start:
            subject = self._subject(clause[:verb])
            if subject:
                return self._speaker(subject, rule)
        if len(front) == 1 and front[0].text.lower() in ADVERBS | PREPOSITIONS:
            return None
        loose = self._noun_phrase(front)
        return self._speaker(loose, rule) if loose else None

    def _source(self, quote: Quotation) -> Speaker | None:
        """laut Müller / nach Angaben von Müller / Müller zufolge / according to Miller."""
        sentence = self._sentence(quote)
        tokens = [
            t
            for t in self._tokens(sentence.start, sentence.end)
            if not (quote.start <= t.start < quote.end)
        ]
        lowered = [t.text.lower() for t in tokens]
        for cue in self.lexicon.source_cues:
            cue_words = cue.split()
            for i in range(len(tokens) - len(cue_words)):
                if lowered[i : i + len(cue_words)] == cue_words:
                    phrase = self._noun_phrase(tokens[i + len(cue_words) :], skip={"von", "of"})
                    if phrase and cue != "wie":
                        return self._speaker(phrase, "source")
        if lowered[:1] == ["für"] and len(tokens) > 2:
            phrase = self._noun_phrase(tokens[1:], skip={"den", "die", "das", "dem"})
            if phrase:
                return self._speaker(phrase, "source")  # Für den Theologen Küng sei „…“
        for post in self.lexicon.postpositions:
            if post in lowered:
                i = lowered.index(post)
                phrase = self._phrase_before(tokens[:i])
                if phrase:
                    return self._speaker(phrase, "source")
        return None

    def _implied(self, quote: Quotation, found: list[Speaker | None]) -> Speaker | None:
        """The speaker of the sentences just before (a speech verb there, or the quotation
        before in the same paragraph), or the one a headline quotation names."""
        index = len(found)
        paragraph = self._line_start(quote.start)
        before = [s for s in self.sentences if paragraph <= s.start and s.end <= quote.start]
        previous = self.quotations[index - 1] if index else None
        here = self._sentence(quote)
        if previous is not None and found[-1] is not None and previous.start >= here.start:
            last = found[-1]  # an earlier quotation of the same sentence
            return Speaker(last.start, last.end, last.proposed, "previous", last.mention)
        for sentence in before[::-1][:3]:
            if previous is not None and sentence.start <= previous.start < sentence.end:
                last = found[-1]
                if last is not None:
                    return Speaker(last.start, last.end, last.proposed, "previous", last.mention)
            tokens = [
                t
                for t in self._tokens(sentence.start, sentence.end)
                if not self._inside_quote(t.start)
            ]
            speaker = self._clause_speaker(tokens, "previous")
            if speaker is not None:
                return speaker
            if sentence is before[-1] and self._first_person_quote(quote):
                # "Die SPD will festhalten. „Wir wollen …“": who the sentence before is about
                speaker = self._clause_speaker(tokens, "previous", allow_guess=True)
                if speaker is not None:
                    return speaker
        following = self._next_sentence_speaker(quote)
        if following is not None:
            return following
        if previous is not None and found[-1] is not None:
            gap = self.text[previous.end : quote.start]
            if gap.count("\n") <= 2 and len(gap) < 200 and not before:
                last = found[-1]
                return Speaker(last.start, last.end, last.proposed, "previous", last.mention)
        for earlier, speaker in zip(self.quotations, found, strict=False):
            if speaker is not None and earlier.start < self._first_line_end():
                return Speaker(speaker.start, speaker.end, speaker.proposed, "headline")
        return None

    def _first_person_quote(self, quote: Quotation) -> bool:
        words = self._tokens(quote.start + 1, min(quote.end, quote.start + 40))
        first = next((t.text.lower() for t in words if t.text.isalpha()), "")
        return first in {"ich", "wir", "mein", "meine", "unser", "unsere", "i", "we", "my", "our"}

    def _next_sentence_speaker(self, quote: Quotation) -> Speaker | None:
        """„…“ Das sagte Müller am Montag. / "…" That is what Miller said."""
        after = [s for s in self.sentences if s.start >= quote.end][:1]
        if not after or "\n" in self.text[quote.end : after[0].start]:
            return None
        tokens = self._tokens(after[0].start, after[0].end)
        if not tokens or tokens[0].text.lower() not in {"das", "dies", "so", "this", "that"}:
            return None
        return self._clause_speaker(tokens[1:], "after")

    # -- words to spans -----------------------------------------------------------------

    def _speaker(self, phrase: list[Token], rule: str) -> Speaker | None:
        start, end = phrase[0].start, phrase[-1].end
        for p_start, p_end in self.persons:
            if p_start < end and start < p_end:
                return Speaker(p_start, p_end, (p_start, p_end) not in self.given, rule)
        if len(phrase) == 1 and self._pronoun(phrase[0]):
            person = self._resolve(phrase[0].start)
            mention = (phrase[0].start, phrase[0].end)
            if person is not None:
                proposed = person not in self.given
                return Speaker(person[0], person[1], proposed, "pronoun", mention)
            return Speaker(mention[0], mention[1], True, "pronoun", mention)
        name = self._name_in(phrase)
        return Speaker(name[0].start, name[-1].end, True, rule)

    def _resolve(self, position: int) -> tuple[int, int] | None:
        """The person a pronoun at `position` refers to: the subject of a sentence before."""
        before = [s for s in self.sentences if s.end <= position]
        current = [s for s in self.sentences if s.start <= position < s.end]
        candidates = current + before[::-1]
        for sentence in candidates[:6]:
            subject = self.subjects.get(sentence.start)
            if subject is not None and subject[1] <= position:
                return subject
            person = self._first_person_in(sentence, position)
            if person is not None:
                return person
        return None
