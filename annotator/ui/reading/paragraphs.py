"""Very long paragraphs split for display, without moving any offset.

Qt lays out and re-highlights a whole paragraph at a time, and an edit's cost grows with the
paragraph's length (DESIGN.md: a 1 MB text without line breaks took 230-420 ms an edit). The
view therefore shows a space every `SPLIT_AT` characters or so as a line break instead: one
character for one character, so every Qt position still means the same place in the document.
"""

from __future__ import annotations

SPLIT_AT = 8_000
LOOK_BACK = 2_000
"""How far back from the mark to look for a sentence end (else any space) to break at."""


def display_text(text: str) -> str:
    if len(text) <= SPLIT_AT:
        return text
    chars: list[str] | None = None
    line_start = 0
    position = 0
    while True:
        newline = text.find("\n", line_start)
        line_end = len(text) if newline == -1 else newline
        position = line_start + SPLIT_AT
        while position < line_end:
            low = max(line_start + 1, position - LOOK_BACK)
            cut = text.rfind(". ", low, position)
            cut = cut + 1 if cut != -1 else text.rfind(" ", low, position)
            if cut == -1:
                break  # no space to break at: leave the paragraph whole
            if chars is None:
                chars = list(text)
            chars[cut] = "\n"
            position = cut + 1 + SPLIT_AT
        if newline == -1:
            break
        line_start = newline + 1
    return text if chars is None else "".join(chars)
