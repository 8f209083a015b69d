"""Documents, spans, relations and document states: the records an annotation project holds.

All records are immutable; an edit makes a new record (see `commands`). Offsets are Python `str`
indices (code points) into the document's text, `end` exclusive. Conversion to the UTF-16
positions Qt uses or to UTF-8 bytes happens at the boundary, with `offsets.OffsetMap`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from annotator.core.clock import new_id, now


class Source(StrEnum):
    HUMAN = "human"
    MODEL = "model"


class Status(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DocState(StrEnum):
    """Where one annotator stands with one document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


SPEAKER = "speaker"
"""The relation kind from a quotation span to the span of its speaker."""


EMPTY_MAPPING: Mapping[str, Any] = MappingProxyType({})
"""Shared by every record without attributes or meta (read-only, so sharing is safe)."""


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value)) if value else EMPTY_MAPPING


_MEMBERS: dict[type[StrEnum], dict[str, Any]] = {
    kind: {member.value: member for member in kind} for kind in (Source, Status, DocState)
}


def _member(kind: type[StrEnum], value: Any) -> Any:
    """`kind(value)`, with a plain dictionary look-up first (records are made by the 100,000,
    and calling an enum class costs ten times as much)."""
    member = _MEMBERS[kind].get(value) if isinstance(value, str) else None
    return member if member is not None else kind(value)


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", _frozen_mapping(self.meta))

    @property
    def title(self) -> str:
        """The title from `meta`, else the first line of the text, shortened."""
        title = self.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        first_line = self.text.strip().split("\n", 1)[0].strip()
        return first_line if len(first_line) <= 80 else first_line[:79] + "…"

    @property
    def text_hash(self) -> str:
        """SHA-256 of the text (UTF-8): tells whether two documents hold the same text."""
        return text_hash(self.text)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch `text[start:end]` of one document, by one annotator or model."""

    doc_id: str
    start: int
    end: int
    label: str
    annotator: str
    id: str = field(default_factory=new_id)
    source: Source = Source.HUMAN
    model: str | None = None
    status: Status = Status.ACCEPTED
    attrs: Mapping[str, Any] = field(default_factory=dict)
    comment: str = ""
    created: str = field(default_factory=now)
    modified: str = ""

    def __post_init__(self) -> None:
        # Spans are made by the 20,000 as a document opens: skip what needs no conversion.
        if self.attrs is not EMPTY_MAPPING:
            object.__setattr__(self, "attrs", _frozen_mapping(self.attrs))
        if type(self.source) is not Source:
            object.__setattr__(self, "source", _member(Source, self.source))
        if type(self.status) is not Status:
            object.__setattr__(self, "status", _member(Status, self.status))
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def changed(self, **changes: Any) -> Span:
        """A copy with `changes` applied and `modified` set to now."""
        changes.setdefault("modified", now())
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "annotator": self.annotator,
            "source": self.source.value,
            "model": self.model,
            "status": self.status.value,
            "attrs": dict(self.attrs),
            "comment": self.comment,
            "created": self.created,
            "modified": self.modified,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed link between two spans of one document, e.g. quotation -> its speaker."""

    doc_id: str
    head: str
    """The id of the span the relation starts from (the quotation)."""
    tail: str
    """The id of the span it points to (the speaker)."""
    annotator: str
    kind: str = SPEAKER
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "kind": self.kind,
            "head": self.head,
            "tail": self.tail,
            "annotator": self.annotator,
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Relation:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


@dataclass(frozen=True, slots=True)
class DocumentState:
    """One annotator's state for one document."""

    doc_id: str
    annotator: str
    state: DocState
    modified: str = field(default_factory=now)

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", _member(DocState, self.state))

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "annotator": self.annotator,
            "state": self.state.value,
            "modified": self.modified,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DocumentState:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with everything annotated on it: what import reads and export writes."""

    document: Document
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    states: tuple[DocumentState, ...] = ()
