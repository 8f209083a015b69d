"""Asking for a page of the document library: filters, sorting, and what a row shows."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from annotator.core.model import DocState


class SortKey(StrEnum):
    POSITION = "position"
    """The order documents were added in."""
    TITLE = "title"
    LENGTH = "length"


def title_sort_key(title: str) -> str:
    """Where a title sorts: as German dictionaries do (DIN 5007-1), "Ä" with "A", "ß" as "ss",
    any case; other accented letters with their base letters too ("Élysée" among the E)."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """Which documents to list. Every filter is optional; all given ones must hold."""

    search: str = ""
    """Words that must each appear in the title (anywhere, in any case, with or without
    accents) or in the text."""
    in_text: bool = True
    """Whether `search` looks in the text too, where a word matches the beginning of a word
    ("Merk" finds "Merkel"), in any case and with or without accents ("Muller", "Müller")."""
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

    @property
    def filtered(self) -> bool:
        """Whether some documents may be left out (else the listing is the whole library)."""
        return bool(self.search.split() or self.label or self.state is not None)


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
