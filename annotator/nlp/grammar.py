"""Small German and English grammar words the speaker rules look for.

Articles, prepositions, adverbs that open a clause, subordinating conjunctions, auxiliaries,
role nouns before names, and a test for German finite verbs. Plain data, no rules.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_DE = _words(
    "am im in auf bei zu zur zum gegenüber vor nach über mit für an aus dazu heute gestern "
    "dass da als weil wenn während bereits weiter weiterhin zudem jedoch aber auch noch "
    "nun damals später erneut ebenfalls außerdem zufolge laut sowie und"
)
STOP_EN = _words(
    "at in on to for with about after before during of from that when while as and but "
    "also yesterday today later earlier again"
)
ARTICLES = _words("der die das ein eine einer einem einen the a an")
REPORTED = re.compile(
    r"\b(sei|seien|habe|hätten|hätte|wäre|wären|werde|würden|würde|könne|müsse|solle|wolle|"
    r"dürfe)\b"
)
POSSESSIVES = _words(
    "sein seine seiner seinem seinen ihr ihre ihrer ihrem ihren unser unsere dessen deren "
    "his her their its"
)
CUES = _words("wörtlich worten zitat")
AUXILIARIES = _words("hatte hat habe hätte hatten haben wurde wird war ist had has was")
SUBORDINATORS = _words(
    "nachdem weil als während obwohl wenn dass da bevor damit ob sodass "
    "after because when while although if that before since"
)
GENITIVE = _words("der des von vom im aus für of")
OBLIQUE = _words("den dem des einem einen eines")
PREPOSITIONS = _words(
    "in im am an auf bei beim mit nach vor über unter zu zum zur von vom aus für gegen seit "
    "angesichts trotz wegen während laut gegenüber durch ohne um "
    "at on with after before for from since during by"
)
FOCUS = _words("auch selbst sogar nur ebenfalls even also only")
ADVERBS = _words(
    "hier dort dabei dazu damit so weiter wörtlich auch zudem außerdem dennoch deshalb daher "
    "darum trotzdem allerdings jedoch zwar nun bisher bislang derzeit zuvor danach dann "
    "später gestern heute morgen seitdem somit insbesondere ebenso gleichzeitig inzwischen "
    "mittlerweile erst bereits schon es das dies diese dieser man wer was wie wo wenn als ob "
    "dass denn doch nur noch sogar bald eben ferner abschließend zunächst anschließend "
    "darin darauf demnach dort dazu hierzu dabei "
    "here there also however then later meanwhile"
)
ROLE_SUFFIXES = (
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


FINITE = _words(
    "ist sind war waren hat haben hatte hatten wird werden wurde wurden kann können konnte "
    "muss müssen musste soll sollen sollte will wollen wollte darf mag bat gab sprach stand "
    "kam fand ließ hielt zog griff sah schrieb wies rief bot trat fiel lag ging blieb"
)


def finite_like(word: str) -> bool:
    """Whether a German word may be a finite verb: "-t", "-te(n)" endings or a common
    irregular form; not an adjective like "palästinensische"."""
    return word in FINITE or word.endswith(("t", "te", "ten", "tet"))
