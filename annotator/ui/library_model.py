"""The document library as a Qt table model over the whole listing, read a page at a time.

`rowCount` is the number of documents the query matches, so that the scroll bar is true and a
row far down can be reached at once. The rows a view asks for are read by page (`PAGE_SIZE`
rows at the page's offset) and a few recent pages are kept (least recently used go first): a
library of 100,000 documents holds a few hundred summaries in memory, whichever rows are shown.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from enum import IntEnum
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication, QPalette

from annotator.core.labels import LabelScheme
from annotator.core.library import DocumentQuery, DocumentSummary, SortKey
from annotator.core.model import DocState
from annotator.services.library import PAGE_SIZE, ProjectSession
from annotator.ui.numbers import number

DocIdRole = Qt.ItemDataRole.UserRole
"""The document's id (str), in every column."""
SummaryRole = Qt.ItemDataRole.UserRole + 1
"""The row's `DocumentSummary`, in every column."""

Index = QModelIndex | QPersistentModelIndex
KEPT_PAGES = 8
"""How many pages stay in memory: enough for a screen of rows and a jump back."""


class Column(IntEnum):
    POSITION = 0
    TITLE = 1
    LENGTH = 2
    SPANS = 3
    STATE = 4


HEADERS = {
    Column.POSITION: ("#", "The document's place in the library (the order of import)"),
    Column.TITLE: ("Title", "The document's title"),
    Column.LENGTH: ("Length", "Characters of text"),
    Column.SPANS: ("Spans", "Annotations by anyone, rejected suggestions not counted"),
    Column.STATE: ("State", "Yours: ○ new, ◐ in progress, ● done, – skipped"),
}

SORT_KEYS = {
    Column.POSITION: SortKey.POSITION,
    Column.TITLE: SortKey.TITLE,
    Column.LENGTH: SortKey.LENGTH,
}
"""The columns the library can be sorted by (counting spans or states for every document of a
large library would not be instant)."""
SORTED_COLUMN = {key: column for column, key in SORT_KEYS.items()}

STATE_SYMBOL = {
    DocState.NEW: "○",
    DocState.IN_PROGRESS: "◐",
    DocState.DONE: "●",
    DocState.SKIPPED: "–",
}
"""A shape per state, so that it reads in greyscale too."""
STATE_NAME = {
    DocState.NEW: "new",
    DocState.IN_PROGRESS: "in progress",
    DocState.DONE: "done",
    DocState.SKIPPED: "skipped",
}


def state_text(state: DocState) -> str:
    """ "● done": the symbol and the word."""
    return f"{STATE_SYMBOL[state]} {STATE_NAME[state]}"


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGNMENT = {
    Column.POSITION: _RIGHT,
    Column.TITLE: _LEFT,
    Column.LENGTH: _RIGHT,
    Column.SPANS: _RIGHT,
    Column.STATE: _LEFT,
}


@dataclasses.dataclass(frozen=True, slots=True)
class Widest:
    position: int
    length: int
    span_count: int = 9_999
    """Not looked up (it would count every document's spans): four digits fit most."""


