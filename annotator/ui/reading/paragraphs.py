"""Very long paragraphs split for display, without moving any offset.

Qt lays out and re-highlights a whole paragraph at a time, and an edit's cost grows with the
paragraph's length (DESIGN.md: a 1 MB text without line breaks took 230-420 ms an edit; here
re-highlighting and repainting one block took 50 ms at 25,000 characters, 12 ms at 8,000 and
6-8 ms at 3,000 or 1,000, where other costs dominate). The view therefore shows a space every
`SPLIT_AT` characters or so as a line break instead: one character for one character, so every
Qt position still means the same place in the document.
"""

from __future__ import annotations

SPLIT_AT = 4_000
LOOK_BACK = 1_000
"""How far back from the mark to look for a sentence end (else any space) to break at."""


def display_text(text: str) -> str:
    if len(text) <= SPLIT_AT:
        return text
    cuts: list[int] = []
    line_start = 0
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
            cuts.append(cut)
            line_start = cut + 1
            position = line_start + SPLIT_AT
        if newline == -1:
            break
        line_start = newline + 1
    if not cuts:
        return text
    pieces = [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
    return "\n".join(pieces)


def first_part_end(shown: str, upto: int) -> int | None:
    """Where a long text's first part ends: the first paragraph break at or after `upto`
    (before the "\\r" of a "\\r\\n"), or None when the text is short or has no break there.

    The view shows that part first, then adds the rest, which starts with the break.
    """
    if len(shown) <= upto:
        return None
    cut = shown.find("\n", upto)
    if cut == -1:
        return None
    return cut - 1 if shown[cut - 1] == "\r" else cut
