"""Who said each quotation: speech verbs, "laut X", "X zufolge", pronouns, the headline.

`attribute_speakers(text, quotations, entities=..., language=...)` gives, for each quotation,
the span of its speaker or None. The rules, in the order they are tried:

1. After the quotation in its sentence: „…“, sagte Müller / „…“, so Müller / "…", he said.
2. Before it: Müller sagte: „…“ / Wörtlich schrieb er: „…“ / Müller erklärte, es sei „…“.
3. A source anywhere in the sentence: laut Müller / Müller zufolge / according to Miller.
4. Implied: the speaker of the quotation just before (same or previous paragraph), else the
   person a headline quotation is attributed to.

The words found are matched to a given PER entity where one overlaps; a pronoun is resolved to
the subject of the nearest sentence before it that names a person; where NER gave no span, a
capitalised word sequence near the cue is proposed (`Speaker.proposed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.nlp.lexicon import Lexicon, lexicon_for
from annotator.nlp.quotes import Quotation
from annotator.nlp.text import Sentence, sentence_around, sentences

Entity = tuple[int, int, str]
"""(start, end, label) of an entity span, e.g. (0, 5, "PER")."""

_TOKEN = re.compile(r"\w[\w'’.\-]*\w|\w|[^\w\s]", re.UNICODE)
_STOP_DE = frozenset(
    [
        "am",
        "im",
        "in",
        "auf",
        "bei",
        "zu",
        "zur",
        "zum",
        "gegenüber",
        "vor",
        "nach",
        "über",
        "mit",
        "für",
        "an",
        "aus",
        "dazu",
        "heute",
        "gestern",
        "dass",
        "da",
        "als",
        "weil",
        "wenn",
        "während",
        "am",
        "bereits",
        "weiter",
        "weiterhin",
        "zudem",
        "jedoch",
        "aber",
        "auch",
        "noch",
        "nun",
        "damals",
        "später",
        "erneut",
        "ebenfalls",
        "außerdem",
        "zufolge",
        "laut",
        "sowie",
        "und",
    ]
)
_STOP_EN = frozenset(
    [
        "at",
        "in",
        "on",
        "to",
        "for",
        "with",
        "about",
        "after",
        "before",
        "during",
        "of",
        "from",
        "that",
        "when",
        "while",
        "as",
        "and",
        "but",
        "also",
        "yesterday",
        "today",
        "later",
        "earlier",
        "again",
    ]
)
_ROLE_SUFFIXES = (
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "sprecher",
    "sprecherin",
    "chef",
    "chefin",
    "leiter",
    "leiterin",
    "vorsitzende",
    "vorsitzender",
    "direktor",
    "direktorin",
    "kanzler",
    "kanzlerin",
    "trainer",
    "trainerin",
    "manager",
    "managerin",
    "experte",
    "expertin",
    "anwalt",
    "anwältin",
    "politiker",
    "politikerin",
    "abgeordnete",
    "abgeordneter",
    "sekretär",
    "sekretärin",
    "richter",
    "richterin",
    "funktionär",
    "bürgermeister",
    "bürgermeisterin",
    "general",
    "oberst",
    "kommissar",
    "berater",
    "beraterin",
    "autor",
    "autorin",
    "gründer",
    "vertreter",
    "vertreterin",
    "staatsanwalt",
    "herr",
    "frau",
    "dr",
    "prof",
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "secretary",
    "senator",
    "governor",
    "chancellor",
    "mr",
    "mrs",
    "ms",
    "coach",
    "director",
    "chief",
)


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


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def attribute_speakers(
    text: str,
    quotations: Sequence[Quotation],
    *,
    entities: Iterable[Entity] = (),
    language: str = "de",
) -> list[Speaker | None]:
    """The speaker of each quotation in `quotations` (None where no rule finds one)."""
    finder = _Finder(text, quotations, entities, lexicon_for(language))
    return finder.run()


class _Finder:
    def __init__(
        self,
        text: str,
        quotations: Sequence[Quotation],
        entities: Iterable[Entity],
        lexicon: Lexicon,
    ) -> None:
        self.text = text
        self.quotations = list(quotations)
        self.lexicon = lexicon
        self.stop = _STOP_DE if lexicon.language == "de" else _STOP_EN
        self.quoted = [part for q in self.quotations for part in q.parts]
        self.persons = sorted(
            (s, e) for s, e, label in entities if label.upper() in {"PER", "PERSON"}
        )
        self.sentences = sentences(text)
        self.subjects: dict[int, tuple[int, int]] = {}
        """Sentence start -> the person that sentence is about, once a rule has found it."""

    # -- the rules ----------------------------------------------------------------------

    def run(self) -> list[Speaker | None]:
        found: list[Speaker | None] = []
        for quote in self.quotations:
            speaker = (
                self._after(quote)
                or self._before(quote)
                or self._source(quote)
                or self._implied(quote, found)
            )
            found.append(speaker)
            if speaker is not None:
                sentence = sentence_around(self.text, quote.start, quote.end)
                self.subjects[sentence.start] = (speaker.start, speaker.end)
        return found

    def _after(self, quote: Quotation) -> Speaker | None:
        """„…“, sagte Müller. / „…“, so Müller. / „…“, Müller sagte. / "…," he said."""
        sentence = sentence_around(self.text, quote.start, quote.end)
        tokens = self._tokens(quote.end, sentence.end)
        words = [t for t in tokens if t.text not in {",", "–", "—", "-"}]
        if not tokens or (
            tokens[0].text not in {",", "–", "—"} and not self._is_closing_punct(quote)
        ):
            return None
        for i, token in enumerate(words[:4]):
            lower = token.text.lower()
            if lower in self.lexicon.after_cues or self.lexicon.is_speech_word(lower):
                after_verb = self._noun_phrase(words[i + 1 :])
                if after_verb:
                    return self._speaker(after_verb, "after")
                before_verb = [w for w in words[:i] if w.text[:1].isupper() or self._pronoun(w)]
                if before_verb:
                    return self._speaker(before_verb, "after")
                return None
        return None

    def _is_closing_punct(self, quote: Quotation) -> bool:
        last = self.text[quote.end - 2 : quote.end - 1]
        return last in {",", ".", "!", "?"}

    def _before(self, quote: Quotation) -> Speaker | None:
        """Müller sagte: „…“ / Wörtlich schrieb er: „…“ / Müller erklärte, es sei „…“."""
        sentence = sentence_around(self.text, quote.start, quote.end)
        lead = self._tokens(sentence.start, quote.start)
        lead = [t for t in lead if not self._inside_quote(t.start)]
        rest = self._tokens(quote.end, sentence.end)
        rest = [t for t in rest if not self._inside_quote(t.start)]
        colon = bool(lead) and lead[-1].text == ":"
        clause = lead
        verb = self._speech_index(clause)
        if verb is None and not colon:
            verb_rest = self._speech_index(rest)
            if verb_rest is None:
                return None
            clause, verb = rest, verb_rest
            # "… „…“ kritisierte Müller." : the speaker after the verb
            phrase = self._noun_phrase(clause[verb + 1 :])
            if phrase:
                return self._speaker(phrase, "before")
            return None
        if verb is None:
            # "Trump nach Telefonat mit Putin: „…“": the first person of the lead
            phrase = self._first_person(clause) or self._noun_phrase(clause)
            return self._speaker(phrase, "colon") if phrase else None
        subject = self._subject_before(clause[:verb])
        if subject:
            return self._speaker(subject, "colon" if colon else "before")
        inverted = self._noun_phrase(clause[verb + 1 :])
        if inverted:
            return self._speaker(inverted, "colon" if colon else "before")
        return None

    def _source(self, quote: Quotation) -> Speaker | None:
        """laut Müller / nach Angaben von Müller / Müller zufolge / according to Miller."""
        sentence = sentence_around(self.text, quote.start, quote.end)
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
        for post in self.lexicon.postpositions:
            if post in lowered:
                i = lowered.index(post)
                phrase = self._phrase_before(tokens[:i])
                if phrase:
                    return self._speaker(phrase, "source")
        return None

    def _implied(self, quote: Quotation, found: list[Speaker | None]) -> Speaker | None:
        """The speaker of the quotation just before, or the one a headline quotes."""
        index = len(found)
        if index and found[-1] is not None:
            previous = self.quotations[index - 1]
            gap = self.text[previous.end : quote.start]
            if gap.count("\n\n") + gap.count("\n") <= 3 and len(gap) < 600:
                last = found[-1]
                return Speaker(last.start, last.end, last.proposed, "previous", last.mention)
        for earlier, speaker in zip(self.quotations, found, strict=False):
            if speaker is not None and earlier.start < self._first_line_end():
                return Speaker(speaker.start, speaker.end, speaker.proposed, "headline")
        return None

    # -- words to spans -----------------------------------------------------------------

    def _speaker(self, phrase: list[_Token], rule: str) -> Speaker | None:
        start, end = phrase[0].start, phrase[-1].end
        for p_start, p_end in self.persons:
            if p_start < end and start < p_end:
                return Speaker(p_start, p_end, False, rule)
        if len(phrase) == 1 and self._pronoun(phrase[0]):
            person = self._resolve(phrase[0].start)
            mention = (phrase[0].start, phrase[0].end)
            if person is not None:
                proposed = person not in self.persons
                return Speaker(person[0], person[1], proposed, "pronoun", mention)
            return Speaker(mention[0], mention[1], True, "pronoun", mention)
        name = self._name_in(phrase)
        return Speaker(name[0].start, name[-1].end, True, rule)

    def _name_in(self, phrase: list[_Token]) -> list[_Token]:
        """The name part of a phrase: its last run of capitalised words, roles dropped."""
        runs: list[list[_Token]] = []
        current: list[_Token] = []
        for token in phrase:
            if token.capitalised and token.text.lower() not in self.lexicon.function_words:
                current.append(token)
            else:
                if current:
                    runs.append(current)
                current = []
        if current:
            runs.append(current)
        if not runs:
            return phrase
        run = runs[-1] if len(runs[-1]) >= 2 or len(runs) == 1 else runs[0]
        while len(run) > 1 and run[0].text.lower().endswith(_ROLE_SUFFIXES):
            run = run[1:]
        return run

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

    def _first_person_in(self, sentence: Sentence, limit: int) -> tuple[int, int] | None:
        for start, end in self.persons:
            inside = sentence.start <= start and end <= min(sentence.end, limit)
            if inside and not self._inside_quote(start):
                return (start, end)
        return None

    def _first_person(self, tokens: list[_Token]) -> list[_Token] | None:
        for token in tokens:
            for start, end in self.persons:
                if start <= token.start < end:
                    return [t for t in tokens if start <= t.start < end]
        return None

    def _noun_phrase(self, tokens: list[_Token], skip: frozenset[str] | set[str] = frozenset()):
        """The noun phrase at the start of `tokens`: up to a comma, a stop word or a verb."""
        phrase: list[_Token] = []
        for token in tokens:
            lower = token.text.lower()
            if not phrase and lower in skip:
                continue
            if token.text in {".", ",", ":", ";", "(", ")", "!", "?", "„", "“", '"'}:
                break
            if lower in self.stop or (self.lexicon.is_speech_word(lower) and phrase):
                break
            phrase.append(token)
            if self._pronoun(token) and len(phrase) == 1:
                break
        while phrase and not (phrase[-1].capitalised or self._pronoun(phrase[-1])):
            phrase.pop()
        if not phrase:
            return None
        if not any(t.capitalised or self._pronoun(t) for t in phrase):
            return None
        return phrase

    def _phrase_before(self, tokens: list[_Token]) -> list[_Token] | None:
        """The noun phrase ending right before a postposition ("dem Minister Müller zufolge")."""
        phrase: list[_Token] = []
        for token in reversed(tokens):
            if token.text in {".", ",", ":", ";", "(", ")", "„", "“"}:
                break
            if token.text.lower() in self.stop:
                break
            phrase.insert(0, token)
            if len(phrase) >= 6:
                break
        return phrase if any(t.capitalised for t in phrase) else None

    def _subject_before(self, tokens: list[_Token]) -> list[_Token] | None:
        """The subject of "Müller sagte": a person or a pronoun just before the verb, else
        the first capitalised noun phrase of the clause."""
        if not tokens:
            return None
        if self._pronoun(tokens[-1]):
            return [tokens[-1]]
        person = self._first_person(tokens)
        if person:
            return person
        start = 0
        for i, token in enumerate(tokens):
            if token.text in {",", ";", "–", "(", ")"}:
                start = i + 1
        return self._noun_phrase(tokens[start:]) or self._noun_phrase(tokens)

    def _speech_index(self, tokens: list[_Token]) -> int | None:
        for i, token in enumerate(tokens):
            if self.lexicon.is_speech_word(token.text) and token.text.lower() not in {
                "so",
                "laut",
                "zufolge",
                "according",
            }:
                return i
        return None

    def _pronoun(self, token: _Token) -> bool:
        return token.text.lower() in self.lexicon.pronouns

    def _tokens(self, start: int, end: int) -> list[_Token]:
        return [
            _Token(start + m.start(), start + m.end(), m.group())
            for m in _TOKEN.finditer(self.text[start:end])
        ]

    def _inside_quote(self, position: int) -> bool:
        return any(s <= position < e for s, e in self.quoted)

    def _first_line_end(self) -> int:
        end = self.text.find("\n")
        return len(self.text) if end < 0 else end
