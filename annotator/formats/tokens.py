"""Tokens for the token-based formats, and spans checked against them.

Tokens come from spaCy's rule-based tokenizer for the language (`spacy.blank(lang).tokenizer`,
no model, imported only when a token-based format is used), so that an export tokenizes as
`spacy train` on a blank pipeline of that language would. Whitespace runs that spaCy makes
tokens of ("\\n\\n") are kept with `is_space`, and the formats that list words leave them out.

A span must start at a token's start and end at a token's end. One that does not is reported
with its document and text and handled as the export says (`--misaligned`): "error" stops the
export, "snap" first trims whitespace at its edges and then widens it to whole tokens, "skip"
leaves it out. Either way it is counted in the report, never dropped silently.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.labels import LabelScheme
from annotator.core.model import SPEAKER, AnnotatedDocument, Span, Status
from annotator.core.validation import clash
from annotator.formats.losses import (
    DUPLICATES,
    MISALIGNED_SKIPPED,
    MISALIGNED_SNAPPED,
    SNAP_CLASHES,
)
from annotator.formats.protocol import Loss, Misaligned, WriteReport
from annotator.formats.token_runs import Tokens, run_tokenizer

__all__ = ["Alignment", "MisalignedError", "TokenDoc", "Tokens", "tokenize", "tokenizer"]


class MisalignedError(AnnotatorError):
    """A span does not fall on token boundaries, and the export was told to stop."""

    code = "A420"


@dataclass(frozen=True, slots=True)
class TokenDoc:
    """What a token-based writer needs of a document: plain values, cheap to send to a worker
    process. Spans are (id, start, end, label), sorted by start, longest first."""

    doc_id: str
    text: str
    spans: tuple[tuple[str, int, int, str], ...]
    meta: dict[str, Any]
    links: tuple[tuple[str, str], ...] = ()
    """Speaker links as (quotation span id, speaker span id)."""
    duplicates: tuple[tuple[str, int, int, str], ...] = ()
    """Spans with the offsets and label of another (e.g. of two annotators), written once."""

    @classmethod
    def of(cls, record: AnnotatedDocument) -> TokenDoc:
        spans = sorted(
            (
                (s.id, s.start, s.end, s.label)
                for s in record.spans
                if s.status is not Status.REJECTED  # filtered earlier; never a training span
            ),
            key=lambda s: (s[1], -s[2], s[3]),
        )
        unique, duplicates, seen = [], [], {}
        for span in spans:
            key = span[1:]
            if key in seen:
                duplicates.append(span)
            else:
                seen[key] = span[0]
                unique.append(span)
        # A link from or to a duplicate goes to the span kept in its place.
        kept = {span[0]: seen[span[1:]] for span in duplicates}
        links = tuple(
            (kept.get(r.head, r.head), kept.get(r.tail, r.tail))
            for r in record.relations
            if r.kind == SPEAKER
        )
        return cls(record.document.id, record.document.text, tuple(unique),
                   dict(record.document.meta), links, tuple(duplicates))  # fmt: skip


def tokenizer(language: str) -> Any:
    """spaCy's rule tokenizer for `language` (an ISO code such as "de"; "xx": any language)."""
    return run_tokenizer(language).spacy


def tokenize(text: str, language: str) -> Tokens:
    """The tokens spaCy's tokenizer for `language` makes of `text`. One thread at a time: the
    window may export and preview at once, and spaCy's memory zones must not overlap."""
    memo = run_tokenizer(language)
    with memo.lock:
        return memo.tokens(text)


class Alignment:
    """Spans of one document mapped to token indices, by the export's `misaligned` rule."""

    def __init__(self, doc: TokenDoc, tokens: Tokens, policy: Misaligned, report: WriteReport):
        self.doc = doc
        self.tokens = tokens
        self.policy = policy
        self.report = report
        for span_id, start, end, label in doc.duplicates:
            report.lose(DUPLICATES, 1, Loss(doc.doc_id, span_id, label, doc.text[start:end]))

    def align_all(self, scheme: LabelScheme) -> list[tuple[str, int, int, str, int, int]]:
        """(span id, first token, last token + 1, label, start, end) of each span kept, in the
        document's order. A snapped span that would overlap another where the scheme forbids
        it (two spans of one label snapped to the same word) is left out and reported."""
        exact, loose = [], []
        for index, (span_id, start, end, label) in enumerate(self.doc.spans):
            first, last = self._token_at(start, end)
            if first is not None and last is not None and first <= last:
                exact.append((index, (span_id, first, last + 1, label, start, end)))
            else:
                loose.append((index, span_id, start, end, label))
        if not loose:
            return [item for _, item in exact]
        kept = [Span(self.doc.doc_id, s, e, label, "", created="-") for (_, (_, _, _, label, s, e))
                in exact]  # fmt: skip
        for index, span_id, start, end, label in loose:
            found = self.align(span_id, start, end, label)
            if found is None:
                continue
            first, last = found
            snapped = Span(self.doc.doc_id, self.tokens.starts[first],
                           self.tokens.ends[last - 1], label, "", created="-")  # fmt: skip
            if any(clash(snapped, other, scheme) for other in kept):
                self.report.lost[MISALIGNED_SNAPPED] -= 1
                self.report.lose(SNAP_CLASHES, 1, Loss(self.doc.doc_id, span_id, label,
                                                       self.doc.text[start:end]))  # fmt: skip
                continue
            kept.append(snapped)
            exact.append((index, (span_id, first, last, label, snapped.start, snapped.end)))
        return [item for _, item in sorted(exact)]

    def align(self, span_id: str, start: int, end: int, label: str) -> tuple[int, int] | None:
        """(first token, last token + 1) of the span, or None when it is left out."""
        first, last = self._token_at(start, end)
        if first is not None and last is not None and first <= last:
            return first, last + 1
        text = self.doc.text
        example = Loss(self.doc.doc_id, span_id, label, text[start:end])
        if self.policy == "error":
            raise MisalignedError(
                f"document {self.doc.doc_id!r}: the {label} span {start}-{end} "
                f"{text[start:end]!r} does not fall on token boundaries "
                f"(tokens there: {self._tokens_around(start, end)}); "
                "export with --misaligned snap (widen it to whole tokens) or skip (leave it out)"
            )
        if self.policy == "snap":
            snapped = self._snap(start, end)
            if snapped is not None:
                self.report.lose(MISALIGNED_SNAPPED, 1, example)
                return snapped
        self.report.lose(MISALIGNED_SKIPPED, 1, example)
        return None

    def _token_at(self, start: int, end: int) -> tuple[int | None, int | None]:
        """The token starting at `start` and the one ending at `end`, where there are."""
        starts, ends = self.tokens.starts, self.tokens.ends
        first, last = bisect_left(starts, start), bisect_left(ends, end)
        return (first if first < len(starts) and starts[first] == start else None,
                last if last < len(ends) and ends[last] == end else None)  # fmt: skip

    def _snap(self, start: int, end: int) -> tuple[int, int] | None:
        text, tokens = self.doc.text, self.tokens
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        first = bisect_right(tokens.ends, start)  # the first token ending after the start
        last = bisect_left(tokens.starts, end) - 1  # the last token starting before the end
        if first > last:
            return None
        return first, last + 1

    def _tokens_around(self, start: int, end: int) -> str:
        tokens, text = self.tokens, self.doc.text
        first = bisect_right(tokens.ends, start)  # the tokens the span touches
        last = max(first + 1, bisect_left(tokens.starts, end))
        return " ".join(repr(text[tokens.starts[i] : tokens.ends[i]]) for i in range(first, last))
