"""Every change to a project's annotations as a reversible, serialisable command.

A command records the state before and after the change. Applying it checks that the target
still holds the "before" state, so an undo never clobbers an edit made since (by the same person
in another window, or by someone else): it raises ConflictError instead. Its inverse swaps
before and after. Commands are plain data; `to_json`/`command_from_json` persist them in the
store's edit log, which is what makes undo survive a restart.

The factory functions at the bottom (`add_span`, `relabel_span`, ...) are what callers use.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from annotator.core.errors import AnnotatorError, ConflictError, ValidationError
from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import SPEAKER, DocState, DocumentState, Relation, Span, Status
from annotator.core.validation import relation_problems, validate_span


class EditTarget(Protocol):
    """What a command needs from a project: read and write single records.

    The store implements it inside a transaction; `memory.MemoryProject` in plain Python.
    """

    @property
    def scheme(self) -> LabelScheme: ...

    def document_text(self, doc_id: str) -> str: ...

    def get_span(self, span_id: str) -> Span | None: ...

    def spans_overlapping(self, doc_id: str, start: int, end: int) -> Sequence[Span]:
        """The spans of a document that overlap `start`-`end` (all an overlap check needs)."""
        ...

    def relations_of(self, doc_id: str) -> Sequence[Relation]: ...

    def put_span(self, span: Span) -> None: ...

    def delete_span(self, span_id: str) -> None: ...

    def get_relation(self, relation_id: str) -> Relation | None: ...

    def put_relation(self, relation: Relation) -> None: ...

    def delete_relation(self, relation_id: str) -> None: ...

    def get_state(self, doc_id: str, annotator: str) -> DocumentState | None: ...

    def put_state(self, state: DocumentState) -> None: ...

    def delete_state(self, doc_id: str, annotator: str) -> None: ...


class Command(ABC):
    type: ClassVar[str]

    @property
    @abstractmethod
    def doc_id(self) -> str: ...

    @abstractmethod
    def apply(self, target: EditTarget) -> None: ...

    @abstractmethod
    def inverse(self) -> Command: ...

    @abstractmethod
    def describe(self) -> str:
        """A short sentence for menus and the edit log, e.g. "Relabel 'Trump' PER -> ORG"."""

    @abstractmethod
    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class RecordChange(Command):
    """Replace one record: add it (before None), remove it (after None) or change it.

    Applying checks that the target holds `before`, writes `after`, and lets the subclass check
    the new record first; the inverse swaps the two. Subclasses say how to read, write and
    delete their kind of record.
    """

    before: Any
    after: Any
    description: str
    what: ClassVar[str]
    """How a conflict message names the record."""
    record_type: ClassVar[Any]

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError(f"a {self.what} change needs a {self.what} before or after")

    @property
    def record(self) -> Any:
        return self.after if self.after is not None else self.before

    @property
    def doc_id(self) -> str:
        return self.record.doc_id

    def apply(self, target: EditTarget) -> None:
        current = self._read(target)
        if current != self.before:
            raise ConflictError(_conflict(self.what, self._key(), self.before, current))
        if self.after is None:
            self._check_removal(target)
            self._delete(target)
        else:
            self._check(target)
            self._write(target)

    def inverse(self) -> RecordChange:
        return type(self)(before=self.after, after=self.before, description=_undo(self.description))

    def describe(self) -> str:
        return self.description

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "description": self.description,
            "before": self.before.as_dict() if self.before is not None else None,
            "after": self.after.as_dict() if self.after is not None else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordChange:
        def record(value: Any) -> Any:
            return cls.record_type.from_dict(value) if value else None

        return cls(record(data["before"]), record(data["after"]), data["description"])

    @abstractmethod
    def _key(self) -> str: ...

    @abstractmethod
    def _read(self, target: EditTarget) -> Any: ...

    @abstractmethod
    def _delete(self, target: EditTarget) -> None: ...

    @abstractmethod
    def _write(self, target: EditTarget) -> None: ...

    def _check(self, target: EditTarget) -> None:
        """Raise ValidationError unless `after` may stand in the target."""

    def _check_removal(self, target: EditTarget) -> None:
        """Raise ConflictError where removing `before` would leave something dangling."""


@dataclass(frozen=True, slots=True)
class SpanChange(RecordChange):
    """Add, remove or change one span."""

    type: ClassVar[str] = "span"
    what: ClassVar[str] = "span"
    record_type: ClassVar[Any] = Span

    def __post_init__(self) -> None:
        RecordChange.__post_init__(self)
        if self.before and self.after and self.before.id != self.after.id:
            raise ValueError("a span change keeps the span's id")

    @property
    def span_id(self) -> str:
        return self.record.id

    def _key(self) -> str:
        return self.span_id

    def _read(self, target: EditTarget) -> Span | None:
        return target.get_span(self.span_id)

    def _delete(self, target: EditTarget) -> None:
        target.delete_span(self.span_id)

    def _write(self, target: EditTarget) -> None:
        target.put_span(self.after)

    def _check_removal(self, target: EditTarget) -> None:
        # `remove_span` unlinks first; a removal that finds links made since (say, an undo of
        # adding a span that someone then linked as a speaker) must not leave them dangling.
        linked = [r for r in target.relations_of(self.doc_id) if self.span_id in (r.head, r.tail)]
        if linked:
            raise ConflictError(
                f"The span {self.span_id!r} has been linked since ({linked[0].kind}, by "
                f"{linked[0].annotator}); remove that link first."
            )

    def _check(self, target: EditTarget) -> None:
        text = target.document_text(self.after.doc_id)
        after = self.after
        others = target.spans_overlapping(after.doc_id, after.start, after.end)
        validate_span(after, text, target.scheme, others)
        if self.before is not None and self.before.label != self.after.label:
            _check_speaker_links(self.after, target)


@dataclass(frozen=True, slots=True)
class RelationChange(RecordChange):
    """Add, remove or replace one relation (e.g. a quotation's speaker link)."""

    type: ClassVar[str] = "relation"
    what: ClassVar[str] = "relation"
    record_type: ClassVar[Any] = Relation

    def _key(self) -> str:
        return self.record.id

    def _read(self, target: EditTarget) -> Relation | None:
        return target.get_relation(self.record.id)

    def _delete(self, target: EditTarget) -> None:
        target.delete_relation(self.record.id)

    def _write(self, target: EditTarget) -> None:
        target.put_relation(self.after)

    def _check(self, target: EditTarget) -> None:
        ends = {
            span_id: span
            for span_id in (self.after.head, self.after.tail)
            if (span := target.get_span(span_id)) is not None
        }
        problems = relation_problems(self.after, ends, target.scheme)
        if problems:
            raise ValidationError("; ".join(problems))
        if self.after.kind != SPEAKER:
            return
        head, own_id = self.after.head, self.after.id
        for other in target.relations_of(self.after.doc_id):
            if other.kind == SPEAKER and other.head == head and other.id != own_id:
                raise ConflictError(
                    f"The quotation has a speaker already (linked by {other.annotator}); "
                    "a quotation has one speaker."
                )


@dataclass(frozen=True, slots=True)
class StateChange(RecordChange):
    """Set one annotator's state of one document (None: never set, i.e. new)."""

    type: ClassVar[str] = "state"
    what: ClassVar[str] = "state of document"
    record_type: ClassVar[Any] = DocumentState

    def _key(self) -> str:
        return self.record.doc_id

    def _read(self, target: EditTarget) -> DocumentState | None:
        return target.get_state(self.record.doc_id, self.record.annotator)

    def _delete(self, target: EditTarget) -> None:
        target.delete_state(self.record.doc_id, self.record.annotator)

    def _write(self, target: EditTarget) -> None:
        target.put_state(self.after)

    def _check(self, target: EditTarget) -> None:
        target.document_text(self.after.doc_id)  # raises if the document is gone


@dataclass(frozen=True, slots=True)
class Batch(Command):
    """Several commands that are done and undone as one (e.g. remove a span and its links)."""

    type: ClassVar[str] = "batch"
    commands: tuple[Command, ...]
    description: str

    def __post_init__(self) -> None:
        if not self.commands:
            raise ValueError("a batch needs at least one command")

    @property
    def doc_id(self) -> str:
        return self.commands[0].doc_id

    def apply(self, target: EditTarget) -> None:
        """Apply every command or none: a refused one takes back those applied before it."""
        applied: list[Command] = []
        try:
            for command in self.commands:
                command.apply(target)
                applied.append(command)
        except AnnotatorError:
            for command in reversed(applied):
                command.inverse().apply(target)
            raise

    def inverse(self) -> Batch:
        return Batch(
            commands=tuple(c.inverse() for c in reversed(self.commands)),
            description=_undo(self.description),
        )

    def describe(self) -> str:
        return self.description

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "description": self.description,
            "commands": [c.to_json() for c in self.commands],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Batch:
        return cls(
            commands=tuple(command_from_json(c) for c in data["commands"]),
            description=data["description"],
        )


_TYPES: dict[str, Any] = {c.type: c for c in (SpanChange, RelationChange, StateChange, Batch)}


def command_from_json(data: Mapping[str, Any]) -> Command:
    try:
        kind = _TYPES[data["type"]]
    except KeyError:
        raise ValueError(f"unknown command type {data.get('type')!r}") from None
    return kind.from_json(data)


def _check_speaker_links(span: Span, target: EditTarget) -> None:
    """A span that has a speaker must stay a quotation (else the link would dangle)."""
    label = target.scheme.get(span.label)
    if label is not None and label.kind is LabelKind.QUOTATION:
        return
    if any(r.kind == SPEAKER and r.head == span.id for r in target.relations_of(span.doc_id)):
        raise ValidationError(
            f"{span.label} {span.start}-{span.end}: this quotation has a speaker; unlink the "
            "speaker before giving it a label that is not a quotation"
        )


def _undo(description: str) -> str:
    prefix = "Undo: "
    return description[len(prefix) :] if description.startswith(prefix) else prefix + description


def _conflict(what: str, key: str, expected: object, found: object) -> str:
    if found is None:
        return f"The {what} {key!r} is gone: it was removed since this edit was made."
    if expected is None:
        return f"The {what} {key!r} exists already."
    return f"The {what} {key!r} was changed since this edit was made; reload and try again."


def _quote(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# The commands callers make. Each takes the records as they are now and returns the command.


def add_span(span: Span, text: str) -> SpanChange:
    return SpanChange(None, span, f"Add {span.label} {_quote(span.text_in(text))}")


def remove_span(span: Span, text: str, relations: Iterable[Relation] = ()) -> Command:
    """Remove a span and every relation that starts or ends at it."""
    description = f"Remove {span.label} {_quote(span.text_in(text))}"
    linked = [
        RelationChange(r, None, description) for r in relations if span.id in (r.head, r.tail)
    ]
    removal = SpanChange(span, None, description)
    return Batch((*linked, removal), description) if linked else removal


def relabel_span(
    span: Span,
    text: str,
    label: str,
    *,
    relations: Iterable[Relation] = (),
    scheme: LabelScheme | None = None,
) -> Command:
    """Give a span another label; a quotation that stops being one loses its speaker link.

    Pass the document's `relations` and the `scheme` for that; without them, relabelling a
    linked quotation to an entity label is refused when applied.
    """
    after = span.changed(label=label)
    description = f"Relabel {_quote(span.text_in(text))} {span.label} -> {label}"
    change = SpanChange(span, after, description)
    new_label = scheme.get(label) if scheme is not None else None
    if new_label is None or new_label.kind is LabelKind.QUOTATION:
        return change
    unlinks = [
        RelationChange(r, None, description)
        for r in relations
        if r.kind == SPEAKER and r.head == span.id
    ]
    return Batch((*unlinks, change), description) if unlinks else change


def resize_span(span: Span, text: str, start: int, end: int) -> SpanChange:
    after = span.changed(start=start, end=end)
    description = f"Resize {span.label} {_quote(span.text_in(text))} to {_quote(text[start:end])}"
    return SpanChange(span, after, description)


def set_span_status(span: Span, text: str, status: Status, annotator: str) -> SpanChange:
    """Accept or reject a suggestion: the person deciding becomes the span's annotator."""
    verb = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.PENDING: "Reopen"}[status]
    after = span.changed(status=status, annotator=annotator)
    return SpanChange(span, after, f"{verb} {span.label} {_quote(span.text_in(text))}")


def edit_span(
    span: Span, *, attrs: Mapping[str, Any] | None = None, comment: str | None = None
) -> SpanChange:
    changes: dict[str, Any] = {}
    if attrs is not None:
        changes["attrs"] = attrs
    if comment is not None:
        changes["comment"] = comment
    what = " and ".join(("attributes" if k == "attrs" else k) for k in changes) or "nothing"
    return SpanChange(span, span.changed(**changes), f"Edit {what} of {span.label}")


def link_speaker(
    quotation: Span,
    speaker: Span | None,
    annotator: str,
    text: str,
    current: Relation | None = None,
) -> Command:
    """Make `speaker` the speaker of `quotation` (None: remove the link), replacing `current`."""
    if speaker is None:
        if current is None:
            raise ValueError("the quotation has no speaker to unlink")
        return RelationChange(current, None, f"Unlink speaker of {_quote(quotation.text_in(text))}")
    relation = Relation(
        doc_id=quotation.doc_id, head=quotation.id, tail=speaker.id, annotator=annotator
    )
    quoted, named = _quote(quotation.text_in(text)), _quote(speaker.text_in(text))
    description = f"Link {quoted} to speaker {named}"
    add = RelationChange(None, relation, description)
    if current is None:
        return add
    return Batch((RelationChange(current, None, description), add), description)


_STATE_VERBS = {
    DocState.NEW: "Mark as new",
    DocState.IN_PROGRESS: "Mark as in progress",
    DocState.DONE: "Mark as done",
    DocState.SKIPPED: "Skip",
}


def set_document_state(
    doc_id: str, annotator: str, state: DocState, current: DocumentState | None
) -> StateChange:
    after = DocumentState(doc_id=doc_id, annotator=annotator, state=state)
    return StateChange(current, after, f"{_STATE_VERBS[state]} document {doc_id!r}")


__all__ = [
    "SPEAKER",
    "Batch",
    "Command",
    "EditTarget",
    "RelationChange",
    "SpanChange",
    "StateChange",
    "add_span",
    "command_from_json",
    "edit_span",
    "link_speaker",
    "relabel_span",
    "remove_span",
    "resize_span",
    "set_document_state",
    "set_span_status",
]
