"""The document library as a Qt table model that pages through the project.

Only the rows a view has scrolled to are loaded, `PAGE_SIZE` at a time (Qt's
canFetchMore/fetchMore), so a library of 100,000 documents opens as fast as one of ten.
"""

from __future__ import annotations

from enum import IntEnum
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from annotator.core.library import DocumentQuery, DocumentSummary
from annotator.core.model import DocState
from annotator.services.library import PAGE_SIZE, ProjectSession
from annotator.ui.numbers import number

DocIdRole = Qt.ItemDataRole.UserRole
"""The document's id (str), in every column."""
SummaryRole = Qt.ItemDataRole.UserRole + 1
"""The row's `DocumentSummary`, in every column."""

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    TITLE = 0
    LENGTH = 1
    SPANS = 2
    STATE = 3


HEADERS = {
    Column.TITLE: ("Title", "The document's title"),
    Column.LENGTH: ("Length", "Characters of text"),
    Column.SPANS: ("Spans", "Annotations by anyone, rejected suggestions not counted"),
    Column.STATE: ("State", "Yours: ○ new, ◐ in progress, ● done, – skipped"),
}

STATE_SYMBOL = {
    DocState.NEW: "○",
    DocState.IN_PROGRESS: "◐",
    DocState.DONE: "●",
    DocState.SKIPPED: "–",
}
"""A shape per state (the column is narrow; the tooltip says the word)."""
STATE_NAME = {
    DocState.NEW: "new",
    DocState.IN_PROGRESS: "in progress",
    DocState.DONE: "done",
    DocState.SKIPPED: "skipped",
}

_ALIGNMENT = {
    Column.TITLE: Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    Column.LENGTH: Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    Column.SPANS: Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    Column.STATE: Qt.AlignmentFlag.AlignCenter,
}


class LibraryModel(QAbstractTableModel):
    """Rows of `DocumentSummary` for one query, loaded page by page as a view asks."""

    def __init__(
        self,
        session: ProjectSession,
        *,
        query: DocumentQuery | None = None,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._query = query or DocumentQuery()
        self._page_size = page_size
        self._rows: list[DocumentSummary] = []
        self._total = session.document_count(self._query)

    # What the model shows

    @property
    def query(self) -> DocumentQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many documents the query matches (loaded or not)."""
        return self._total

    def project_total(self) -> int:
        """How many documents the project holds, whatever the query."""
        return self._session.document_count()

    @property
    def annotator(self) -> str:
        return self._session.annotator

    def set_query(self, query: DocumentQuery) -> None:
        """List the documents of another query, starting again from its first page."""
        self.beginResetModel()
        self._query = query
        self._rows = []
        self._total = self._session.document_count(query)
        self.endResetModel()

    def reload(self) -> None:
        """Read the listing again (after documents were added, or states changed)."""
        self.set_query(self._query)

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    def row_of(self, doc_id: str) -> int | None:
        """The row of a document, loading the pages up to it; None where the query hides it."""
        position = self._session.position_of(doc_id, self._query)
        if position is None:
            return None
        self._load_to(position)
        if position < len(self._rows) and self._rows[position].id == doc_id:
            return position
        # The listing changed under us (another program wrote to the file): look it up.
        return next((row for row, s in enumerate(self._rows) if s.id == doc_id), None)

    def ensure_row(self, row: int) -> bool:
        """Load the pages up to `row`; whether that row exists."""
        if row < 0:
            return False
        self._load_to(row)
        return row < len(self._rows)

    # Paging

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        self._fetch(self._page_size)

    def _load_to(self, row: int) -> None:
        missing = row + 1 - len(self._rows)
        if missing > 0:
            pages = -(-missing // self._page_size)
            self._fetch(pages * self._page_size)

    def _fetch(self, limit: int) -> None:
        offset = len(self._rows)
        limit = min(limit, self._total - offset)
        if limit <= 0:
            return
        page = self._session.documents(self._query, offset=offset, limit=limit)
        if len(page) < limit:  # documents were removed meanwhile: stop asking for more
            self._total = offset + len(page)
        if not page:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGNMENT[column])
        if role == DocIdRole:
            return summary.id
        if role == SummaryRole:
            return summary
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in Column._value2member_map_:
            return None
        text, tip = HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGNMENT[Column(section)])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def _display(self, summary: DocumentSummary, column: Column) -> str:
        if column is Column.TITLE:
            return summary.title or summary.id
        if column is Column.LENGTH:
            return number(summary.length)
        if column is Column.SPANS:
            return number(summary.span_count)
        return STATE_SYMBOL[summary.state_of(self.annotator)]

    def _tooltip(self, summary: DocumentSummary) -> str:
        # Tooltips may be read as rich text: escape what comes from the project.
        state = STATE_NAME[summary.state_of(self.annotator)]
        details = (
            f"{summary.id} · {number(summary.length)} characters · "
            f"{number(summary.span_count)} spans · {state} for {self.annotator}"
        )
        return f"<b>{escape(summary.title or summary.id)}</b><br>{escape(details)}"
