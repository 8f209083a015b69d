"""The annotation panel: the open document's spans in a table, filters, and the span form.

`install_annotation_panel(window)` docks it on the right of the main window and connects it:
a row the user picks selects the span in the window, a span selected in the text selects its
row here, and another document (or none) brings its spans.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span, Status
from annotator.services.editing import DocumentEditor
from annotator.ui.actions import ACTIONS, make_action
from annotator.ui.numbers import number
from annotator.ui.span_filter import SpanFilter
from annotator.ui.span_form import SpanForm
from annotator.ui.span_model import SpanIdRole, SpanModel, swatch
from annotator.ui.span_table import SpanTable

ScrollHint = QAbstractItemView.ScrollHint
PANEL_WIDTH = 340
TEXT_FILTER_DELAY_MS = 200
STATUS_CHOICES: tuple[tuple[str, Status | None], ...] = (
    ("Any status", None),
    ("Pending", Status.PENDING),
    ("Accepted", Status.ACCEPTED),
    ("Rejected", Status.REJECTED),
)


class AnnotationPanel(QWidget):
    """Lists and edits the spans of one `DocumentEditor`'s document."""

    span_activated = Signal(str)
    """The user picked a span's row (by mouse or keyboard): the window should select it."""
    title_changed = Signal(str)
    """ "Annotations (34)", whenever the count changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self._editor: DocumentEditor | None = None
        self._quiet = 0
        """Above zero while the panel itself or a model change moves the current row."""
        self._switching = False

        self.model = SpanModel(parent=self)
        self.proxy = SpanFilter(self)
        self.proxy.setSourceModel(self.model)
        # Connected before the view's selection model: a removed current row must not look
        # like the user picking its neighbour.
        for begin, end in (
            (self.proxy.rowsAboutToBeRemoved, self.proxy.rowsRemoved),
            (self.proxy.rowsAboutToBeInserted, self.proxy.rowsInserted),
            (self.proxy.rowsAboutToBeMoved, self.proxy.rowsMoved),
            (self.proxy.layoutAboutToBeChanged, self.proxy.layoutChanged),
            (self.proxy.modelAboutToBeReset, self.proxy.modelReset),
        ):
            begin.connect(self._hush)
            end.connect(self._unhush)
        # Both: the proxy drops a row before the model has, and adds one after it.
        for model in (self.model, self.proxy):
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
                signal.connect(self._update_count)

        self.header = QLabel(self)
        self.header.setObjectName("annotationCount")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)

        self.label_filter = QComboBox(self)
        self.label_filter.setObjectName("annotationLabelFilter")
        self.label_filter.setToolTip("Show only spans of this label")
        self.label_filter.currentIndexChanged.connect(self._label_filter_chosen)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("annotationStatusFilter")
        self.status_filter.setToolTip("Show only accepted spans, pending suggestions or rejected")
        for text, status in STATUS_CHOICES:
            self.status_filter.addItem(text, status)
        self.status_filter.currentIndexChanged.connect(self._status_filter_chosen)
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("annotationTextFilter")
        self.text_filter.setPlaceholderText("Filter text")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setToolTip("Show only spans whose text contains this (any case)")
        # Each key would filter 20,000 rows of a long document: wait for a pause in typing.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_FILTER_DELAY_MS)
        self._text_timer.timeout.connect(self.apply_text_filter)
        self.text_filter.textChanged.connect(self._text_timer.start)
        self.text_filter.returnPressed.connect(self.apply_text_filter)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.text_filter, 4)
        filters.addWidget(self.label_filter, 3)
        filters.addWidget(self.status_filter, 3)

        self.table = SpanTable(self.proxy, self)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.proxy.modelReset.connect(self._reselect)

        # The form takes the height it needs, the table the rest (a splitter would let the
        # form be squeezed until its rows overlap).
        self.form = SpanForm(self)
        self._set_up_keys()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addSpacing(4)
        layout.addWidget(self.form)
        self.set_editor(None)

    def _set_up_keys(self) -> None:
        """In the table, the text's keys for deleting and accepting act on the current row."""
        for name, handler in (
            ("span/delete", self.delete_current),
            ("span/accept", self.accept_current),
        ):
            if name not in ACTIONS:
                continue
            action = make_action(name, self.table)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(handler)
            self.table.addAction(action)

    def _current_row_span(self) -> Span | None:
        index = self.table.currentIndex()
        span_id = index.data(SpanIdRole) if index.isValid() else None
        if span_id is None or self._editor is None or span_id != self.form.span_id:
            return None
        return self._editor.span(span_id)

    def delete_current(self) -> None:
        """Reject the current row's suggestion, or remove its span and go on to the next row."""
        span = self._current_row_span()
        if span is None:
            return
        if span.status is Status.PENDING:
            self.form.apply_edit(lambda e, i: e.reject(i))
            return
        row = self.table.currentIndex().row()
        if self.form.apply_edit(lambda e, i: e.remove(i)) and self.proxy.rowCount():
            following = self.proxy.index(min(row, self.proxy.rowCount() - 1), 0)
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self._hush()
            try:  # Qt may have made it current already, quietly: say so either way
                self.table.selectionModel().setCurrentIndex(following, flags)
            finally:
                self._unhush()
            span_id = following.data(SpanIdRole)
            self.form.set_span(span_id)
            self.span_activated.emit(span_id)

    def accept_current(self) -> None:
        span = self._current_row_span()
        if span is not None and span.status is not Status.ACCEPTED:
            self.form.apply_edit(lambda e, i: e.accept(i))

    # The document

    @property
    def editor(self) -> DocumentEditor | None:
        return self._editor

    def set_editor(self, editor: DocumentEditor | None) -> None:
        """Show the spans of another open document, or none."""
        self._editor = editor
        self._hush()
        self._switching = True
        try:
            self.model.set_editor(editor)
            self.form.set_editor(editor)
            self._fill_label_filter()
        finally:
            self._switching = False
            self._unhush()
        for widget in (self.text_filter, self.label_filter, self.status_filter):
            widget.setEnabled(editor is not None)
        self._update_count()

    def _reselect(self) -> None:
        """After the model was reset under it (the document read again), select the row again."""
        if not self._switching and self.form.span_id is not None:
            self.select_span(self.form.span_id)

    def _fill_label_filter(self) -> None:
        previous = self.label_filter.currentData()
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem("All labels", None)
        if self._editor is not None:
            for label in self._editor.scheme:
                self.label_filter.addItem(swatch(label.colour), label.name, label.name)
        index = max(0, self.label_filter.findData(previous)) if previous else 0
        self.label_filter.setCurrentIndex(index)
        self.label_filter.blockSignals(False)
        self.proxy.set_label(self.label_filter.currentData())

    # Selection

    @property
    def current_span(self) -> str | None:
        return self.form.span_id

    def select_span(self, span_id: str | None) -> None:
        """Select a span's row as the window asks, without telling the window back."""
        self.form.set_span(span_id or None)
        selection = self.table.selectionModel()
        row = self.model.row_of(span_id) if span_id else None
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
        self._hush()
        try:
            if index is None or not index.isValid():  # no such span, or filtered out
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
                return
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
            self.table.scrollTo(index, ScrollHint.EnsureVisible)
        finally:
            self._unhush()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        span_id = current.data(SpanIdRole)
        self.form.set_span(span_id)
        self.span_activated.emit(span_id)

    def _hush(self, *_args: Any) -> None:
        self._quiet += 1

    def _unhush(self, *_args: Any) -> None:
        self._quiet = max(0, self._quiet - 1)

    # Filters and the count

    def _label_filter_chosen(self, _index: int) -> None:
        self.proxy.set_label(self.label_filter.currentData())
        self._after_filter()

    def apply_text_filter(self) -> None:
        self._text_timer.stop()
        if " ".join(self.text_filter.text().split()) != self.proxy.text:
            self.proxy.set_text(self.text_filter.text())
            self._after_filter()

    def _status_filter_chosen(self, _index: int) -> None:
        self.proxy.set_status(self.status_filter.currentData())
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        if self.form.span_id is not None:
            self.select_span(self.form.span_id)  # keep the row selected if it is still shown

    @property
    def title(self) -> str:
        return self.header.text()

    def _update_count(self, *_args: Any) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            text = f"Annotations ({number(total)})"
        else:
            text = f"Annotations ({number(shown)} of {number(total)})"
        if text != self.header.text():
            self.header.setText(text)
            self.title_changed.emit(text)


def install_annotation_panel(window: QMainWindow) -> AnnotationPanel:
    """Dock a new panel on the right of `window` and wire it to the window's editor.

    The window offers `editor`, `editor_changed(object)`, `span_selected(str)` and
    `select_span(span_id)`; the panel follows the first three and calls the last.
    """
    panel = AnnotationPanel()
    dock = QDockWidget("Annotations", window)
    dock.setObjectName("annotationDock")
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resizeDocks([dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)
    # The dock's title bar carries the count; the panel's own header would repeat it.
    panel.header.hide()
    panel.title_changed.connect(dock.setWindowTitle)
    dock.setWindowTitle(panel.title)

    window_: Any = window
    panel.span_activated.connect(window_.select_span)
    window_.span_selected.connect(panel.select_span)
    window_.editor_changed.connect(panel.set_editor)
    panel.set_editor(window_.editor)
    return panel


__all__ = ["AnnotationPanel", "install_annotation_panel"]
