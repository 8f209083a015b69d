"""Between character spans and one BIO tag per word, for training and for reading the CRF's
answer back. Words are `(start, end)` character offsets; whitespace is never a word."""

from __future__ import annotations

from collections.abc import Sequence

Offsets = tuple[int, int]


def spans_to_tags(
    words: Sequence[Offsets], entities: Sequence[tuple[int, int, str]], *, bilou: bool = False
) -> list[str] | None:
    """BIO tags for the words (with `bilou`, L- for the last word of an entity and U- for an
    entity of one word); None when an entity does not start and end at word edges (the example
    is then left out of training rather than taught a wrong boundary)."""
    tags = ["O"] * len(words)
    starts = {start: i for i, (start, _) in enumerate(words)}
    ends = {end: i for i, (_, end) in enumerate(words)}
    for start, end, label in entities:
        first, last = starts.get(start), ends.get(end)
        if first is None or last is None or last < first:
            return None
        if any(tag != "O" for tag in tags[first : last + 1]):
            continue  # overlapping spans: the first one wins
        tags[first : last + 1] = entity_tags(last + 1 - first, label, bilou=bilou)
    return tags


def entity_tags(length: int, label: str, *, bilou: bool) -> list[str]:
    tags = [f"B-{label}"] + [f"I-{label}"] * (length - 1)
    if bilou:
        tags[-1] = f"U-{label}" if length == 1 else f"L-{label}"
    return tags


def tags_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Word ranges `(first, after_last, label)` of BIO or BILOU tags; an I- or L- that does
    not continue an entity of its label starts one."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if label and (kind not in ("I", "L") or name != label):
            spans.append((start, i, label))
            label = ""
        if kind in ("B", "I", "L", "U") and not label:
            start, label = i, name
        if kind in ("L", "U") and label:
            spans.append((start, i + 1, label))
            label = ""
    return spans
