"""The words the quotation and speaker rules look for, per language ("de", "en").

Plain data: speech verbs, cue phrases, pronouns, and the nouns that announce a name or a title
in quotation marks ("die Zeitung „Die Welt“", "the film “Cold Mountain”").
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_DE_SPEECH_STEMS = _words(
    "sag erklär schrieb schreib beton sprach sprech spricht kritisier warn fordert forder teilt "
    "teilte äußert äusser antwort bestätig bekräftig ergänz erläuter behaupt versicher "
    "kommentier bezeichn nannt nennt nenn rief ruft frag zitier erzähl berichte verkünd "
    "unterstrich unterstreich räumt räumte fügt fügte urteilt beklagt klagt lobt lobte mahnt "
    "verteidig wies weist schilder beschrieb beschreib kündigt erinnert appellier glaubt vermut "
    "befürcht hofft gestand gesteh charakteris resümier folger twitter postet kontert entgegn "
    "widersprach bilanzier attestier beurteil bewert empfahl empfiehl riet droht drohte "
    "beschwor bekunde ausführ meld vermeld einräum versprach versprech zugesichert verlaut "
    "bezweifel prophezei prognostizier urteil folgert begründ würdig begrüß verurteil"
)
"""Prefixes of German speech verbs (sagte, erklärt, betonte); participles with ge- match too."""
_DE_SPEECH_WORDS = _words(
    "fest gemeint heißt hieß laut lautet lautete meinen meint meinte meinten sah sahen sieht so "
    "stellt stellte worten wörtlich zitat zitiert zog zufolge sicherte sichert meinung ansicht "
    "auffassung"
)
"""German speech words that must match whole: their stems would catch other words."""
_DE_PREFIXES = _words("ge auf aus an ab zu ein mit vor nach zurück hinzu dar bekannt")
"""Separable prefixes of German verbs, and ge- of participles."""
_DE_PRONOUNS = {"er": "m", "sie": "f", "ihm": "m", "ihr": "f"}

_EN_SPEECH_STEMS = _words(
    "said says told tells called calls explain wrote writes stress added adds claim warn "
    "stated state "
    "announce argue insist note comment asked repl respond declar describ continu tweet posted "
    "admit conclud recall urg praised criticis criticiz confirm emphasi remark suggest predict "
    "acknowledg vow promis"
)
_EN_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}

_DE_NAME_CUES = _words(
    "aktion album albums ausgabe ausstellung auszeichnung award band beinamen bezeichnung "
    "bezirk bild blatt buch buches codename fernsehsender fest festival film filmen films firma "
    "flugzeug frachter genannt genannte genannten gruppe hospital hotel hubschrauber kampagne "
    "kategorie kennwort klinik krankenhaus krimiserie lied lieds magazin marke marken mission "
    "modul motto musical name namen oper operation organisation partei plattform portal preis "
    "preises programm programms projekt projekts radiosender raumfähre raumschiff restaurant "
    "roman rubrik schiff schule sender sendung serie so-genannte so-genannten sogenannte "
    "sogenannten sonde song songs sortennamen spitzname spitznamen station stern stiftung "
    "studie stück tageszeitung theaterstück titel typ typen typs unternehmen verein vereins "
    "walfangstation webseite website wochenzeitschrift wochenzeitung zeitschrift zeitung"
)
_EN_NAME_CUES = _words(
    "aircraft album band book brand called category dubbed film label magazine mission motto "
    "movie named newspaper nicknamed novel operation paper party play program programme series "
    "ship show slogan song station title titled website"
)


_SPEECH_CACHE: dict[tuple[str, str, bool], bool] = {}
"""Answers of `Lexicon.is_speech_word`, which the rules ask again and again for the same words."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    language: str
    speech_stems: tuple[str, ...]
    pronouns: dict[str, str]
    name_cues: frozenset[str]
    after_cues: tuple[str, ...]
    """Words that, after a quotation, introduce its speaker: "so Müller", "laut Müller"."""
    source_cues: tuple[str, ...]
    """Prepositions before a speaker anywhere in the sentence: "laut Müller", "according to"."""
    postpositions: tuple[str, ...]
    """Words after a speaker: "Müller zufolge"."""
    function_words: frozenset[str]

    speech_words: frozenset[str] = frozenset()
    """Speech words that must match whole (their stems would catch other words)."""

    def is_speech_word(self, word: str, *, nouns: bool = False) -> bool:
        """Whether `word` is a speech verb (sagte, erklärt, gesagt; said). With `nouns`, German
        nouns of the same stem count too (Erklärung, Worten): cues for a speaker, not verbs."""
        key = (self.language, word, nouns)
        known = _SPEECH_CACHE.get(key)
        if known is None:
            known = _SPEECH_CACHE[key] = self._is_speech_word(word, nouns=nouns)
        return known

    def _is_speech_word(self, word: str, *, nouns: bool) -> bool:
        noun = self.language == "de" and word[:1].isupper()
        if noun and not nouns and word.lower() not in self.speech_words:
            return False  # a noun: "Frage", "Stellungnahme", not "fragte"
        word = word.lower()
        if word in self.speech_words or word.startswith(self.speech_stems):
            return True
        if self.language != "de":
            return False
        # participles (gesagt, geäußert) and separable prefixes (aufforderte, mitgeteilt)
        for prefix in _DE_PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix) + 3:
                rest = word[len(prefix) :]
                if rest.startswith(self.speech_stems):
                    return True
                if rest.startswith("ge") and rest[2:].startswith(self.speech_stems):
                    return True
        return False


GERMAN = Lexicon(
    language="de",
    speech_stems=_DE_SPEECH_STEMS,
    speech_words=frozenset(_DE_SPEECH_WORDS),
    pronouns=_DE_PRONOUNS,
    name_cues=frozenset(_DE_NAME_CUES),
    after_cues=("so",),
    source_cues=(
        *("laut", "nach angaben", "nach den angaben", "nach ansicht", "nach auffassung"),
        *("nach worten", "nach den worten", "nach meinung", "nach aussage", "nach aussagen"),
        *("nach einschätzung", "nach darstellung", "aus sicht", "wie"),
    ),
    postpositions=("zufolge",),
    function_words=frozenset(
        _words(
            "der die das den dem des ein eine einen einem einer eines und oder von zu im in am "
            "an auf für mit bei aus nach vor über unter zum zur als wie nicht"
        )
    ),
)

ENGLISH = Lexicon(
    language="en",
    speech_stems=_EN_SPEECH_STEMS,
    speech_words=frozenset(["according"]),
    pronouns=_EN_PRONOUNS,
    name_cues=frozenset(_EN_NAME_CUES),
    after_cues=(),
    source_cues=("according to", "as told by", "in the words of"),
    postpositions=(),
    function_words=frozenset(
        _words("the a an and or of to in on at for with by from as not is are was")
    ),
)

_LEXICONS = {"de": GERMAN, "en": ENGLISH}


def lexicon_for(language: str) -> Lexicon:
    """The lexicon of `language` ("de", "en", "de-AT", ...); German where it is unknown."""
    return _LEXICONS.get(language.split("-")[0].split("_")[0].lower(), GERMAN)
