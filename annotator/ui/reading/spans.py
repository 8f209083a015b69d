"""The spans of the shown document in Qt positions, found by position with a binary search.

The highlighter asks for the spans of one block at a time and the painter for those of the
visible lines; both must stay fast with 20,000 spans, so the index keeps the spans sorted by
start and remembers the longest one: every span overlapping [a, b) starts in
[a - longest, b). Rejected suggestions are shown only on demand (`show_rejected`), and are
never counted.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple, Protocol

from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import Span, Status
from annotator.core.offsets import OffsetMap


class QtOffsets(Protocol):
    def to_qt(self, index: int) -> int: ...
    def from_qt(self, position: int) -> int: ...


class SameOffsets:
    """The mapping of a text in which Qt positions are Python indices: nothing to convert."""

    @staticmethod
    def to_qt(index: int) -> int:
        return index

    @staticmethod
    def from_qt(position: int) -> int:
        return position


def qt_offsets(text: str) -> QtOffsets:
    """An `OffsetMap` where the text needs one (astral characters, CRLF), else `SameOffsets`.

    Building an `OffsetMap` walks the text in Python (0.45 s for 1 MB of German, which has
    many non-ASCII letters); these two scans run in C and take a few milliseconds.
    """
    if "\r\n" in text or _ASTRAL.search(text):
        return OffsetMap(text)
    return SameOffsets()


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Shown(NamedTuple):
    """A span as the view draws it: Qt positions, and what decides its look.

    A named tuple: the view makes 20,000 of them when a document opens, three times faster
    than a frozen dataclass."""

    start: int
    end: int
    id: str
    label: str
    quotation: bool
    pending: bool
    rejected: bool = False


class SpanIndex:
    """Shown spans by Qt position; entities and quotations kept apart (they are drawn apart)."""

    def __init__(
        self,
        scheme: LabelScheme,
        offsets: QtOffsets,
        *,
        show_rejected: bool = False,
        annotators: frozenset[str] | None = None,
    ) -> None:
        self.scheme = scheme
        self.offsets = offsets
        self.show_rejected = show_rejected
        self.annotators = annotators
        """Whose spans are shown (None: everyone's)."""
        self._by_id: dict[str, Shown] = {}
        self._quotation_labels = {
            label.name for label in scheme.labels if label.kind is LabelKind.QUOTATION
        }
        self._entities: list[tuple[int, int, str]] = []
        """(start, -end, id) of each entity: by start, the outer one first at equal starts."""
        self._quotations: list[tuple[int, int, str]] = []
        self._longest = {False: 0, True: 0}
        self.counts: dict[tuple[str, bool], int] = {}
        """How many shown spans of each (label, pending), rejected ones left out."""
        self._keys: list[tuple[int, int, str]] = []
        """(start, -end, id) of every shown span: reading order, kept sorted on each edit."""

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._by_id

    def get(self, span_id: str) -> Shown | None:
        return self._by_id.get(span_id)

    def shown(self, span: Span) -> Shown | None:
        """How `span` is drawn, or None when it is not (a rejected suggestion, unless those
        are shown)."""
        rejected = span.status is Status.REJECTED
        if rejected and not self.show_rejected:
            return None
        if self.annotators is not None and span.annotator not in self.annotators:
            return None
        quotation = span.label in self._quotation_labels
        to_qt = self.offsets.to_qt
        return Shown(
            to_qt(span.start),
            to_qt(span.end),
            span.id,
            span.label,
            quotation,
            span.status is Status.PENDING,
            rejected,
        )

    def load(self, spans: Iterable[Span]) -> None:
        """Index `spans` afresh. One pass, `shown()` inlined: this runs for 20,000 spans as
        a document opens, and spans arrive in reading order, so the sorts find them sorted."""
        rejected, pending = Status.REJECTED, Status.PENDING
        show_rejected = self.show_rejected
        annotators = self.annotators
        quotation_labels = self._quotation_labels
        same = isinstance(self.offsets, SameOffsets)
        to_qt = self.offsets.to_qt
        by_id: dict[str, Shown] = {}
        lists: dict[bool, list[tuple[int, int, str]]] = {False: [], True: []}
        keys = []
        longest = {False: 0, True: 0}
        for span in spans:
            status = span.status
            if status is rejected and not show_rejected:
                continue
            if annotators is not None and span.annotator not in annotators:
                continue
            start, end = (span.start, span.end) if same else (to_qt(span.start), to_qt(span.end))
            span_id, label = span.id, span.label
            quotation = label in quotation_labels
            by_id[span_id] = Shown(
                start, end, span_id, label, quotation, status is pending, status is rejected
            )
            key = (start, -end, span_id)
            lists[quotation].append(key)
            keys.append(key)
            if end - start > longest[quotation]:
                longest[quotation] = end - start
        self._by_id = by_id
        self._entities = sorted(lists[False])
        self._quotations = sorted(lists[True])
        self._keys = sorted(keys)
        self._longest = longest
        self.counts = dict(Counter((s.label, s.pending) for s in by_id.values() if not s.rejected))

    def put(self, span: Span | None, span_id: str) -> tuple[Shown | None, Shown | None]:
        """Replace the span `span_id` with `span` (None: gone); returns (old, new) looks."""
        old = self._by_id.pop(span_id, None)
        if old is not None:
            items = self._list(old.quotation)
            at = bisect_left(items, (old.start, -old.end, old.id))
            if at < len(items) and items[at][2] == old.id:
                del items[at]
            self._count(old, -1)
            _remove(self._keys, (old.start, -old.end, old.id))
        new = self.shown(span) if span is not None else None
        if new is not None:
            self._by_id[new.id] = new
            self._count(new, +1)
            insort(self._keys, (new.start, -new.end, new.id))
            insort(self._list(new.quotation), (new.start, -new.end, new.id))
            longest = self._longest[new.quotation]
            self._longest[new.quotation] = max(longest, new.end - new.start)
        return old, new

    def _count(self, shown: Shown, step: int) -> None:
        if shown.rejected:
            return
        key = (shown.label, shown.pending)
        self.counts[key] = self.counts.get(key, 0) + step

    def _list(self, quotation: bool) -> list[tuple[int, int, str]]:
        return self._quotations if quotation else self._entities

    def overlapping(self, start: int, end: int, *, quotations: bool) -> Iterator[Shown]:
        """Spans of one kind that overlap [start, end) (or touch `start` if empty), by start,
        the outer one first at equal starts."""
        items = self._list(quotations)
        at = bisect_left(items, (start - self._longest[quotations],))
        by_id = self._by_id
        for span_start, negative_end, span_id in items[at:]:
            if span_start >= end and not (span_start == end == start):
                break
            if -negative_end > start or span_start == start:
                yield by_id[span_id]

    def entities_between(self, start: int, end: int) -> list[Shown]:
        """Entities overlapping [start, end), outer first: what the highlighter colours, asked
        for every block of a document as it opens, so slices instead of a generator."""
        items = self._entities
        first = bisect_left(items, (start - self._longest[False],))
        last = bisect_left(items, (end,), first)
        by_id = self._by_id
        return [by_id[item[2]] for item in items[first:last] if -item[1] > start]

    def at(self, position: int) -> list[Shown]:
        """Spans containing `position`, innermost (shortest) first."""
        found = [
            s
            for quotations in (False, True)
            for s in self.overlapping(position, position + 1, quotations=quotations)
            if s.start <= position < s.end
        ]
        return sorted(found, key=lambda s: s.end - s.start)

    def ordered(self) -> list[Shown]:
        """All shown spans in reading order (longer first at equal starts)."""
        return [self._by_id[key[2]] for key in self._keys]

    def after(self, position: int, current: str | None) -> Shown | None:
        """The next span in reading order after `current` (or after `position`)."""
        return self._step(position, current, +1)

    def before(self, position: int, current: str | None) -> Shown | None:
        return self._step(position, current, -1)

    def _step(self, position: int, current: str | None, direction: int) -> Shown | None:
        keys = self._keys
        if not keys:
            return None
        shown = self._by_id.get(current) if current else None
        if shown is not None:
            at = bisect_left(keys, (shown.start, -shown.end, shown.id)) + direction
        elif direction > 0:
            at = bisect_left(keys, (position, -(10**12), ""))
        else:
            at = bisect_left(keys, (position, -(10**12), "")) - 1
        return self._by_id[keys[at % len(keys)][2]]  # wraps around


def _remove(items: list, item: object) -> None:
    at = bisect_left(items, item)
    if at < len(items) and items[at] == item:
        del items[at]
