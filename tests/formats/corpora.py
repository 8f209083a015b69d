"""Random documents for the format round trips: texts with emoji and other astral characters,
combining marks, right-to-left script and CRLF; spans on spaCy's token boundaries (nested
where the scheme allows, or flat for BIO), speaker links from quotations to PER spans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from annotator.core.model import SPEAKER, AnnotatedDocument, Document, Relation, Span
from annotator.core.validation import overlap_problems
from annotator.formats.protocol import ExportContext, ReadOptions
from annotator.formats.registry import FORMATS
from annotator.formats.tokens import tokenize
from annotator.resources import load_scheme

SCHEME = load_scheme("german-news")
LABELS = ["PER", "LOC", "ORG", "MISC", "QUOTE"]
WORDS = [
    "Angela", "Merkel", "sagte", "„Wir", "schaffen", "das.“", "Universität", "Hamburg",
    "US-Präsident", "z.B.", "😀", "👩\u200d👩\u200d👧", "🇩🇪", "𝄞x", "e\u0301tude", "n\u0303\u0301",
    "שלום", "مرحبا", "Köln", "(Berlin)", "5.000", "\u200bnull",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", " ", "\r\n", "\n", "\n\n", "  ", "\t", " \u2028 "]
tokenize("spaCy loads here, not inside a strategy (where its use of random would show)", "de")


@st.composite
def documents(draw: Any, *, flat: bool = False, doc_id: str | None = None) -> AnnotatedDocument:
    """One document; `flat`: no two spans overlap (what BIO can carry)."""
    count = draw(st.integers(1, 14))
    parts = []
    for index in range(count):
        if index:
            parts.append(draw(st.sampled_from(SEPARATORS)))
        parts.append(draw(st.sampled_from(WORDS)))
    text = "".join(parts)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["", "\n", "\r\n"])) + text + draw(st.sampled_from(["", "\n"]))
    tokens = tokenize(text, "de")
    words = tokens.words(text)
    identifier = doc_id or draw(
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=6)
    )
    spans: list[Span] = []
    # A quotation and its speaker (the last word), where there are words enough.
    chosen = [(0, len(words) - 2, "QUOTE"), (len(words) - 1, len(words) - 1, "PER")]
    if len(words) < 2 or not draw(st.booleans()):
        chosen = []
    for _ in range(draw(st.integers(0, 6))):
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, min(len(words) - 1, first + 3)))
        chosen.append((first, last, draw(st.sampled_from(LABELS))))
    for number, (first, last, label) in enumerate(chosen):
        start, end = tokens.starts[words[first]], tokens.ends[words[last]]
        span = Span(identifier, start, end, label, "anna", id=f"{identifier}/s{number}",
                    created="2026-01-01T00:00:00.000Z")  # fmt: skip
        if any(s.start == start and s.end == end and s.label == label for s in spans):
            continue
        if flat and any(s.overlaps(span) for s in spans):
            continue
        if overlap_problems([*spans, span], SCHEME):
            continue
        spans.append(span)
    relations = []
    quotes = [s for s in spans if s.label == "QUOTE"]
    people = [s for s in spans if s.label == "PER"]
    if quotes and people:
        relations.append(
            Relation(
                identifier,
                quotes[0].id,
                people[0].id,
                "anna",
                SPEAKER,
                id=f"{identifier}/r",
                created="2026-01-01T00:00:00.000Z",
            )
        )
    meta = draw(st.dictionaries(st.sampled_from(["title", "source", "n"]),
                                st.text(max_size=5) | st.integers(-5, 5), max_size=2))  # fmt: skip
    return AnnotatedDocument(Document(identifier, text, meta), tuple(spans), tuple(relations))


def corpora(*, flat: bool = False) -> st.SearchStrategy[list[AnnotatedDocument]]:
    """A few documents with distinct ids."""
    return st.lists(st.integers(0, 3), min_size=1, max_size=3).flatmap(
        lambda sizes: st.tuples(
            *(documents(flat=flat, doc_id=f"doc-{n}") for n in range(len(sizes)))
        ).map(list)
    )


def write_and_read(
    fmt: str, records: list[AnnotatedDocument], folder: Path, *, policy: str = "error"
) -> list[AnnotatedDocument]:
    """Write with the format's module, then read back as an import would."""
    info = FORMATS[fmt]
    module = info.load()
    target = folder / f"out{info.extension}"
    for leftover in folder.iterdir():
        leftover.unlink()
    context = ExportContext(
        scheme=SCHEME, misaligned=policy, beside=lambda name: folder / name, workers=0
    )
    module.write(records, target, context)
    options = ReadOptions(scheme=SCHEME, annotator="reader")
    return [item.record for item in module.read(target, options, name=target.name)]


def spans_of(record: AnnotatedDocument) -> list[tuple[int, int, str]]:
    return sorted((s.start, s.end, s.label) for s in record.spans)


def speakers_of(record: AnnotatedDocument) -> list[tuple[int, int, int, int]]:
    by_id = {s.id: s for s in record.spans}
    return sorted(
        (by_id[r.head].start, by_id[r.head].end, by_id[r.tail].start, by_id[r.tail].end)
        for r in record.relations
    )


def meta_of(record: AnnotatedDocument) -> str:
    return json.dumps(dict(record.document.meta), sort_keys=True, ensure_ascii=False)


def word_spans(record: AnnotatedDocument, words_of: Any) -> tuple[list[str], list[tuple]]:
    """The words of a document and its spans as (first word, last word + 1, label)."""
    text = record.document.text
    words, starts, ends = words_of(text)
    first = {start: index for index, start in enumerate(starts)}
    last = {end: index for index, end in enumerate(ends)}
    return words, sorted((first[s.start], last[s.end] + 1, s.label) for s in record.spans)


def spacy_words(text: str) -> tuple[list[str], list[int], list[int]]:
    tokens = tokenize(text, "de")
    indices = tokens.words(text)
    return (
        [text[tokens.starts[i] : tokens.ends[i]] for i in indices],
        [tokens.starts[i] for i in indices],
        [tokens.ends[i] for i in indices],
    )


def split_words(text: str) -> tuple[list[str], list[int], list[int]]:
    """Words of a text rebuilt from words (joined by spaces and line breaks)."""
    words, starts, ends, position = [], [], [], 0
    for word in text.split():
        start = text.index(word, position)
        words.append(word)
        starts.append(start)
        ends.append(start + len(word))
        position = start + len(word)
    return words, starts, ends
