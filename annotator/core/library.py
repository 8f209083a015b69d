"""Asking for a page of the document library: filters, sorting, and what a row shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from annotator.core.model import DocState


class SortKey(StrEnum):
    POSITION = "position"
    """The order documents were added in."""
    TITLE = "title"
    LENGTH = "length"


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """Which documents to list. Every filter is optional; all given ones must hold."""

    search: str = ""
    """Words that must appear in the title (case-insensitive)."""
    state: DocState | None = None
    annotator: str = ""
    """Whose state `state` refers to (required with `state`)."""
    label: str = ""
    """Only documents with at least one span of this label."""
    sort: SortKey = SortKey.POSITION
    descending: bool = False

    def __post_init__(self) -> None:
        if self.state is not None and not self.annotator:
            raise ValueError("a state filter needs the annotator whose state it is")


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One row of the library."""

    position: int
    id: str
    title: str
    length: int
    span_count: int
    states: Mapping[str, DocState] = field(default_factory=dict)

    def state_of(self, annotator: str) -> DocState:
        return self.states.get(annotator, DocState.NEW)
