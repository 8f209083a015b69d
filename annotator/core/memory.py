"""A project held in plain Python objects: the reference implementation of an edit target.

Tests use it to check commands and undo without a database; the store must behave the same.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence

from annotator.core.commands import Command
from annotator.core.errors import ValidationError
from annotator.core.history import History, HistoryEntry
from annotator.core.labels import LabelScheme
from annotator.core.model import Document, DocumentState, Relation, Span


class MemoryProject:
    def __init__(self, scheme: LabelScheme, documents: Sequence[Document] = ()) -> None:
        self.scheme = scheme
        self.documents = {d.id: d for d in documents}
        self.spans: dict[str, Span] = {}
        """Read it freely; change it only through put_span and delete_span (they keep the
        position index)."""
        self._starts: list[tuple[str, int, str]] = []
        """(doc_id, start, id) of every span, sorted: overlaps found by bisection, because
        the window's editor checks them on each edit of a document with 20,000 spans."""
        self._longest = 0
        """At least the length of the longest span (it never shrinks)."""
        self.relations: dict[str, Relation] = {}
        self.states: dict[tuple[str, str], DocumentState] = {}

    # EditTarget

    def document_text(self, doc_id: str) -> str:
        try:
            return self.documents[doc_id].text
        except KeyError:
            raise ValidationError(f"no document {doc_id!r}") from None

    def get_span(self, span_id: str) -> Span | None:
        return self.spans.get(span_id)

    def spans_of(self, doc_id: str) -> Sequence[Span]:
        return [s for s in self.spans.values() if s.doc_id == doc_id]

    def spans_overlapping(self, doc_id: str, start: int, end: int) -> Sequence[Span]:
        starts, spans = self._starts, self.spans
        found = []
        for at in range(bisect_left(starts, (doc_id, start - self._longest, "")), len(starts)):
            span_doc, span_start, span_id = starts[at]
            if span_doc != doc_id or span_start >= end:
                break
            span = spans[span_id]
            if start < span.end:
                found.append(span)
        return found

    def relations_of(self, doc_id: str) -> Sequence[Relation]:
        return [r for r in self.relations.values() if r.doc_id == doc_id]

    def put_span(self, span: Span) -> None:
        self.document_text(span.doc_id)
        old = self.spans.get(span.id)
        if old is not None:
            self._unindex(old)
        self.spans[span.id] = span
        insort(self._starts, (span.doc_id, span.start, span.id))
        self._longest = max(self._longest, span.end - span.start)

    def load_spans(self, spans: Sequence[Span]) -> None:
        """Put many spans at once (a document opening): one sort instead of an insertion each."""
        for doc_id in {span.doc_id for span in spans}:
            self.document_text(doc_id)
        self.spans.update((span.id, span) for span in spans)
        self._starts = sorted((s.doc_id, s.start, s.id) for s in self.spans.values())
        self._longest = max(self._longest, max((s.end - s.start for s in spans), default=0))

    def delete_span(self, span_id: str) -> None:
        self._unindex(self.spans.pop(span_id))

    def _unindex(self, span: Span) -> None:
        key = (span.doc_id, span.start, span.id)
        at = bisect_left(self._starts, key)
        if at < len(self._starts) and self._starts[at] == key:
            del self._starts[at]

    def get_relation(self, relation_id: str) -> Relation | None:
        return self.relations.get(relation_id)

    def put_relation(self, relation: Relation) -> None:
        self.relations[relation.id] = relation

    def delete_relation(self, relation_id: str) -> None:
        del self.relations[relation_id]

    def get_state(self, doc_id: str, annotator: str) -> DocumentState | None:
        return self.states.get((doc_id, annotator))

    def put_state(self, state: DocumentState) -> None:
        self.states[state.doc_id, state.annotator] = state

    def delete_state(self, doc_id: str, annotator: str) -> None:
        del self.states[doc_id, annotator]

    def snapshot(self) -> tuple[dict, dict, dict]:
        return dict(self.spans), dict(self.relations), dict(self.states)


class MemoryHistoryLog:
    def __init__(self) -> None:
        self.entries: list[tuple[HistoryEntry, str]] = []  # (entry, "done"|"undone"|"dropped")

    def append_done(self, command: Command, annotator: str) -> int:
        seq = len(self.entries) + 1
        self.entries.append((HistoryEntry(seq, annotator, command), "done"))
        return seq

    def _latest(self, annotator: str, state: str, *, newest: bool) -> HistoryEntry | None:
        found = [e for e, s in self.entries if e.annotator == annotator and s == state]
        if not found:
            return None
        return found[-1] if newest else found[0]

    def latest_done(self, annotator: str) -> HistoryEntry | None:
        return self._latest(annotator, "done", newest=True)

    def latest_undone(self, annotator: str) -> HistoryEntry | None:
        # Undo walks backwards, so the entry undone last is the oldest undone one.
        return self._latest(annotator, "undone", newest=False)

    def mark(self, seq: int, *, undone: bool, by: str) -> None:
        entry, _ = self.entries[seq - 1]
        self.entries[seq - 1] = (entry, "undone" if undone else "done")

    def drop_undone(self, annotator: str) -> None:
        self.entries = [
            (e, "dropped" if s == "undone" and e.annotator == annotator else s)
            for e, s in self.entries
        ]


def memory_history(project: MemoryProject) -> History:
    return History(project, MemoryHistoryLog())
