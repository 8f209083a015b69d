"""The library panel: search and filters above the table of documents, and how many there are."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QKeyEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.library import DocumentQuery
from annotator.core.model import DocState
from annotator.ui.library_model import (
    HEADERS,
    SORT_KEYS,
    SORTED_COLUMN,
    STATE_NAME,
    STATE_SYMBOL,
    Column,
    DocIdRole,
    LibraryModel,
    state_text,
)
from annotator.ui.numbers import number, quantity
from annotator.ui.tables import set_up_record_table

ScrollHint = QAbstractItemView.ScrollHint
FILTER_DELAY_MS = 200
"""Wait this long after the last key before searching, so that typing stays smooth."""
ANY_STATE = "All states"
ANY_LABEL = "All labels"
COLUMN_NAMES = {Column.POSITION: "Place in the Library (#)"}
"""How the header's menu names a column where its heading is too short to say."""


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
        self.filter.setPlaceholderText("Search titles and text")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip(
            "Show only documents with all these words in the title or the text\n"
            "(in the text, from the start of a word: “Merk” finds “Merkel”)"
        )
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.filter.returnPressed.connect(self.apply_filter)
        self.filter.installEventFilter(self)

        self.state_filter = self._state_combo()
        self.label_filter = self._label_combo()

        self.table = QTableView(self)
        self.table.setObjectName("libraryTable")
        self.table.setModel(model)
        self._set_up_table()

        self.count = QLabel(self)
        self.count.setObjectName("libraryCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_filters = QToolButton(self)
        self.clear_filters.setObjectName("libraryClearFilters")
        self.clear_filters.setText("Show all")
        self.clear_filters.setToolTip("Clear the search and the filters")
        self.clear_filters.setAutoRaise(True)
        self.clear_filters.clicked.connect(self.clear)

        for combo in (self.state_filter, self.label_filter):
            # As wide as each other, and never widening the panel for a long entry.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combos = QHBoxLayout()
        combos.setSpacing(6)
        combos.addWidget(self.state_filter, 1)
        combos.addWidget(self.label_filter, 1)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.count, 1)
        footer.addWidget(self.clear_filters)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addLayout(combos)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        model.modelReset.connect(self._after_reset)
        self._update_count()

    # The widgets

    def _state_combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("libraryStateFilter")
        combo.setToolTip(f"Show only documents in this state for you ({self.model.annotator})")
        combo.addItem(ANY_STATE, None)
        for state in DocState:
            combo.addItem(f"{STATE_SYMBOL[state]} {STATE_NAME[state].capitalize()}", state.value)
        combo.currentIndexChanged.connect(self.apply_filter)
        return combo

    def _label_combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("libraryLabelFilter")
        combo.setToolTip("Show only documents with spans of this label (suggestions included)")
        self._labels_listed: tuple[tuple[str, str, str], ...] = ()
        self._list_labels(combo)
        combo.currentIndexChanged.connect(self.apply_filter)
        return combo

    def _list_labels(self, combo: QComboBox) -> None:
        """Fill the label filter from the scheme (again, if it changed); keeps the choice."""
        labels = tuple((lb.name, lb.colour, lb.description) for lb in self.model.scheme.labels)
        if labels == self._labels_listed:
            return
        self._labels_listed = labels
        chosen = combo.currentData() or ""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ANY_LABEL, "")
        size = QFontMetrics(combo.font()).height() - 4
        for name, colour, description in labels:
            swatch = QPixmap(size, size)
            swatch.fill(QColor(colour))
            combo.addItem(QIcon(swatch), name, name)
            if description:
                combo.setItemData(combo.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def _set_up_table(self) -> None:
        table = self.table
        set_up_record_table(table, row_padding=10)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        self._show_sort_indicator()
        header.sortIndicatorChanged.connect(self._sort_clicked)
        # Which columns show is the user's choice (right-click the header); the window keeps
        # the header's state. The title needs the room most: the place is hidden at first.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setSectionHidden(Column.POSITION, True)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in Column:
            if column is not Column.TITLE:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Make the number columns as wide as the library's numbers need, the title the rest."""
        header = self.table.horizontalHeader()
        metrics = QFontMetrics(header.font())
        padding = 12
        arrow = 16  # room for the sort arrow beside a sortable column's name
        widest = self.model.widest()
        texts = {
            Column.POSITION: number(widest.position),
            Column.LENGTH: number(widest.length),
            Column.SPANS: number(widest.span_count),
            Column.STATE: state_text(DocState.IN_PROGRESS),
        }
        for column, text in texts.items():
            name = self.model.headerData(column, Qt.Orientation.Horizontal)
            name_width = metrics.horizontalAdvance(name) + (arrow if column in SORT_KEYS else 0)
            header.resizeSection(column, max(metrics.horizontalAdvance(text), name_width) + padding)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape in the search field: clear it, or, when empty, go back to the list.
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            if self.filter.text():
                self.filter.clear()
                self.apply_filter()
            else:
                self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    def column_menu(self) -> QMenu:
        """The header's menu: a check box per column, and the library's own order."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.setObjectName("libraryColumns")
        for column in Column:
            if column is Column.TITLE:
                continue
            name, tip = HEADERS[column]
            action = menu.addAction(COLUMN_NAMES.get(column, name))
            action.setToolTip(tip)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
        menu.addSeparator()
        order = menu.addAction("Sort in Library &Order")
        order.setToolTip("The order the documents were imported in")
        order.triggered.connect(
            lambda: header.setSortIndicator(Column.POSITION, Qt.SortOrder.AscendingOrder)
        )
        return menu

    def _header_menu(self, point: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(point))
        menu.deleteLater()

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
        """Make row `row` current; False if there is no such row."""
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
        if doc_id is not None and doc_id != self._current:
            self._current = doc_id
            self.document_chosen.emit(doc_id)

    def _after_reset(self) -> None:
        """Another listing: the document shown stays selected where the listing has it."""
        self._list_labels(self.label_filter)  # the scheme may have changed meanwhile
        self._update_count()
        self._show_sort_indicator()
        if self._current is not None:
            self.select(self._current)

    # Searching, filtering, sorting

    def query(self) -> DocumentQuery:
        """The query the search field and the filters ask for (with the model's sort order)."""
        data = self.state_filter.currentData()  # Qt keeps the enum's value, a str
        state = DocState(data) if data else None
        return dataclasses.replace(
            self.model.query,
            search=" ".join(self.filter.text().split()),
            state=state,
            annotator=self.model.annotator if state is not None else "",
            label=self.label_filter.currentData() or "",
        )

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        query = self.query()
        if query != self.model.query:
            self.model.set_query(query)

    def clear(self) -> None:
        """Show every document again (the sort order stays)."""
        for widget in (self.filter, self.state_filter, self.label_filter):
            widget.blockSignals(True)
        self.filter.clear()
        self.state_filter.setCurrentIndex(0)
        self.label_filter.setCurrentIndex(0)
        for widget in (self.filter, self.state_filter, self.label_filter):
            widget.blockSignals(False)
        self.apply_filter()

    def _sort_clicked(self, section: int, order: Qt.SortOrder) -> None:
        if section in Column._value2member_map_ and Column(section) in SORT_KEYS:
            self.model.sort(section, order)
        else:
            self._show_sort_indicator()  # Spans and State cannot be sorted by

    def _show_sort_indicator(self) -> None:
        query = self.model.query
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(SORTED_COLUMN[query.sort], order)
        header.blockSignals(False)

    def _update_count(self) -> None:
        shown = self.model.total
        filtered = self.model.query.filtered
        self.clear_filters.setVisible(filtered)
        if filtered:
            total = self.model.project_total()
            self.count.setText(f"{number(shown)} of {quantity(total, 'document')}")
        else:
            self.count.setText(quantity(shown, "document"))
