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

_TOKEN = re.compile(r"\w[\w'’\-]*\w|\w|[^\w\s]", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP_DE = _words(
    "am im in auf bei zu zur zum gegenüber vor nach über mit für an aus dazu heute gestern "
    "dass da als weil wenn während bereits weiter weiterhin zudem jedoch aber auch noch "
    "nun damals später erneut ebenfalls außerdem zufolge laut sowie und"
)
_STOP_EN = _words(
    "at in on to for with about after before during of from that when while as and but "
    "also yesterday today later earlier again"
)
_ARTICLES = _words("der die das ein eine einer einem einen the a an")
_REPORTED = re.compile(
    r"\b(sei|seien|habe|hätten|hätte|wäre|wären|werde|würden|würde|könne|müsse|solle|wolle|"
    r"dürfe)\b"
)
_POSSESSIVES = _words(
    "sein seine seiner seinem seinen ihr ihre ihrer ihrem ihren unser unsere dessen deren "
    "his her their its"
)
_CUES = _words("wörtlich worten zitat")
_AUXILIARIES = _words("hatte hat habe hätte hatten haben wurde wird war ist had has was")
_SUBORDINATORS = _words(
    "nachdem weil als während obwohl wenn dass da bevor damit ob sodass "
    "after because when while although if that before since"
)
_GENITIVE = _words("der des von vom im aus für of")
_OBLIQUE = _words("den dem des einem einen eines")
_PREPOSITIONS = _words(
    "in im am an auf bei beim mit nach vor über unter zu zum zur von vom aus für gegen seit "
    "angesichts trotz wegen während laut gegenüber durch ohne um "
    "at on with after before for from since during by"
)
_FOCUS = _words("auch selbst sogar nur ebenfalls even also only")
_ADVERBS = _words(
    "hier dort dabei dazu damit so weiter wörtlich auch zudem außerdem dennoch deshalb daher "
    "darum trotzdem allerdings jedoch zwar nun bisher bislang derzeit zuvor danach dann "
    "später gestern heute morgen seitdem somit insbesondere ebenso gleichzeitig inzwischen "
    "mittlerweile erst bereits schon es das dies diese dieser man wer was wie wo wenn als ob "
    "dass denn doch nur noch sogar bald eben ferner abschließend zunächst anschließend "
    "darin darauf demnach dort dazu hierzu dabei "
    "here there also however then later meanwhile"
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
    "mayor",
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
    if not quotations:
        return []
    finder = _Finder(text, quotations, entities, lexicon_for(language))
    return finder.run()


def _likely_names(text: str, lexicon: Lexicon) -> set[tuple[int, int]]:
    """Names by shape where NER gave none: two or three capitalised words whose last word also
    stands alone elsewhere ("Sebastian Edathy" … "Edathy"), and those lone mentions."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    skip = lexicon.function_words | _ADVERBS | _PREPOSITIONS | _ARTICLES
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


_FINITE = _words(
    "ist sind war waren hat haben hatte hatten wird werden wurde wurden kann können konnte "
    "muss müssen musste soll sollen sollte will wollen wollte darf mag bat gab sprach stand "
    "kam fand ließ hielt zog griff sah schrieb wies rief bot trat fiel lag ging blieb"
)


def _finite_like(word: str) -> bool:
    """Whether a German word may be a finite verb: "-t", "-te(n)" endings or a common
    irregular form; not an adjective like "palästinensische"."""
    return word in _FINITE or word.endswith(("t", "te", "ten", "tet"))


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
        self.given = {
            (start, end) for start, end, label in entities if label.upper() in {"PER", "PERSON"}
        }
        """The PER spans the caller gave (from NER or from people)."""
        self.persons = sorted(self.given or _likely_names(text, lexicon))
        """Where people are named: the given spans, or without any, names found by shape."""
        self.sentences = sentences(text)
        self.subjects: dict[int, tuple[int, int]] = {}
        """Sentence start -> the person that sentence is about, once a rule has found it."""

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
        front: list[_Token] = []
        for token in lead:
            if token.text.islower() and token.text not in _ARTICLES and front:
                break
            if token.text in {",", ";", ":", "(", "–"}:
                break
            front.append(token)
        if _REPORTED.search(self.text[sentence.start : sentence.end]):
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
        if first_word in _SUBORDINATORS:
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
            if lower in _AUXILIARIES and self._after_comma(tokens, token):
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

    def _starts_phrase(self, token: _Token) -> bool:
        return token.capitalised or self._pronoun(token) or token.text.lower() in _ARTICLES

    def _after_clause(self, tokens: list[_Token]) -> Speaker | None:
        """„…“, hatte VW-Chef Winterkorn in einem Interview erklärt: the first name of the
        clause after the quotation when a speech verb ends it."""
        clause: list[_Token] = []
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

    def _after_comma(self, tokens: list[_Token], token: _Token) -> bool:
        index = tokens.index(token)
        return index > 0 and tokens[index - 1].text == ","

    def _is_verb(self, token: _Token) -> bool:
        return self.lexicon.is_speech_word(token.text, nouns=True) and token.text.lower() not in {
            "laut",
            "zufolge",
            "according",
        }

    def _skip_adverbs(self, tokens: list[_Token]) -> list[_Token]:
        """Drop what stands between a verb and its subject: adverbs, "sich", and phrases
        with a preposition ("sagte dazu am Montag gegenüber der ARD der Minister")."""
        i = 0
        while i < len(tokens):
            token = tokens[i]
            lower = token.text.lower()
            if self._pronoun(token):
                break
            if lower in _PREPOSITIONS and token.text.islower():
                i += 1
                while i < len(tokens) and not self._phrase_end(tokens[i]):
                    i += 1
                i += 1
                continue
            if token.text.islower() and lower not in _ARTICLES:
                i += 1
                continue
            break
        rest = tokens[i:]
        if rest and rest[0].text.lower() in _OBLIQUE:
            return []  # "den Hergang", "einem Sprecher": not the subject
        return rest

    def _phrase_end(self, token: _Token) -> bool:
        """Whether `token` ends a prepositional phrase that is being skipped (its noun)."""
        return token.capitalised and token.text.lower() not in _ARTICLES

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
        self, clause: list[_Token], rule: str, *, allow_guess: bool = False, last: bool = False
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
        if len(front) == 1 and front[0].text.lower() in _ADVERBS | _PREPOSITIONS:
            return None
        loose = self._noun_phrase(front)
        return self._speaker(loose, rule) if loose else None

    def _verb_guess(self, clause: list[_Token]) -> int | None:
        """Where the finite verb of a clause probably is: its first lower-case word outside
        noun phrases (article or possessive up to the noun) and prepositional phrases."""
        i = 0
        while i < len(clause):
            token = clause[i]
            lower = token.text.lower()
            if lower in _PREPOSITIONS or lower in _ARTICLES or lower in _POSSESSIVES:
                i += 1
                while i < len(clause) and not clause[i].capitalised:
                    if not clause[i].text.isalpha():
                        break
                    i += 1
                i += 1
                continue
            verb_like = self.lexicon.language != "de" or _finite_like(lower)
            if (
                token.text.isalpha()
                and token.text.islower()
                and lower not in _ADVERBS
                and verb_like
            ):
                return i
            i += 1
        return None

    def _subject(self, front: list[_Token]) -> list[_Token] | None:
        """The words before the verb when they are its subject: a pronoun, a known person, a
        phrase opening with an article, or two or more capitalised words."""
        if not front:
            return None
        if self._pronoun(front[-1]):
            return [front[-1]]
        if front[0].text.lower() in _PREPOSITIONS:
            return None  # "Über Steve Fossett sagte Branson": a prepositional phrase first
        person = self._first_person(front)
        if person:
            return person
        while front and front[0].text.lower() in _FOCUS:
            front = front[1:]
        if len(front) > 1 and front[0].text.lower() in _SUBORDINATORS | {"indem", "wobei"}:
            front = front[1:]  # "…, indem sie … aufforderte": the subject after "indem"
            if self._pronoun(front[0]):
                return [front[0]]
        if not front or front[0].text.lower() in _PREPOSITIONS | _ADVERBS:
            return None
        if self._pronoun(front[0]):
            return [front[0]]
        if len(front) == 1:
            return front if self._known_name(front[0]) else None
        capitalised = [t for t in front if t.capitalised]
        if front[0].text.lower() in _ARTICLES or len(capitalised) >= 2:
            return self._noun_phrase(front) or None
        return None

    def _known_name(self, token: _Token) -> bool:
        """Whether the word appears capitalised elsewhere in the text, not at a sentence start."""
        word = token.text
        if not word[:1].isupper() or len(word) < 3:
            return False
        for match in re.finditer(rf"(?<=[a-zäöüß,] ){re.escape(word)}\b", self.text):
            if match.start() != token.start:
                return True
        return False

    def _name_run(self, tokens: list[_Token]) -> list[_Token] | None:
        run: list[_Token] = []
        for token in tokens:
            if not run and token.text.lower() in _ADVERBS | _PREPOSITIONS:
                continue
            if token.capitalised and token.text.lower() not in self.lexicon.function_words:
                run.append(token)
            elif run:
                break
        return run or None

    def _line_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

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

    def _speaker(self, phrase: list[_Token], rule: str) -> Speaker | None:
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

    def _name_in(self, phrase: list[_Token]) -> list[_Token]:
        """The name part of a phrase: a name in apposition, else the first run of capitalised
        words that is not a genitive ("der Chef der Tibet Initiative" -> "Chef"); leading
        roles are dropped ("Bundesminister Peer Steinbrück" -> "Peer Steinbrück")."""
        runs: list[list[_Token]] = []
        current: list[_Token] = []
        previous = ""
        for token in phrase:
            if token.capitalised and token.text.lower() not in self.lexicon.function_words:
                if not current and previous in _GENITIVE and runs:
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

    def _apposition_name(self, tokens: list[_Token], phrase: list[_Token]) -> list[_Token]:
        """ ", Wolfgang Grader," right after a role phrase: the comma and the name."""
        index = next((i for i, t in enumerate(tokens) if t is phrase[-1]), None)
        if index is None or self._pronoun(phrase[0]):
            return []
        rest = tokens[index + 1 :]
        if len(rest) < 3 or rest[0].text != ",":
            return []
        name: list[_Token] = []
        for token in rest[1:]:
            if token.capitalised and token.text.lower() not in self.lexicon.function_words:
                name.append(token)
            else:
                break
        ends = len(rest) == len(name) + 1 or rest[len(name) + 1].text in {",", ":", "(", "."}
        if len(name) >= 2 and ends:
            return [rest[0], *name]
        return []

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

    def _speech_index(self, tokens: list[_Token], *, last: bool = False) -> int | None:
        """The first speech verb of `tokens` (the last one with `last`)."""
        order = list(enumerate(tokens))
        if last:  # the verb nearest the quotation, not a cue word like "wörtlich" after it
            verbs = [
                i
                for i, t in order
                if self.lexicon.is_speech_word(t.text)
                and t.text.lower() not in _CUES | {"so", "laut", "zufolge", "according"}
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

    def _is_person(self, token: _Token) -> bool:
        """A pronoun, or a word inside a given PER entity."""
        if self._pronoun(token):
            return True
        return any(start <= token.start and token.end <= end for start, end in self.persons)

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
