"""Reviewing annotators' work: what the review window and `annotator agree` ask of a project.

`ReviewService` wraps an open `ProjectSession`. It compares annotators on a document, steps
through the disagreements across documents, writes the reviewer's decisions into the gold
layer (each an ordinary edit in the reviewer's name: saved at once, undoable with the rest),
and computes agreement figures and how the model's suggestions fared.

Stepping is quick on large projects because the documents with disagreements are found once
in SQL (`store.review_queries.disagreeing`) and then kept up to date from the edit log: every
write adds a row there, so the newest row's number says whether anything changed, and the
rows since say which documents to look at again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotator.core.errors import ConflictError
from annotator.core.history import HistoryEntry
from annotator.core.model import SPEAKER, Span
from annotator.review import adjudication
from annotator.review.compare import Comparison, Item, compare
from annotator.review.layers import GOLD, review_document, review_rows
from annotator.review.report import AgreementReport
from annotator.services.library import ProjectSession
from annotator.store import review_queries as queries
from annotator.store.review_writes import apply_each

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Step:
    """Where a step through the disagreements arrived."""

    doc_id: str
    item: Item
    comparison: Comparison


@dataclass(frozen=True, slots=True)
class SuggestionFigures:
    """How one label's model suggestions fared with the people reviewing them."""

    label: str
    accepted: int = 0
    corrected: int = 0
    rejected: int = 0
    pending: int = 0

    @property
    def reviewed(self) -> int:
        return self.accepted + self.corrected + self.rejected

    def as_dict(self) -> dict[str, int | str]:
        return {
            "label": self.label,
            "accepted": self.accepted,
            "corrected": self.corrected,
            "rejected": self.rejected,
            "pending": self.pending,
        }


UNKNOWN, AGREE, DIFFER = 0, 1, 2
CHUNK = 64
"""Documents checked with one query when a step reaches ones not checked yet."""


class _Index:
    """For one set of annotators: which documents (by library position, `seq`) have
    disagreements.

    Found lazily, a chunk of positions at a time in the direction of the step, so that the
    first step costs about as much as the others (no list of every document is read);
    edits mark their documents unknown again.
    """

    def __init__(self, annotators: tuple[str, ...], seen: int, project, check) -> None:
        self.annotators = annotators
        self.seen = seen
        self._project = project
        self._check = check
        self.status = bytearray(queries.last_position(project) + 1)
        self.ids: dict[int, str] = {}
        self._places: dict[str, int | None] = {}
        self.settled: set[int] = set()
        """Positions with disagreements, all of them decided when last compared."""

    @property
    def end(self) -> int:
        return len(self.status)

    def place(self, doc_id: str) -> int | None:
        if doc_id not in self._places:
            self._places[doc_id] = queries.position(self._project, doc_id)
        return self._places[doc_id]

    def forget(self, doc_ids: set[str]) -> None:
        for doc_id in doc_ids:
            place = self.place(doc_id)
            if place is not None and place < self.end:
                self.status[place] = UNKNOWN
                self.settled.discard(place)

    def following(self, place: int) -> int | None:
        """The next position after `place` with disagreements, or None."""
        start = place + 1
        while True:
            differ = self.status.find(DIFFER, start)
            unknown = self.status.find(UNKNOWN, start)
            if unknown == -1 or (differ != -1 and differ < unknown):
                return differ if differ != -1 else None
            self._resolve(range(unknown, min(unknown + CHUNK, self.end)))
            start = unknown

    def preceding(self, place: int) -> int | None:
        end = max(place, 0)
        while True:
            differ = self.status.rfind(DIFFER, 0, end)
            unknown = self.status.rfind(UNKNOWN, 0, end)
            if unknown == -1 or differ > unknown:
                return differ if differ != -1 else None
            self._resolve(range(max(unknown - CHUNK + 1, 0), unknown + 1))
            end = unknown + 1

    def all(self) -> list[str]:
        for start in range(0, self.end, 2000):
            if UNKNOWN in self.status[start : start + 2000]:
                self._resolve(range(start, min(start + 2000, self.end)))
        return [self.ids[n] for n, value in enumerate(self.status) if value == DIFFER]

    def _resolve(self, places: range) -> None:
        found = dict(queries.documents_between(self._project, places.start, places.stop - 1))
        for seq, doc_id in found.items():
            self.ids[seq] = doc_id
            self._places[doc_id] = seq
        unknown = [n for n in places if self.status[n] == UNKNOWN]
        differ = self._check([found[n] for n in unknown if n in found])
        for n in unknown:
            self.status[n] = DIFFER if found.get(n) in differ else AGREE


