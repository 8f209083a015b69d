"""Direct quotations: find the quotation marks, join the parts, and drop scare quotes and names.

`find_quotations(text, language=...)` pairs opening and closing marks („…“, ‚…‘, »…«, «…»,
“…”, ‘…’, "…", '…'), follows a quotation across paragraphs (each new paragraph opens again
and only the last one closes), joins the two halves of a quotation that its speaker phrase
interrupts („…“, sagte er, „…“) into one quotation of two parts, and keeps only what reads as
quoted speech: a single word, a title or a name in quotation marks is not a quotation (see
`is_quotation`). Spans include the marks, as in the Wikinews quotation corpus. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.nlp.lexicon import Lexicon, lexicon_for
from annotator.nlp.text import Sentence, sentence_around, words_in

CLOSERS: dict[str, str] = {
    "„": "“”",
    "‚": "‘’",
    "»": "«",
    "«": "»",
    "“": "”“",
    "‘": "’",
    '"': '"',
    "'": "'",
}
"""Each opening mark and the marks that close it."""

_APOSTROPHE_LIKE = "'’‘"
_ANY_MARK = re.compile("[" + re.escape("".join(CLOSERS)) + "]")
_SENTENCE_END = re.compile(r"[.!?…]")
_FINITE_DE = re.compile(
    r"\b(ist|sind|war|waren|wird|werden|wurde|wurden|hat|haben|hatte|hatten|kann|können|"
    r"muss|müssen|soll|sollen|will|wollen|gibt|sei|seien|habe|wäre|hätte|würde|bin|bist|"
    r"darf|geht|macht|brauchen|braucht|glaube|sehe|sehen)\b",
    re.IGNORECASE,
)
_FINITE_EN = re.compile(
    r"\b(is|are|was|were|will|would|has|have|had|can|could|must|should|do|does|did|am|"
    r"'s|'re|'m|n't)\b",
    re.IGNORECASE,
)
_ABBREVIATION_AFTER = re.compile(
    r"\s*(\(\s*(?:[A-ZÄÖÜ][\w.-]*[A-ZÄÖÜ]|übersetzt|deutsch|englisch|kurz)|,\s*kurz\b)"
)
_PERSONAL = re.compile(r"^(ich|wir|du|ihr|es|man|i|we|you|it|they|this|that)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quotation:
    """A direct quotation: one or more parts, each `text[start:end]` with its marks."""

    parts: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def text_in(self, text: str) -> str:
        return " … ".join(text[start:end] for start, end in self.parts)


def find_quotations(text: str, *, language: str = "de") -> list[Quotation]:
    """The direct quotations of `text`, in reading order."""
    lexicon = lexicon_for(language)
    segments = _join_interrupted(text, find_marked(text))
    return [q for q in segments if is_quotation(text, q, lexicon=lexicon)]


def find_marked(text: str) -> list[Quotation]:
    """Every stretch between matching quotation marks, with multi-paragraph ones joined.

    A quotation that runs past the end of its paragraph continues when the next paragraph
    opens with the same mark; each paragraph is then one part.
    """
    found: list[Quotation] = []
    i = 0
    n = len(text)
    while i < n:
        next_mark = _ANY_MARK.search(text, i)
        if next_mark is None:
            break
        i = next_mark.start()
        mark = text[i]
        if not _can_open(text, i):
            i += 1
            continue
        parts: list[tuple[int, int]] = []
        start = i
        while True:
            close = _find_close(text, start, mark)
            if close is not None:
                parts.append((start, close + 1))
                break
            paragraph_end = _paragraph_end(text, start)
            following = _next_paragraph_start(text, paragraph_end)
            if following is None or text[following] != mark or paragraph_end - start < 2:
                parts = []
                break
            parts.append((start, _rstrip(text, start, paragraph_end)))
            start = following
        if parts:
            found.append(Quotation(tuple(parts)))
            i = parts[-1][1]
        else:
            i += 1
    return found


def _can_open(text: str, i: int) -> bool:
    mark = text[i]
    after = text[i + 1] if i + 1 < len(text) else ""
    if not after or after.isspace():
        return False
    if mark in "\"'":
        before = text[i - 1] if i else " "
        if mark == "'" and (after == "'" or before == "'"):
            return False  # wiki markup ''…''
        return before.isspace() or before in "([{–—-/:;,"
    if mark == "‘":
        before = text[i - 1] if i else " "
        return not before.isalnum()
    return True


def _find_close(text: str, start: int, mark: str) -> int | None:
    """The index of the mark closing the one at `start`, within its paragraph."""
    closers = CLOSERS[mark]
    j = start + 1
    end = _paragraph_end(text, start)
    while j < end:
        ch = text[j]
        if ch in closers and _can_close(text, j, start):
            return j
        if (
            ch in CLOSERS
            and ch not in closers
            and ch not in _APOSTROPHE_LIKE
            and _can_open(text, j)
        ):
            inner = _find_close(text, j, ch)
            if inner is not None and inner < end:
                j = inner + 1
                continue
        j += 1
    return None


def _can_close(text: str, j: int, start: int) -> bool:
    ch = text[j]
    if ch in _APOSTROPHE_LIKE:
        after = text[j + 1] if j + 1 < len(text) else " "
        return not after.isalnum()
    return True


def _paragraph_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _next_paragraph_start(text: str, paragraph_end: int) -> int | None:
    i = paragraph_end
    while i < len(text) and text[i].isspace():
        i += 1
    return i if i < len(text) else None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


_INTERRUPTION_MAX_WORDS = 8


def _join_interrupted(text: str, quotes: list[Quotation]) -> list[Quotation]:
    """Join „…“, sagte er, „…“ into one quotation of two parts."""
    joined: list[Quotation] = []
    for quote in quotes:
        if joined and _is_interruption(text, joined[-1], quote):
            joined[-1] = Quotation(joined[-1].parts + quote.parts)
        else:
            joined.append(quote)
    return joined


_INTERRUPTION = re.compile(r"^\s*,?\s*(?P<phrase>[^.!?\n\"„“”»«]+?)\s*[,:]\s*$")


def _is_interruption(text: str, first: Quotation, second: Quotation) -> bool:
    between = text[first.end : second.start]
    match = _INTERRUPTION.match(between)
    if match is None:
        return False
    words = match.group("phrase").split()
    if not words or len(words) > _INTERRUPTION_MAX_WORDS:
        return False
    inner = text[first.end - 2 : first.end - 1]
    if _SENTENCE_END.match(inner):
        return False
    if not between.lstrip().startswith(",") and inner != ",":
        return False
    return any(lexicon.is_speech_word(w.strip(",")) for w in words for lexicon in _BOTH)


def _both() -> tuple[Lexicon, Lexicon]:
    return (lexicon_for("de"), lexicon_for("en"))


_BOTH = _both()


# -- telling quotations from scare quotes, titles and names --------------------------------

LONG_ENOUGH = 5
"""Words from which a marked stretch counts as a quotation unless it looks like a title."""


def is_quotation(text: str, quote: Quotation, *, lexicon: Lexicon) -> bool:
    """Whether the marked stretch reads as quoted speech rather than a name, title or term."""
    return decide(text, quote, lexicon=lexicon)[0]


def decide(text: str, quote: Quotation, *, lexicon: Lexicon) -> tuple[bool, str]:
    """`is_quotation` with the name of the rule that decided, for tuning and for tooltips."""
    if len(quote.parts) > 1:
        return True, "parts"
    start, end = quote.parts[0]
    inner = text[start + 1 : end - 1].strip()
    words = words_in(inner)
    if not words:
        return False, "empty"
    sentence = sentence_around(text, start, end)
    if text[sentence.start : start].strip() == "" and text[end : sentence.end].strip(" .") == "":
        return True, "own line"  # a line or sentence of its own, e.g. a subheading
    before = _words_before(text, sentence, start)
    clause = _has_clause(inner, lexicon)
    if before and before[-1].lower().strip(",") in lexicon.name_cues:
        return len(words) >= 2 * LONG_ENOUGH and clause, "name cue"
    speech = _speech_cue_in(text, sentence, lexicon)
    if _introduced_by_colon(text, sentence, start) and (
        clause or (len(words) >= 2 and not _looks_like_name(words, lexicon))
    ):
        return True, "colon"
    if _looks_like_name(words, lexicon):
        if len(words) >= LONG_ENOUGH and clause:
            return True, "long name-like clause"
        named = speech and _after_predicative(before) and not any(map(_odd_shape, words))
        return named, "name-like"
    if len(words) < 2 * LONG_ENOUGH and not clause and _source_or_gloss_before(text, start):
        return False, "source or gloss"  # laut „tagesschau.de“ / Cast Lead („gegossenes Blei“)
    if len(words) < LONG_ENOUGH and not clause and _NAMING_AFTER.match(text, end):
        return False, "naming"  # als „Sonnenwind“ bezeichnet wird / als „X“ bekannt
    if _ABBREVIATION_AFTER.match(text, end) and not clause:
        return False, "abbreviation after"  # „Nuclear Security Summit“ (NSS)
    genitive = before and before[-1] in {"des", "der", "dem", "of"} and words[0][:1].isupper()
    if genitive and not clause and not _lowercase_content(words, lexicon):
        return False, "after genitive article"
    if len(words) >= LONG_ENOUGH:
        return True, "long"
    if _SPEECH_AFTER.match(text, end) and _speech_word_after(text, end, lexicon):
        return True, "speech verb after"  # „…“, sagte sie / "…," he said
    if clause or _SENTENCE_END.search(inner[-1:]):
        return True, "clause"
    if words[0][:1].islower():
        if speech:
            return True, "lower speech"
        if len(words) >= 2:
            return True, "lower several"
        return _reported(sentence.text_in(text)), "lower reported"
    # Capitalised short phrases are mostly names and terms ("Die Andere Medizin"); they count
    # only right after "als", "einen", "von": what someone called something.
    return speech and _after_predicative(before), "upper speech predicative"


_SPEECH_AFTER = re.compile(r"\s*,")


def _speech_word_after(text: str, end: int, lexicon: Lexicon) -> bool:
    following = words_in(text[end : end + 40])[:3]
    if any(w.lower() in {"heißt", "hieß", "lautet", "lautete", "nennt"} for w in following):
        return False  # „Wikiasari“, so heißt ein Projekt: a name
    return any(lexicon.is_speech_word(w) for w in following)


def _words_before(text: str, sentence: Sentence, start: int) -> list[str]:
    return words_in(text[sentence.start : start])


def _has_clause(inner: str, lexicon: Lexicon) -> bool:
    """A finite verb, a personal pronoun first, or a comma: a clause, not a name."""
    finite = _FINITE_DE if lexicon.language == "de" else _FINITE_EN
    first = inner.split()[0] if inner.split() else ""
    return bool(finite.search(inner)) or bool(_PERSONAL.match(first.strip(",.")))


def _looks_like_name(words: list[str], lexicon: Lexicon) -> bool:
    """Every content word capitalised, or shapes of product names (digits, iPod, ALL CAPS)."""
    content = [
        w for w in words if w.lower() not in lexicon.function_words and w.lower() not in _FOREIGN
    ]
    if not content:
        return False
    if any(_odd_shape(w) for w in content) and (
        len(words) <= 2 or not _lowercase_content(words, lexicon)
    ):
        return True
    return len(content) >= 2 and all(w[:1].isupper() for w in content)


_NAMING_AFTER = re.compile(
    r"\s*(bekannt|bekannte\w*|genannt\w*|bezeichnet (wird|werden|wurde)|heißt|hieß|known|called)\b"
)


def _source_or_gloss_before(text: str, start: int) -> bool:
    """Right after "laut", "wie", or inside brackets opened just before (a translation)."""
    window = text[max(0, start - 30) : start]
    for opener, closer in (("(", ")"), ("[", "]")):
        if window.rfind(opener) > window.rfind(closer):
            return True
    before = text[max(0, start - 12) : start].rstrip()
    last = words_in(before)[-1:] if before else []
    return bool(last) and last[0].lower() in {"laut", "wie", "per", "via", "by"}


def _lowercase_content(words: list[str], lexicon: Lexicon) -> bool:
    return any(
        w[:1].islower() and w.lower() not in lexicon.function_words and w.lower() not in _FOREIGN
        for w in words
    )


_FOREIGN = frozenset(
    words_in("de du des la le les el los las del di da dos y et e of the and for in on at to")
)
"""Function words of other languages inside names: „Championnat du Monde de Pétanque“."""


def _odd_shape(word: str) -> bool:
    core = word.strip(".,;:!?()")
    if not core:
        return False
    if any(ch.isdigit() for ch in core):
        return True
    if len(core) > 1 and core.isupper():
        return True
    if re.search(r"\w\.(de|com|org|net|at|ch|uk|info)$", core):
        return True
    return bool(re.search(r"[a-zäöü][A-ZÄÖÜ]", core)) and "-" not in core


def _introduced_by_colon(text: str, sentence: Sentence, start: int) -> bool:
    return text[sentence.start : start].rstrip().endswith(":")


def _speech_cue_in(text: str, sentence: Sentence, lexicon: Lexicon) -> bool:
    words = words_in(text[sentence.start : sentence.end])
    if any(lexicon.is_speech_word(w) for w in words):
        return True
    lowered = text[sentence.start : sentence.end].lower()
    return any(cue in lowered for cue in lexicon.source_cues if cue != "wie") or any(
        f" {p}" in lowered for p in lexicon.postpositions
    )


_REPORTED = re.compile(
    r"\b(sei|seien|habe|hätten|hätte|wäre|wären|werde|könne|müsse|solle|wolle|dürfe)\b"
)


def _reported(sentence_text: str) -> bool:
    return bool(_REPORTED.search(sentence_text))


def _after_predicative(before: list[str]) -> bool:
    """„…“ right after "als", "einen", "von einem": a term someone used for something."""
    if not before:
        return False
    last = before[-1].lower()
    return last in {"als", "einen", "eine", "einer", "einem", "von", "zu", "vor", "as", "a", "an"}
