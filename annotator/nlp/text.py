"""Sentences and words of plain text, by character offsets: just enough for the quotation rules.

A sentence ends at ". ", "! ", "? " (outside quotation marks) or at a line break; headlines and
subheadings without a full stop are sentences of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[\w][\w'’.\-]*[\w]|[\w]", re.UNICODE)
_ABBREVIATIONS = frozenset(
    [
        "dr",
        "prof",
        "bzw",
        "ca",
        "vgl",
        "z.b",
        "u.a",
        "usw",
        "nr",
        "st",
        "mr",
        "mrs",
        "ms",
        "jr",
        "sr",
        "inc",
        "co",
        "ltd",
        "etc",
        "vs",
        "dipl",
        "ing",
        "hl",
        "jan",
        "feb",
        "mär",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dez",
    ]
)
_OPENERS = '„»«“‚‘"'
_CLOSERS = '“”«»‘’"'


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


def words_in(text: str) -> list[str]:
    """The words of `text`, without punctuation around them (hyphens and apostrophes kept)."""
    return [w.rstrip(".") or w for w in _WORD.findall(text)]


_BOUNDARY = re.compile("[\n.!?„»«‚“”‘’]")


def sentences(text: str) -> list[Sentence]:
    """Every sentence of `text`, in order, with whitespace trimmed from both ends."""
    found: list[Sentence] = []
    start = 0
    depth = 0
    n = len(text)
    i = 0
    while i < n:
        match = _BOUNDARY.search(text, i)
        if match is None:
            break
        i = match.start()
        ch = text[i]
        if ch == "\n":
            _add(text, start, i, found)
            start = i + 1
            depth = 0
        elif (ch in "„»«‚“" and depth == 0) or ch in "„»‚":
            depth += 1
        elif ch in "“”«‘’" and depth > 0:
            depth -= 1
        elif ch in ".!?" and depth == 0 and _ends_sentence(text, i):
            end = i + 1
            while end < n and text[end] in _CLOSERS + ")":
                end += 1
            _add(text, start, end, found)
            start = end
            i = end
            continue
        i += 1
    _add(text, start, n, found)
    return found


_LAST_WORD = re.compile(r"([\w.]+)$")
_NOT_SPACE = re.compile(r"\S")


def _ends_sentence(text: str, i: int) -> bool:
    after = text[i + 1 : i + 3]
    if not after or not (after[0].isspace() or after[0] in _CLOSERS):
        return False
    if text[i] != ".":
        return True
    word = _LAST_WORD.search(text, max(0, i - 12), i)
    if word is None:
        return True
    token = word.group(1).lower()
    if token in _ABBREVIATIONS or token.isdigit() or len(token) == 1:
        return False
    following = _NOT_SPACE.search(text, i + 1)  # \S is what str.lstrip() keeps
    return following is None or not following.group().islower()


def _add(text: str, start: int, end: int, found: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Sentence(start, end))


_STOP = re.compile("[\n.!?]")
_LOOK_BACK = 256
"""Characters searched back for a sentence start at a time (a window, not the whole text)."""


def sentence_around(text: str, start: int, end: int) -> Sentence:
    """The stretch from the sentence start before `start` to the sentence end after `end`."""
    return Sentence(*_trim(text, _sentence_start(text, start), _sentence_end(text, end)))


def _sentence_start(text: str, left: int) -> int:
    # Back from `left` to a line break, or to a full stop (not after a space) ending a sentence.
    while left > 0:
        low = max(0, left - _LOOK_BACK)
        for stop in reversed([m.start() for m in _STOP.finditer(text, low, left)]):
            if text[stop] == "\n":
                return stop + 1
            if stop >= 1 and text[stop - 1] != " " and _ends_sentence(text, stop):
                return stop + 1
        left = low
    return 0


def _sentence_end(text: str, right: int) -> int:
    # On from `right` to a line break (left out) or a mark ending a sentence (kept).
    while (stop := _STOP.search(text, right)) is not None:
        at = stop.start()
        if text[at] == "\n":
            return at
        right = at + 1
        if _ends_sentence(text, at):
            return right
    return len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