class ReviewService:
    """Review on an open session; decisions are made in the session annotator's name."""

    def __init__(self, session: ProjectSession) -> None:
        self.session = session
        # The session hands out records, not the store; review needs a few queries of its own.
        self._project = session.project
        self._index: _Index | None = None

    # Who and what

    def annotators(self) -> list[str]:
        """Everyone who annotated (an accepted span, or a document in progress or done),
        except the gold layer: a model whose suggestions nobody took is not listed."""
        return [a for a in queries.annotators_who_worked(self._project) if a != GOLD]

    def compare(self, doc_id: str, annotators: Sequence[str]) -> Comparison:
        record = self.session.document(doc_id)
        gold = [s for s in record.spans if s.annotator == GOLD]
        speakers = {r.head: r.tail for r in record.relations if r.kind == SPEAKER}
        return compare(doc_id, record.spans, speakers, annotators, self.session.scheme, gold=gold)

    def disagreements(self, doc_id: str, annotators: Sequence[str]) -> list[Item]:
        return self.compare(doc_id, annotators).disagreements

    def documents_with_disagreements(self, annotators: Sequence[str]) -> list[str]:
        """The documents all `annotators` worked on and disagree in, in library order."""
        return self._refreshed(tuple(annotators)).all()

    # Stepping

    def next_disagreement(
        self,
        annotators: Sequence[str],
        doc_id: str | None = None,
        key: str | None = None,
        *,
        unresolved: bool = False,
    ) -> Step | None:
        """The first disagreement after `key` in `doc_id` (None: from the start), in this
        document or the following ones; None at the end. `unresolved`: skip decided ones."""
        return self._step(tuple(annotators), doc_id, key, unresolved=unresolved, forward=True)

    def previous_disagreement(
        self,
        annotators: Sequence[str],
        doc_id: str | None = None,
        key: str | None = None,
        *,
        unresolved: bool = False,
    ) -> Step | None:
        """Like `next_disagreement`, backwards (None: from the end)."""
        return self._step(tuple(annotators), doc_id, key, unresolved=unresolved, forward=False)

    def _step(self, annotators, doc_id, key, *, unresolved: bool, forward: bool) -> Step | None:
        index = self._refreshed(annotators)

        def wanted(item: Item) -> bool:
            return not item.agreed and not (unresolved and item.resolved)

        if doc_id is not None:
            comparison = self.compare(doc_id, annotators)
            items = list(comparison.items)
            keys = [i.key for i in items]
            here = keys.index(key) if key in keys else (-1 if forward else len(items))
            rest = items[here + 1 :] if forward else list(reversed(items[:here]))
            found = next((i for i in rest if wanted(i)), None)
            if found is not None:
                return Step(doc_id, found, comparison)
            place = index.place(doc_id)
        else:
            place = None
        if place is None:
            place = -1 if forward else index.end
        while True:
            place = index.following(place) if forward else index.preceding(place)
            if place is None:
                return None
            if unresolved and place in index.settled:
                continue
            other = index.ids[place]
            comparison = self.compare(other, annotators)
            items = comparison.items if forward else tuple(reversed(comparison.items))
            found = next((i for i in items if wanted(i)), None)
            if found is not None:
                return Step(other, found, comparison)
            if unresolved:
                index.settled.add(place)

    def _refreshed(self, annotators: tuple[str, ...]) -> _Index:
        latest = queries.latest_edit(self._project)
        index = self._index
        if index is not None and index.annotators == annotators:
            if index.seen == latest:
                return index
            changed = queries.edited_since(self._project, index.seen)
            if changed is not None:
                index.forget(changed)
                index.seen = latest
                return index
        index = _Index(
            annotators, latest, self._project, lambda ids: self._disagreeing(annotators, ids)
        )
        self._index = index
        return index

    def _disagreeing(self, annotators, doc_ids) -> set[str]:
        if len(annotators) < 2:
            return set()
        worked = queries.worked_on_by_all(self._project, annotators, doc_ids)
        return queries.disagreeing(self._project, annotators, doc_ids) & worked

    # Deciding (each one edit: saved at once, undone with Ctrl+Z like any other)

    def adjudicate(
        self, doc_id: str, key: str, annotators: Sequence[str], take: Sequence[str]
    ) -> Comparison:
        """Make the gold layer at item `key` the versions of `take` (several: both; empty:
        neither). Returns the document's comparison afterwards."""
        comparison = self.compare(doc_id, annotators)
        record = self.session.document(doc_id)
        command = adjudication.decide(
            _item(comparison, key),
            take,
            spans_by_id={s.id: s for s in record.spans},
            **self._context(record),
        )
        self.session.apply(command)
        return self.compare(doc_id, annotators)

    def adjudicate_spans(
        self,
        doc_id: str,
        key: str,
        annotators: Sequence[str],
        spans: Sequence[tuple[int, int, str]],
    ) -> Comparison:
        """The reviewer's own (start, end, label) spans become the gold layer at item `key`."""
        comparison = self.compare(doc_id, annotators)
        record = self.session.document(doc_id)
        command = adjudication.decide_spans(
            _item(comparison, key),
            [adjudication.Proposal(*s) for s in spans],
            doc_id=doc_id,
            **self._context(record),
        )
        self.session.apply(command)
        return self.compare(doc_id, annotators)

    def accept_agreed(self, doc_id: str, annotators: Sequence[str]) -> int:
        """Copy all the annotators agree on (and gold lacks) into gold, as one edit; how many."""
        record = self.session.document(doc_id)
        command = adjudication.accept_agreed(
            self.compare(doc_id, annotators),
            spans_by_id={s.id: s for s in record.spans},
            **self._context(record),
        )
        if command is None:
            return 0
        self.session.apply(command)
        return _spans_added(command)

    def accept_agreed_everywhere(
        self, annotators: Sequence[str], *, progress: Progress | None = None
    ) -> int:
        """`accept_agreed` in every document all of them worked on: one edit per document
        (undone one document at a time), saved 100 documents to a transaction."""
        worked = queries.worked_on_by_all(self._project, annotators)
        order = [d for d in queries.document_order(self._project) if d in worked]
        added = 0
        for start in range(0, len(order), 100):
            edits = []
            for doc_id in order[start : start + 100]:
                record = self.session.document(doc_id)
                command = adjudication.accept_agreed(
                    self.compare(doc_id, annotators),
                    spans_by_id={s.id: s for s in record.spans},
                    **self._context(record),
                )
                if command is not None:
                    edits.append(command)
                    added += _spans_added(command)
            if edits:
                apply_each(self._project, edits, self.session.annotator)
            if progress is not None:
                progress(min(start + 100, len(order)), len(order))
        return added

    def undo(self) -> HistoryEntry:
        return self.session.undo()

    def redo(self) -> HistoryEntry:
        return self.session.redo()

    def _context(self, record) -> dict:
        return {
            "text": record.document.text,
            "decided_by": self.session.annotator,
            "gold": [s for s in record.spans if s.annotator == GOLD],
            "relations": list(record.relations),
        }

    # Figures

    def agreement(
        self,
        annotators: Sequence[str] | None = None,
        *,
        per_document: bool = False,
        progress: Progress | None = None,
    ) -> AgreementReport:
        """Agreement of `annotators` (default: everyone who annotated, but gold) over the
        whole project; `progress(documents read, documents)` now and then."""
        names = list(annotators) if annotators else self.annotators()
        total = self.session.document_count()

        def documents():
            for n, row in enumerate(queries.lean_layers(self._project, names), start=1):
                if progress is not None and (n % 500 == 0 or n == total):
                    progress(n, total)
                yield review_rows(*row, names)

        from annotator.review.agreement import measure  # numpy: not on the window's start-up

        return measure(documents(), names, self.session.scheme, per_document=per_document)

    def document_agreement(self, doc_id: str, annotators: Sequence[str]) -> AgreementReport:
        """The figures of one document (for the panel beside it)."""
        names = list(annotators)
        document = review_document(self.session.document(doc_id), names)
        from annotator.review.agreement import measure

        return measure([document], names, self.session.scheme)

    def suggestion_review(self) -> list[SuggestionFigures]:
        """Per label: model suggestions accepted, corrected (rejected and replaced by a
        person's overlapping span), rejected, and still pending."""
        counts: dict[str, dict[str, int]] = {}
        for label, outcome, count in queries.suggestion_outcomes(self._project):
            counts.setdefault(label, {})[outcome] = count
        return [SuggestionFigures(label, **found) for label, found in counts.items()]


def _item(comparison: Comparison, key: str) -> Item:
    try:
        return comparison.item(key)
    except KeyError:
        raise ConflictError(
            f"The annotators' spans at {key} in document {comparison.doc_id!r} changed since "
            "they were shown; look again."
        ) from None


def _spans_added(command) -> int:
    parts = getattr(command, "commands", (command,))
    return sum(1 for p in parts if getattr(p, "before", 1) is None and isinstance(p.after, Span))


__all__ = ["ReviewService", "Step", "SuggestionFigures"]
