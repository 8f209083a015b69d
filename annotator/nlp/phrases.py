"""Words and phrases for the speaker rules: tokens, noun phrases, subjects, names, pronouns.

Character offsets throughout, as in `annotator.core`. Where no PER spans are given, people are
found by shape (`likely_names`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.nlp.grammar import (
    ADVERBS,
    ARTICLES,
    CUES,
    FOCUS,
    GENITIVE,
    OBLIQUE,
    POSSESSIVES,
    PREPOSITIONS,
    ROLE_SUFFIXES,
    STOP_DE,
    STOP_EN,
    SUBORDINATORS,
    finite_like,
)
from annotator.nlp.lexicon import Lexicon
from annotator.nlp.text import Sentence

Entity = tuple[int, int, str]
"""(start, end, label) of an entity span, e.g. (0, 5, "PER")."""

TOKEN = re.compile(r"\w[\w'’\-]*\w|\w|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def likely_names(text: str, lexicon: Lexicon) -> set[tuple[int, int]]:
    """Names by shape where NER gave none: two or three capitalised words whose last word also
    stands alone elsewhere ("Sebastian Edathy" … "Edathy"), and those lone mentions."""
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    skip = lexicon.function_words | ADVERBS | PREPOSITIONS | ARTICLES
    counts: dict[str, int] = {}
    for _, _, word in tokens:
        counts[word] = counts.get(word, 0) + 1
    names: set[tuple[int, int]] = set()
    surnames: set[str] = set()
    i = 0
    while i < len(tokens):
        run = []
        while (
            i < len(tokens)
            and tokens[i][2][:1].isupper()
            and tokens[i][2].lower() not in skip
            and not tokens[i][2].isupper()
        ):
            run.append(tokens[i])
            i += 1
        if 2 <= len(run) <= 3 and counts[run[-1][2]] >= 2:
            names.add((run[0][0], run[-1][1]))
            surnames.add(run[-1][2])
        i += 1 if not run else 0
    for start, end, word in tokens:
        if word in surnames and not any(s <= start < e for s, e in names):
            names.add((start, end))
    return names


class PhraseReader:
    """Words and phrases of one text: tokens, noun phrases, subjects, names and pronouns.

    The speaker rules (`speakers._Finder`) build on it; it holds the text, the lexicon of its
    language, the quotation parts (whose words never name a speaker) and where people are named.
    """

    def __init__(
        self,
        text: str,
        quoted: Sequence[tuple[int, int]],
        entities: Iterable[Entity],
        lexicon: Lexicon,
    ) -> None:
        self.text = text
        self.lexicon = lexicon
        self.stop = STOP_DE if lexicon.language == "de" else STOP_EN
        self.quoted = list(quoted)
        self._quoted_starts, self._quoted_ends = _merged(self.quoted)
        self.given = {
            (start, end) for start, end, label in entities if label.upper() in {"PER", "PERSON"}
        }
        """The PER spans the caller gave (from NER or from people)."""
        self.persons = sorted(self.given or likely_names(text, lexicon))
        """Where people are named: the given spans, or without any, names found by shape."""

    def _starts_phrase(self, token: Token) -> bool:
        return token.capitalised or self._pronoun(token) or token.text.lower() in ARTICLES

    def _after_comma(self, tokens: list[Token], token: Token) -> bool:
        index = tokens.index(token)
        return index > 0 and tokens[index - 1].text == ","

    def _is_verb(self, token: Token) -> bool:
        return self.lexicon.is_speech_word(token.text, nouns=True) and token.text.lower() not in {
            "laut",
            "zufolge",
            "according",
        }

    def _skip_adverbs(self, tokens: list[Token]) -> list[Token]:
        """Drop what stands between a verb and its subject: adverbs, "sich", and phrases
        with a preposition ("sagte dazu am Montag gegenüber der ARD der Minister")."""
        i = 0
        while i < len(tokens):
            token = tokens[i]
            lower = token.text.lower()
            if self._pronoun(token):
                break
            if lower in PREPOSITIONS and token.text.islower():
                i += 1
                while i < len(tokens) and not self._phrase_end(tokens[i]):
                    i += 1
                i += 1
                continue
            if token.text.islower() and lower not in ARTICLES:
                i += 1
                continue
            break
        rest = tokens[i:]
        if rest and rest[0].text.lower() in OBLIQUE:
            return []  # "den Hergang", "einem Sprecher": not the subject
        return rest

    def _phrase_end(self, token: Token) -> bool:
        """Whether `token` ends a prepositional phrase that is being skipped (its noun)."""
        return token.capitalised and token.text.lower() not in ARTICLES

    def _verb_guess(self, clause: list[Token]) -> int | None:
        """Where the finite verb of a clause probably is: its first lower-case word outside
        noun phrases (article or possessive up to the noun) and prepositional phrases."""
        i = 0
        while i < len(clause):
            token = clause[i]
            lower = token.text.lower()
            if lower in PREPOSITIONS or lower in ARTICLES or lower in POSSESSIVES:
                i += 1
                while i < len(clause) and not clause[i].capitalised:
                    if not clause[i].text.isalpha():
                        break
                    i += 1
                i += 1
                continue
            verb_like = self.lexicon.language != "de" or finite_like(lower)
            if token.text.isalpha() and token.text.islower() and lower not in ADVERBS and verb_like:
                return i
            i += 1
        return None

    def _subject(self, front: list[Token]) -> list[Token] | None:
        """The words before the verb when they are its subject: a pronoun, a known person, a
        phrase opening with an article, or two or more capitalised words."""
        if not front:
            return None
        if self._pronoun(front[-1]):
            return [front[-1]]
        if front[0].text.lower() in PREPOSITIONS:
            return None  # "Über Steve Fossett sagte Branson": a prepositional phrase first
        person = self._first_person(front)
        if person:
            return person
        while front and front[0].text.lower() in FOCUS:
            front = front[1:]
        if len(front) > 1 and front[0].text.lower() in SUBORDINATORS | {"indem", "wobei"}:
            front = front[1:]  # "…, indem sie … aufforderte": the subject after "indem"
            if self._pronoun(front[0]):
                return [front[0]]
        if not front or front[0].text.lower() in PREPOSITIONS | ADVERBS:
            return None
        if self._pronoun(front[0]):
            return [front[0]]
        if len(front) == 1:
            return front if self._known_name(front[0]) else None
        capitalised = [t for t in front if t.capitalised]
        if front[0].text.lower() in ARTICLES or len(capitalised) >= 2:
            return self._noun_phrase(front) or None
        return None

    def _known_name(self, token: Token) -> bool:
        """Whether the word appears capitalised elsewhere in the text, not at a sentence start."""
        word = token.text
        if not word[:1].isupper() or len(word) < 3:
            return False
        for match in re.finditer(rf"(?<=[a-zäöüß,] ){re.escape(word)}\b", self.text):
            if match.start() != token.start:
                return True
        return False

    def _name_run(self, tokens: list[Token]) -> list[Token] | None:
        run: list[Token] = []
        for token in tokens:
            if not run and token.text.lower() in ADVERBS | PREPOSITIONS:
                continue
            if token.capitalised and token.text.lower() not in self.lexicon.function_words:
                run.append(token)
            elif run:
                break
        return run or None

    def _line_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def _name_in(self, phrase: list[Token]) -> list[Token]:
        """The name part of a phrase: a name in apposition, else the first run of capitalised
        words that is not a genitive ("der Chef der Tibet Initiative" -> "Chef"); leading
        roles are dropped ("Bundesminister Peer Steinbrück" -> "Peer Steinbrück")."""
        runs: list[list[Token]] = []
        current: list[Token] = []
        previous = ""
        for token in phrase:
            if token.capitalised and token.text.lower() not in self.lexicon.function_words:
                if not current and previous in GENITIVE and runs:
                    previous = token.text.lower()
                    continue
                current.append(token)
            else:
                if current:
                    runs.append(current)
                current = []
            previous = token.text.lower()
        if current:
            runs.append(current)
        if not runs:
            return phrase
        run = (
            runs[-1] if phrase[0].text == "," or self._after_comma(phrase, runs[-1][0]) else runs[0]
        )
        while len(run) > 1 and run[0].text.lower().endswith(ROLE_SUFFIXES):
            run = run[1:]
        return run

    def _first_person_in(self, sentence: Sentence, limit: int) -> tuple[int, int] | None:
        for start, end in self.persons:
            inside = sentence.start <= start and end <= min(sentence.end, limit)
            if inside and not self._inside_quote(start):
                return (start, end)
        return None

    def _first_person(self, tokens: list[Token]) -> list[Token] | None:
        for token in tokens:
            for start, end in self.persons:
                if start <= token.start < end:
                    return [t for t in tokens if start <= t.start < end]
        return None

    def _noun_phrase(self, tokens: list[Token], skip: frozenset[str] | set[str] = frozenset()):
        """The noun phrase at the start of `tokens`: up to a comma, a stop word or a verb."""
        phrase: list[Token] = []
        for token in tokens:
            lower = token.text.lower()
            if not phrase and lower in skip:
                continue
            if token.text in {"„", "“", "»", "«", '"'}:
                continue
            if token.text in {".", ",", ":", ";", "(", ")", "!", "?", "„", "“", '"'}:
                break
            if lower in self.stop or (self.lexicon.is_speech_word(token.text) and phrase):
                break
            phrase.append(token)
            if self._pronoun(token) and len(phrase) == 1:
                break
        english_np = (
            self.lexicon.language == "en"
            and len(phrase) >= 2
            and phrase[0].text.lower() in {"the", "a", "an", "his", "her", "their", "its"}
        )
        if english_np:  # English nouns are lower case: "the president", "a spokeswoman"
            return phrase + self._apposition_name(tokens, phrase)
        while phrase and not (phrase[-1].capitalised or self._pronoun(phrase[-1])):
            phrase.pop()
        if not phrase:
            return None
        phrase += self._apposition_name(tokens, phrase)
        if not any(t.capitalised or self._pronoun(t) for t in phrase):
            return None
        return phrase

    def _apposition_name(self, tokens: list[Token], phrase: list[Token]) -> list[Token]:
        """ ", Wolfgang Grader," right after a role phrase: the comma and the name."""
        index = next((i for i, t in enumerate(tokens) if t is phrase[-1]), None)
        if index is None or self._pronoun(phrase[0]):
            return []
        rest = tokens[index + 1 :]
        if len(rest) < 3 or rest[0].text != ",":
            return []
        name: list[Token] = []
        for token in rest[1:]:
            if token.capitalised and token.text.lower() not in self.lexicon.function_words:
                name.append(token)
            else:
                break
        ends = len(rest) == len(name) + 1 or rest[len(name) + 1].text in {",", ":", "(", "."}
        if len(name) >= 2 and ends:
            return [rest[0], *name]
        return []

    def _phrase_before(self, tokens: list[Token]) -> list[Token] | None:
        """The noun phrase ending right before a postposition ("dem Minister Müller zufolge")."""
        phrase: list[Token] = []
        for token in reversed(tokens):
            if token.text in {".", ",", ":", ";", "(", ")", "„", "“"}:
                break
            if token.text.lower() in self.stop:
                break
            phrase.insert(0, token)
            if len(phrase) >= 6:
                break
        return phrase if any(t.capitalised for t in phrase) else None

    def _speech_index(self, tokens: list[Token], *, last: bool = False) -> int | None:
        """The first speech verb of `tokens` (the last one with `last`)."""
        order = list(enumerate(tokens))
        if last:  # the verb nearest the quotation, not a cue word like "wörtlich" after it
            verbs = [
                i
                for i, t in order
                if self.lexicon.is_speech_word(t.text)
                and t.text.lower() not in CUES | {"so", "laut", "zufolge", "according"}
            ]
            if verbs:
                return verbs[-1]
        for i, token in reversed(order) if last else order:
            speech = self.lexicon.is_speech_word(token.text, nouns=True)
            if speech and token.text.lower() not in {
                "so",
                "laut",
                "zufolge",
                "according",
            }:
                return i
        return None

    def _is_person(self, token: Token) -> bool:
        """A pronoun, or a word inside a given PER entity."""
        if self._pronoun(token):
            return True
        return any(start <= token.start and token.end <= end for start, end in self.persons)

    def _pronoun(self, token: Token) -> bool:
        return token.text.lower() in self.lexicon.pronouns

    def _tokens(self, start: int, end: int) -> list[Token]:
        return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(self.text, start, end)]

    def _inside_quote(self, position: int) -> bool:
        at = bisect_right(self._quoted_starts, position) - 1
        return at >= 0 and position < self._quoted_ends[at]

    def _first_line_end(self) -> int:
        end = self.text.find("\n")
        return len(self.text) if end < 0 else end


def _merged(stretches: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Starts and ends of the stretches joined where they overlap or touch, in order: a
    position is inside one of them where it is inside the last that starts at or before it."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(stretches):
        if start >= end:
            continue
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends
