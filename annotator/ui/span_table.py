"""The panel's table of spans: columns sized for their content, sorting, and the column menu.

Clicks on a header sort by that column, up, then down, and a third click returns to reading
order; right-clicking the header chooses the columns, and the choice is kept in the window
settings.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.ui.preferences import window_settings
from annotator.ui.span_model import HEADERS, Column
from annotator.ui.tables import set_up_record_table

HIDDEN_COLUMNS = (Column.RANGE, Column.SOURCE, Column.ANNOTATOR, Column.MODIFIED)
"""Columns a narrow dock leaves out at first; the header's context menu shows them."""
COLUMNS_KEY = "annotations/columns"
"""Window setting: the names of the columns the user keeps shown."""


def shown_columns() -> set[Column]:
    """The columns shown: as the user left them, else all but `HIDDEN_COLUMNS`."""
    value = window_settings().value(COLUMNS_KEY)
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    if not names:
        return {c for c in Column if c not in HIDDEN_COLUMNS}
    return {Column.TEXT} | {c for c in Column if c.name.lower() in names}


def save_shown_columns(columns: Iterable[Column]) -> None:
    window_settings().setValue(COLUMNS_KEY, [c.name.lower() for c in columns])


class SpanTable(QTableView):
    """A view of the spans, one row each; `column_actions` show and hide the columns."""

    def __init__(self, model: QSortFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationTable")
        self.setModel(model)
        set_up_record_table(self, row_padding=8)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        # Clicks sort by a column, up, down, and a third click returns to reading order.
        header.setSortIndicatorShown(True)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self._size_columns(QFontMetrics(self.font()))
        self._make_column_menu()

    def _size_columns(self, metrics: QFontMetrics) -> None:
        header = self.horizontalHeader()
        padding = 16
        samples = {
            Column.LABEL: "QUOTE",
            Column.RANGE: "88888–88888",
            Column.SPEAKER: "Ban Ki-moon",
            Column.SOURCE: "de_core_news",
            Column.STATUS: "✓",
            Column.ANNOTATOR: "annotator",
            Column.MODIFIED: "2026-11-25 19:15",
        }
        for column, sample in samples.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            width = metrics.horizontalAdvance(sample) + padding
            if column is Column.LABEL:
                width += 16  # the colour swatch
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("✓") + padding)

    def _make_column_menu(self) -> None:
        """Right-click on the header: choose the columns."""
        header = self.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        shown = shown_columns()
        self.column_actions: dict[Column, QAction] = {}
        for column in Column:
            title, tip = HEADERS[column]
            action = QAction(title, header)
            action.setCheckable(True)
            action.setChecked(column in shown)
            action.setToolTip(tip)
            action.setEnabled(column is not Column.TEXT)
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
            header.addAction(action)
            self.column_actions[column] = action
            self.setColumnHidden(column, column not in shown)
        header.setToolTip(
            "Click to sort (a third click returns to reading order); right-click to choose columns"
        )

    def show_column(self, column: Column, shown: bool) -> None:
        self.setColumnHidden(column, not shown)
        save_shown_columns(c for c in Column if not self.isColumnHidden(c))


__all__ = ["HIDDEN_COLUMNS", "SpanTable", "shown_columns"]
