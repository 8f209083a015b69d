"""BIO tags: one label a word, for CoNLL and Hugging Face token classification.

Writing: each document's spans are aligned to tokens (`tokens.Alignment`); as a word can carry
one tag only, overlapping and nested spans cannot all be written. Entities are kept before
quotations, and among spans that overlap the one starting first (the longer at the same start);
every span left out is reported. Reading: B- starts a span, I- continues one of the same label
(an I- without its B-, as in IOB1 files, starts one), O is outside; BIOES/BILOU tags (E-, S-,
L-, U-) are read too.

Reading also rebuilds a text from words: joined by a space, or by nothing where a file says
there was no space after a word, sentences by a line break; the offsets of every word are kept,
so spans are exact in the rebuilt text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from annotator.core.errors import ValidationError
from annotator.core.labels import LabelKind, LabelScheme
from annotator.formats.losses import OVERLAPS
from annotator.formats.protocol import Loss, Misaligned, WriteReport
from annotator.formats.tokens import Alignment, TokenDoc, Tokens

OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class Tagged:
    """One document as words and their BIO tags."""

    words: list[str]
    tags: list[str]
    sentence_ends: list[int]
    """Word indices after which the text had a line break (where CoNLL puts a blank line)."""


def tag_document(
    doc: TokenDoc, tokens: Tokens, policy: Misaligned, scheme: LabelScheme, report: WriteReport
) -> Tagged:
    """Words (tokens that are not whitespace) and their tags; losses go to `report`."""
    text = doc.text
    word_index: list[int] = []  # token index -> word index (-1: whitespace)
    words: list[str] = []
    sentence_ends: list[int] = []
    for i, space in enumerate(tokens.is_space):
        if space:
            word_index.append(-1)
            if words and "\n" in text[tokens.starts[i] : tokens.ends[i]]:
                sentence_ends.append(len(words) - 1)
            continue
        word_index.append(len(words))
        words.append(text[tokens.starts[i] : tokens.ends[i]])
    alignment = Alignment(doc, tokens, policy, report)
    aligned = []
    for span_id, first, last, label, start, end in alignment.align_all(scheme):
        inside = [word_index[k] for k in range(first, last) if word_index[k] >= 0]
        if not inside:
            report.lose(OVERLAPS, 1, Loss(doc.doc_id, span_id, label, text[start:end]))
            continue
        aligned.append((inside[0], inside[-1] + 1, label, span_id, start, end))
    tags = [OUTSIDE] * len(words)
    for first, last, label, span_id, start, end in _flat(aligned, scheme):
        if any(tags[k] != OUTSIDE for k in range(first, last)):
            report.lose(OVERLAPS, 1, Loss(doc.doc_id, span_id, label, text[start:end]))
            continue
        tags[first] = f"B-{label}"
        for k in range(first + 1, last):
            tags[k] = f"I-{label}"
        report.wrote(label)
    return Tagged(words, tags, sorted(set(sentence_ends)))


def _flat(aligned: list[tuple], scheme: LabelScheme) -> list[tuple]:
    def order(item: tuple) -> tuple:
        label = scheme.get(item[2])
        quotation = label is not None and label.kind is LabelKind.QUOTATION
        return (quotation, item[0], -item[1], item[2])

    return sorted(aligned, key=order)


def tag_names(scheme: LabelScheme) -> list[str]:
    """The tag list of a scheme: O, then B- and I- of each label in scheme order."""
    names = [OUTSIDE]
    for label in scheme.names:
        names += [f"B-{label}", f"I-{label}"]
    return names


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first word, last word + 1, label) of each span; ValidationError for a tag that is not
    O or PREFIX-LABEL."""
    spans: list[tuple[int, int, str]] = []
    open_start, open_label, previous = -1, "", -2
    # Only the tags that are not O are looked at (most are O): an O between two closes a span.
    for index in [i for i, tag in enumerate(tags) if tag != OUTSIDE and tag != ""]:
        tag = tags[index]
        if open_label and previous != index - 1:
            spans.append((open_start, previous + 1, open_label))
            open_label = ""
        previous = index
        prefix, dash, label = tag.partition("-")
        if not dash or not label or prefix not in ("B", "I", "E", "S", "L", "U"):
            raise ValidationError(f"word {index + 1}: tag {tag!r} is not O or B-/I- and a label")
        continues = prefix in ("I", "E", "L") and open_label == label
        if open_label and not continues:
            spans.append((open_start, index, open_label))
            open_label = ""
        if not continues:
            open_start, open_label = index, label
        if prefix in ("E", "L", "S", "U"):
            spans.append((open_start, index + 1, label))
            open_label = ""
    if open_label:
        spans.append((open_start, previous + 1, open_label))
    return spans


def rebuild_text(
    sentences: Iterable[Sequence[str]], no_space_after: Iterable[Sequence[bool]] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """The text of words (sentences on lines of their own) and each word's offsets."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    glue = iter(no_space_after) if no_space_after is not None else None
    for number, words in enumerate(sentences):
        if number:
            parts.append("\n")
            position += 1
        joins = next(glue) if glue is not None else None
        if joins is None:  # the common case: words joined by single spaces
            starts = list(accumulate([len(word) + 1 for word in words], initial=position))
            offsets += [(start, next_start - 1) for start, next_start in pairwise(starts)]
            position = starts[-1] - (1 if words else 0)
            parts.append(" ".join(words))
            continue
        for index, word in enumerate(words):
            if index and not joins[index - 1]:
                parts.append(" ")
                position += 1
            parts.append(word)
            offsets.append((position, position + len(word)))
            position += len(word)
    return "".join(parts), offsets
