"""Editing one open document: every edit saved at once, the view told what changed.

A `DocumentEditor` keeps the document's spans, links and states in memory (a
`core.memory.MemoryProject` mirror), so that the window never reloads 20,000 spans after an
edit. Each edit is a core command: it is first applied and saved through the session (one
transaction in the project file), then applied to the mirror, and then every subscriber hears
a `Change` naming the spans it touched. Undo and redo are the annotator's, across documents;
`undo()` returns the document the undone edit was in, so the window can go there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from annotator.core import commands
from annotator.core.commands import Batch, Command
from annotator.core.errors import AnnotatorError
from annotator.core.history import HistoryEntry
from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.memory import MemoryProject
from annotator.core.model import (
    SPEAKER,
    AnnotatedDocument,
    DocState,
    Document,
    Relation,
    Span,
    Status,
)
from annotator.services.library import ProjectSession


@dataclass(frozen=True, slots=True)
class Change:
    """What one edit (or its undo) changed in the open document."""

    doc_id: str
    description: str
    span_ids: frozenset[str] = field(default_factory=frozenset)
    """Spans added, changed or removed; relations name both their ends."""
    state_changed: bool = False


Listener = Callable[[Change], None]


class DocumentEditor:
    """The open document and every edit on it, in the session annotator's name."""

    def __init__(
        self, session: ProjectSession, doc_id: str, record: AnnotatedDocument | None = None
    ) -> None:
        """Edit `doc_id`, read from the project, or given whole as `record` (just read)."""
        self.session = session
        self._listeners: list[Listener] = []
        self._load(doc_id, record)

    def _load(self, doc_id: str, record: AnnotatedDocument | None = None) -> None:
        if record is None or record.document.id != doc_id:
            record = self.session.document(doc_id)  # KeyError if there is none
        self.document: Document = record.document
        self._mirror = MemoryProject(self.session.scheme, [record.document])
        self._ordered: list[Span] | None = None
        self._mirror.load_spans(record.spans)
        for relation in record.relations:
            self._mirror.put_relation(relation)
        for state in record.states:
            self._mirror.put_state(state)

    # Reading

    @property
    def doc_id(self) -> str:
        return self.document.id

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def scheme(self) -> LabelScheme:
        return self._mirror.scheme

    @property
    def annotator(self) -> str:
        return self.session.annotator

    def spans(self) -> list[Span]:
        """All spans of the document in reading order (longer first at equal starts)."""
        if self._ordered is None:  # sorted once per change: the view and the panel both ask
            self._ordered = sorted(
                self._mirror.spans.values(), key=lambda s: (s.start, -s.end, s.id)
            )
        return list(self._ordered)

    def span(self, span_id: str) -> Span:
        span = self._mirror.get_span(span_id)
        if span is None:
            raise KeyError(span_id)
        return span

    def relations(self) -> list[Relation]:
        return list(self._mirror.relations.values())

    def speaker_of(self, quotation_id: str) -> Span | None:
        relation = self._speaker_relation(quotation_id)
        return self._mirror.get_span(relation.tail) if relation else None

    def quotations_of(self, speaker_id: str) -> list[Span]:
        return [
            self.span(r.head)
            for r in self._mirror.relations.values()
            if r.kind == SPEAKER and r.tail == speaker_id
        ]

    def state(self) -> DocState:
        record = self._mirror.get_state(self.doc_id, self.annotator)
        return record.state if record else DocState.NEW

    # Listening

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    # Editing

    def add_span(self, start: int, end: int, label: str, *, attrs: dict | None = None) -> Span:
        """A new span by the annotator; a quotation gets its attributes' defaults."""
        span = Span(
            doc_id=self.doc_id,
            start=start,
            end=end,
            label=label,
            annotator=self.annotator,
            attrs=self.scheme.attribute_defaults(label) | (attrs or {}),
        )
        self._do(commands.add_span(span, self.text))
        return self.span(span.id)

    def relabel(self, span_id: str, label: str) -> Span:
        span = self.span(span_id)
        if span.label != label:
            self._do(
                commands.relabel_span(
                    span, self.text, label, relations=self.relations(), scheme=self.scheme
                )
            )
        return self.span(span_id)

    def resize(self, span_id: str, start: int, end: int) -> Span:
        span = self.span(span_id)
        if (span.start, span.end) != (start, end):
            self._do(commands.resize_span(span, self.text, start, end))
        return self.span(span_id)

    def remove(self, span_id: str) -> None:
        self._do(commands.remove_span(self.span(span_id), self.text, self.relations()))

    def accept(self, span_id: str) -> Span:
        return self._set_status(span_id, Status.ACCEPTED)

    def reject(self, span_id: str) -> Span:
        return self._set_status(span_id, Status.REJECTED)

    def accept_all(self) -> int:
        """Accept every pending suggestion of the document as one edit; how many."""
        pending = [s for s in self.spans() if s.status is Status.PENDING]
        if not pending:
            return 0
        changes = tuple(
            commands.set_span_status(s, self.text, Status.ACCEPTED, self.annotator) for s in pending
        )
        self._do(Batch(changes, f"Accept {len(changes)} suggestions"))
        return len(changes)

    def edit(self, span_id: str, *, attrs: dict | None = None, comment: str | None = None) -> Span:
        span = self.span(span_id)
        if (attrs is None or dict(span.attrs) == attrs) and comment in (None, span.comment):
            return span
        self._do(commands.edit_span(span, attrs=attrs, comment=comment))
        return self.span(span_id)

    def link_speaker(self, quotation_id: str, speaker_id: str | None) -> None:
        """Make `speaker_id` the quotation's speaker; None removes the link."""
        quotation = self.span(quotation_id)
        label = self.scheme.get(quotation.label)
        if label is None or label.kind is not LabelKind.QUOTATION:
            raise ValueError(f"only a quotation has a speaker, not a {quotation.label} span")
        current = self._speaker_relation(quotation_id)
        if current is not None and current.tail == speaker_id:
            return
        if speaker_id is None and current is None:
            return
        speaker = self.span(speaker_id) if speaker_id is not None else None
        self._do(commands.link_speaker(quotation, speaker, self.annotator, self.text, current))

    def set_state(self, state: DocState) -> None:
        current = self._mirror.get_state(self.doc_id, self.annotator)
        if current is None or current.state is not state:
            self._do(commands.set_document_state(self.doc_id, self.annotator, state, current))

    # Undo and redo: the annotator's, across documents

    def undo(self) -> HistoryEntry:
        entry = self.session.undo()
        self._mirror_entry(entry.command.inverse())
        return entry

    def redo(self) -> HistoryEntry:
        entry = self.session.redo()
        self._mirror_entry(entry.command)
        return entry

    # Inside

    def _set_status(self, span_id: str, status: Status) -> Span:
        span = self.span(span_id)
        if span.status is not status:
            self._do(commands.set_span_status(span, self.text, status, self.annotator))
        return self.span(span_id)

    def _speaker_relation(self, quotation_id: str) -> Relation | None:
        return next(
            (
                r
                for r in self._mirror.relations.values()
                if r.kind == SPEAKER and r.head == quotation_id
            ),
            None,
        )

    def _do(self, command: Command) -> None:
        self.session.apply(command)  # saved, or raises and nothing changed
        self._mirror_entry(command)

    def _mirror_entry(self, command: Command) -> None:
        if command.doc_id != self.doc_id:
            return  # an undo in another document: the window opens that one afresh
        touched = set(_touched_spans(command))
        self._ordered = None
        try:
            command.apply(self._mirror)
        except AnnotatorError:
            # The file changed behind our back (another window or program): read it again.
            touched |= set(self._mirror.spans)
            self._load(self.doc_id)
            touched |= set(self._mirror.spans)
        change = Change(
            doc_id=self.doc_id,
            description=command.describe(),
            span_ids=frozenset(touched),
            state_changed=any(isinstance(c, commands.StateChange) for c in _parts(command)),
        )
        for listener in list(self._listeners):
            listener(change)


def _parts(command: Command) -> Iterable[Command]:
    if isinstance(command, Batch):
        for part in command.commands:
            yield from _parts(part)
    else:
        yield command


def _touched_spans(command: Command) -> Iterable[str]:
    for part in _parts(command):
        if isinstance(part, commands.SpanChange):
            yield part.span_id
        elif isinstance(part, commands.RelationChange):
            yield part.record.head
            yield part.record.tail


__all__ = ["Change", "DocumentEditor"]
