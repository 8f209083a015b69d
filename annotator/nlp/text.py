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


def _ends_sentence(text: str, i: int) -> bool:
    after = text[i + 1 : i + 3]
    if not after or not (after[0].isspace() or after[0] in _CLOSERS):
        return False
    if text[i] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[max(0, i - 12) : i])
    if word is None:
        return True
    token = word.group(1).lower()
    if token in _ABBREVIATIONS or token.isdigit() or len(token) == 1:
        return False
    rest = text[i + 1 :].lstrip()
    return not rest[:1].islower()


def _add(text: str, start: int, end: int, found: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Sentence(start, end))


def sentence_around(text: str, start: int, end: int) -> Sentence:
    """The stretch from the sentence start before `start` to the sentence end after `end`."""
    left = start
    while left > 0:
        ch = text[left - 1]
        if ch == "\n":
            break
        if ch in ".!?" and left >= 2 and text[left - 2] != " " and _ends_sentence(text, left - 1):
            break
        left -= 1
    right = end
    n = len(text)
    while right < n:
        ch = text[right]
        if ch == "\n":
            break
        if ch in ".!?" and _ends_sentence(text, right):
            right += 1
            break
        right += 1
    return Sentence(*_trim(text, left, right))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