class LibraryModel(QAbstractTableModel):
    """Rows of `DocumentSummary` for one query; every matching document is a row."""

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
        self._pages: OrderedDict[int, list[DocumentSummary]] = OrderedDict()
        self._total = session.document_count(self._query)
        self._reload_due = False

    # What the model shows

    @property
    def query(self) -> DocumentQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many documents the query matches (every one of them is a row)."""
        return self._total

    def project_total(self) -> int:
        """How many documents the project holds, whatever the query."""
        return self._session.document_count()

    @property
    def annotator(self) -> str:
        return self._session.annotator

    def widest(self) -> Widest:
        """The largest numbers the columns show, for sizing them."""
        position, length = self._session.largest_position_and_length()
        return Widest(position=position, length=length)

    @property
    def scheme(self) -> LabelScheme:
        return self._session.scheme

    @property
    def pages_read(self) -> list[int]:
        """The numbers of the pages in memory, least recently used first."""
        return list(self._pages)

    def set_query(self, query: DocumentQuery) -> None:
        """List the documents of another query (a reset: views forget their selection)."""
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._total = self._session.document_count(query)
        self.endResetModel()

    def reload(self) -> None:
        """Read the listing again from scratch (after an import, say)."""
        self._reload_due = False
        self.set_query(self._query)

    def refresh(self) -> None:
        """Read the rows again after an edit (span counts, states), keeping the selection.

        Where the number of matching documents changed (an edit took a document into or out
        of a filter), the rows are not the same ones any more: then this is a reload.
        """
        total = self._session.document_count(self._query)
        if total != self._total:
            self.reload()
            return
        self._pages.clear()
        if total:
            last = self.index(total - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def summary(self, row: int) -> DocumentSummary | None:
        """The row's document, reading its page if need be; None past the end."""
        if not 0 <= row < self._total:
            return None
        page_number, place = divmod(row, self._page_size)
        page = self._page(page_number)
        return page[place] if place < len(page) else None

    def row_of(self, doc_id: str) -> int | None:
        """The row of a document; None where the query hides it (or there is none)."""
        position = self._session.position_of(doc_id, self._query)
        if position is None or position >= self._total:
            return None
        found = self.summary(position)
        if found is not None and found.id == doc_id:
            return position
        # The listing changed under us (another program wrote to the file): read it again.
        self.reload()
        position = self._session.position_of(doc_id, self._query)
        return position if position is not None and position < self._total else None

    def ensure_row(self, row: int) -> bool:
        """Whether row `row` exists (its page is read when shown)."""
        return 0 <= row < self._total

    # Paging

    def _page(self, number: int) -> list[DocumentSummary]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        offset = number * self._page_size
        expected = min(self._page_size, self._total - offset)
        page = self._session.documents(self._query, offset=offset, limit=expected)
        if len(page) < expected and not self._reload_due:
            # Documents went away meanwhile (another program): count again once the view
            # is done asking, not while it paints.
            self._reload_due = True
            QTimer.singleShot(0, self.reload)
        self._pages[number] = page
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        return page

    # Sorting, as a view's header asks for it

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Column(column)) if column in Column._value2member_map_ else None
        if key is None:
            return  # not a column the library sorts by
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._query.sort, self._query.descending):
            self.set_query(dataclasses.replace(self._query, sort=key, descending=descending))

    # QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGNMENT[column])
        if role == Qt.ItemDataRole.ForegroundRole and column is not Column.STATE:
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary)
        if role == Qt.ItemDataRole.ForegroundRole:
            # "new" and "skipped" recede, so that the documents worked on stand out.
            if summary.state_of(self.annotator) in (DocState.NEW, DocState.SKIPPED):
                return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
            return None
        if role == DocIdRole:
            return summary.id
        return summary  # SummaryRole

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in Column._value2member_map_:
            return None
        column = Column(section)
        text, tip = HEADERS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            how = "click to sort" if column in SORT_KEYS else "not sortable"
            return f"{tip} ({how})"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGNMENT[column])
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
        if column is Column.POSITION:
            return number(summary.position)
        if column is Column.TITLE:
            return summary.title or summary.id
        if column is Column.LENGTH:
            return number(summary.length)
        if column is Column.SPANS:
            return number(summary.span_count)
        return state_text(summary.state_of(self.annotator))

    def _tooltip(self, summary: DocumentSummary) -> str:
        # Tooltips may be read as rich text: escape what comes from the project.
        state = STATE_NAME[summary.state_of(self.annotator)]
        details = (
            f"{summary.id} · {number(summary.length)} characters · "
            f"{number(summary.span_count)} spans · {state} for {self.annotator}"
        )
        return f"<b>{escape(summary.title or summary.id)}</b><br>{escape(details)}"


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        DocIdRole,
        SummaryRole,
    }
)
