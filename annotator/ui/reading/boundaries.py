"""Where a new span's edges go: whole words (snapping), no surrounding space, word steps."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
WORD_WINDOW = 400
"""Characters looked at on each side when moving an edge by a word."""


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words, after dropping space at its edges."""
    start, end = trim(text, start, end)
    while start > 0 and start < end and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > start and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def word_edge(text: str, position: int, direction: int, *, starts: bool) -> int:
    """The next word start (or end) from `position` in `direction`; the text's edge if none."""
    low, high = max(0, position - WORD_WINDOW), min(len(text), position + WORD_WINDOW)
    edges = [low + (m.start() if starts else m.end()) for m in _WORD.finditer(text[low:high])]
    # A word cut by the window's edge has no true edge there.
    edges = [e for e in edges if e in (0, len(text)) or low < e < high]
    if direction > 0:
        return next((e for e in edges if e > position), high)
    return next((e for e in reversed(edges) if e < position), low)
