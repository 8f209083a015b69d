"""The library panel: a filter field, the table of documents, and how many there are."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.library_model import Column, DocIdRole, LibraryModel
from annotator.ui.numbers import number, quantity

ScrollHint = QAbstractItemView.ScrollHint
FILTER_DELAY_MS = 200
"""Wait this long after the last key before filtering, so that typing stays smooth."""


class LibraryPanel(QWidget):
    """Lists the documents; says which one the user picked with `document_chosen(doc_id)`."""

    document_chosen = Signal(str)

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.model = model
        self._current: str | None = None
        self._shown_once = False

        self.filter = QLineEdit(self)
        self.filter.setObjectName("libraryFilter")
        self.filter.setPlaceholderText("Filter titles")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Show only documents whose title contains all these words")
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.filter.returnPressed.connect(self.apply_filter)

        self.table = QTableView(self)
        self.table.setObjectName("libraryTable")
        self.table.setModel(model)
        self._set_up_table()

        self.count = QLabel(self)
        self.count.setObjectName("libraryCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        model.modelReset.connect(self._update_count)
        self._update_count()

    def _set_up_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setCornerButtonEnabled(False)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        rows = table.verticalHeader()
        rows.hide()
        # One fixed row height: views over huge models stay fast only with uniform rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QFontMetrics(table.font()).height() + 10)

        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = QFontMetrics(table.font())
        padding = 20
        widths = {
            Column.LENGTH: metrics.horizontalAdvance("888,888"),
            Column.SPANS: metrics.horizontalAdvance("Spans"),
            Column.STATE: metrics.horizontalAdvance("◐"),
        }
        for column, width in widths.items():
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            header_width = metrics.horizontalAdvance(title)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(width, header_width) + padding)

    # The current document

    @property
    def current_id(self) -> str | None:
        return self._current

    def select(self, doc_id: str) -> bool:
        """Make a document the current row; False where the filter hides it or there is none."""
        row = self.model.row_of(doc_id)
        if row is None:
            return False
        self._select_row(row, ScrollHint.PositionAtCenter)
        return True

    def select_row(self, row: int) -> bool:
        """Make row `row` current (loading pages up to it); False if there is no such row."""
        if not self.model.ensure_row(row):
            return False
        self._select_row(row)
        return True

    def step(self, delta: int) -> bool:
        """Move to the next (+1) or previous (-1) document of the list."""
        current = self.table.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        return self.select_row(row)

    def _select_row(self, row: int, hint: ScrollHint = ScrollHint.EnsureVisible) -> None:
        index = self.model.index(row, Column.TITLE)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index, hint)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # A row chosen before the window was shown was scrolled to in a viewport of no size.
            self._shown_once = True
            QTimer.singleShot(0, self._center_current)

    def _center_current(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current, ScrollHint.PositionAtCenter)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        doc_id = current.data(DocIdRole)
        if doc_id != self._current:
            self._current = doc_id
            self.document_chosen.emit(doc_id)

    # Filtering

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        search = " ".join(self.filter.text().split())
        if search == self.model.query.search:
            return
        self.model.set_query(dataclasses.replace(self.model.query, search=search))
        if self._current is not None:
            self.select(self._current)

    def _update_count(self) -> None:
        shown = self.model.total
        if self.model.query.search:
            total = self.model.project_total()
            self.count.setText(f"{number(shown)} of {quantity(total, 'document')}")
        else:
            self.count.setText(quantity(shown, "document"))
