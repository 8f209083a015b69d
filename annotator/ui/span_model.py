"""The open document's spans as a Qt table model (`span_filter` filters it for the panel).

`SpanModel` reads from a `DocumentEditor` and follows its `Change` notifications row by row:
a new span is inserted where reading order puts it, a changed one is redrawn (or moved, when a
resize changed its place), a removed one is taken out. Only an edit that touches most of the
document (a reload after another program wrote to the file) resets the model.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime
from enum import IntEnum
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from annotator.core.labels import LabelKind
from annotator.core.model import Source, Span, Status
from annotator.services.editing import Change, DocumentEditor

SpanIdRole = Qt.ItemDataRole.UserRole
"""The span's id (str), in every column."""
SpanRole = Qt.ItemDataRole.UserRole + 1
"""The row's `Span`, in every column."""
LabelRole = Qt.ItemDataRole.UserRole + 2
"""The span's label name (str), in every column: what the label filter reads."""
StatusRole = Qt.ItemDataRole.UserRole + 3
"""The span's status as its value ("pending"; Qt hands a `Status` back as a plain str)."""
FilterRole = Qt.ItemDataRole.UserRole + 5
"""Annotator, label, status and text as one string, "anna\tLOC\tpending\tBerlin": what
`SpanFilter` matches."""
SortRole = Qt.ItemDataRole.UserRole + 4
"""A value that sorts the column sensibly (numbers as numbers, offsets in reading order)."""

Index = QModelIndex | QPersistentModelIndex

TEXT_WIDTH = 40
"""Characters of a span's text shown in the table; the tooltip has all of it."""
RESET_SHARE = 0.5
RESET_MINIMUM = 8
"""A change touching more than this share of the rows (and this many) resets the model."""


class Column(IntEnum):
    TEXT = 0
    LABEL = 1
    RANGE = 2
    SPEAKER = 3
    SOURCE = 4
    STATUS = 5
    ANNOTATOR = 6
    MODIFIED = 7


_COLUMNS = tuple(Column)
_ANSWERED = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        SpanIdRole,
        SpanRole,
        LabelRole,
        StatusRole,
        FilterRole,
        SortRole,
    )
)
"""The roles `SpanModel.data` answers; for any other it says None at once."""
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENTS = {
    Column.RANGE: int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    Column.STATUS: int(Qt.AlignmentFlag.AlignCenter),
}
_ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

HEADERS = {
    Column.TEXT: ("Text", "The annotated text"),
    Column.LABEL: ("Label", "The span's label"),
    Column.RANGE: ("Offsets", "Start and end in characters (end exclusive)"),
    Column.SPEAKER: ("Speaker", "Who says a quotation (— not linked yet)"),
    Column.SOURCE: ("Source", "A person (human) or the model that suggested the span"),
    Column.STATUS: ("Status", "✓ accepted, ? pending suggestion, ✗ rejected"),
    Column.ANNOTATOR: ("Annotator", "Who made or last decided on the span"),
    Column.MODIFIED: ("Modified", "When the span was last changed (local time)"),
}

SHORT_HEADERS = {Column.STATUS: "✓"}
"""Headers of narrow columns: a symbol, with the word in the tooltip and the column menu."""

UNLINKED = "—"
"""The speaker column of a quotation without a speaker."""

STATUS_SYMBOL = {Status.ACCEPTED: "✓", Status.PENDING: "?", Status.REJECTED: "✗"}
STATUS_NAME = {Status.ACCEPTED: "accepted", Status.PENDING: "pending", Status.REJECTED: "rejected"}


def shorten(text: str, width: int = TEXT_WIDTH) -> str:
    """`text` on one line, whitespace collapsed, cut to `width` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def local_time(stamp: str) -> str:
    """An ISO 8601 UTC stamp as local "2026-11-25 19:15"; the stamp itself if unreadable."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


_SWATCHES: dict[str, QIcon] = {}
SWATCH_SIZE = 12


def swatch(colour: str) -> QIcon:
    """A small square of a label's colour, the same when its row is selected."""
    icon = _SWATCHES.get(colour)
    if icon is None:
        pixmap = QPixmap(SWATCH_SIZE, SWATCH_SIZE)
        pixmap.fill(QColor(colour))
        icon = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
            icon.addPixmap(pixmap, mode)
        _SWATCHES[colour] = icon
    return icon


def source_text(span: Span) -> str:
    if span.source is Source.HUMAN:
        return "human"
    return span.model or "model"


def _reading_key(span: Span) -> tuple[int, int, str]:
    """The order of `DocumentEditor.spans()`: by start, longer first, then by id."""
    return (span.start, -span.end, span.id)


class SpanModel(QAbstractTableModel):
    """One row per span of the editor's document, in reading order."""

    def __init__(self, editor: DocumentEditor | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._editor: DocumentEditor | None = None
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, str]] = []
        """`_reading_key` of each row, for bisect."""
        self._key_of: dict[str, tuple[int, int, str]] = {}
        """Each shown span's key as the model has it (the editor may already know newer)."""
        self.set_editor(editor)

    # What the model shows

    @property
    def editor(self) -> DocumentEditor | None:
        return self._editor

    def set_editor(self, editor: DocumentEditor | None) -> None:
        """Show another document's spans (or none), and follow that editor's changes."""
        if self._editor is not None:
            self._editor.unsubscribe(self._changed)
        self._editor = editor
        if editor is not None:
            editor.subscribe(self._changed)
        self._reload()

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def row_of(self, span_id: str) -> int | None:
        """The row of a span, or None if the model shows no such span."""
        key = self._key_of.get(span_id)
        return None if key is None else bisect_left(self._keys, key)

    def _reload(self) -> None:
        self.beginResetModel()
        self._spans = self._editor.spans() if self._editor is not None else []
        self._keys = [_reading_key(s) for s in self._spans]
        self._key_of = {s.id: key for s, key in zip(self._spans, self._keys, strict=True)}
        self.endResetModel()

    # Following the editor

    def _changed(self, change: Change) -> None:
        editor = self._editor
        if editor is None or change.doc_id != editor.doc_id:
            return
        if len(change.span_ids) > max(RESET_MINIMUM, RESET_SHARE * len(self._spans)):
            self._reload()
            return
        touched = set(change.span_ids)
        # A quotation shows its speaker's text: redraw the quotations of a changed speaker too.
        for span_id in change.span_ids:
            if self._has(span_id):
                touched.update(q.id for q in editor.quotations_of(span_id))
        for span_id in sorted(touched):
            self._update(span_id)

    def _has(self, span_id: str) -> bool:
        try:
            self._editor.span(span_id)  # type: ignore[union-attr]
        except KeyError:
            return False
        return True

    def _update(self, span_id: str) -> None:
        old_row = self.row_of(span_id)
        try:
            span = self._editor.span(span_id)  # type: ignore[union-attr]
        except KeyError:
            if old_row is not None:
                self.beginRemoveRows(QModelIndex(), old_row, old_row)
                del self._spans[old_row]
                del self._keys[old_row]
                del self._key_of[span_id]
                self.endRemoveRows()
            return
        key = _reading_key(span)
        if old_row is None:
            row = bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans.insert(row, span)
            self._keys.insert(row, key)
            self._key_of[span_id] = key
            self.endInsertRows()
            return
        # Where the span belongs once its old place is taken out.
        new_row = bisect_left(self._keys, key)
        if new_row > old_row:
            new_row -= 1
        if new_row != old_row:
            # Qt counts the destination before the move: moving down means one row further.
            destination = new_row + 1 if new_row > old_row else new_row
            self.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), destination)
            del self._spans[old_row]
            del self._keys[old_row]
            self._spans.insert(new_row, span)
            self._keys.insert(new_row, key)
            self._key_of[span_id] = key
            self.endMoveRows()
        else:
            self._spans[old_row] = span
            self._keys[old_row] = key
            self._key_of[span_id] = key
        # One cell at a time: a view repaints a single changed cell, but all of itself for a
        # range of them (QAbstractItemView::dataChanged); 650 calls of `data` against 30.
        for column in range(len(_COLUMNS)):
            index = self.index(new_row, column)
            self.dataChanged.emit(index, index, [])

    # QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked ~700 times a repaint: roles compared as ints (an enum member costs a lookup),
        # the ones answered with None leaving first.
        if role not in _ANSWERED or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._spans):
            return None
        span = self._spans[row]
        column = _COLUMNS[index.column()]  # Column(n) costs a call into enum, per cell
        if role == _DISPLAY:
            return self._display(span, column)
        if role == _FONT:
            if span.status is not Status.PENDING:
                return None
            font = QApplication.font()
            font.setItalic(True)  # a suggestion, not yet anyone's decision
            return font
        if role == _ALIGNMENT:
            return _ALIGNMENTS.get(column)
        if role == _DECORATION:
            if column is not Column.LABEL:
                return None
            label = self._editor.scheme.get(span.label) if self._editor else None
            return swatch(label.colour) if label else None
        if role == _FOREGROUND:
            if span.status is not Status.REJECTED:
                return None
            return QApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == SpanIdRole:
            return span.id
        if role == SpanRole:
            return span
        if role == LabelRole:
            return span.label
        if role == StatusRole:
            return span.status.value
        if role == FilterRole:
            text = " ".join(self._text_of(span).split())
            return f"{span.annotator}\t{span.label}\t{span.status.value}\t{text}"
        if role == SortRole:
            return self._sort_value(span, column, row)
        return self._tooltip(span)  # the one role left

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in Column._value2member_map_:
            return None
        text, tip = HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return SHORT_HEADERS.get(Column(section), text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def _is_quotation(self, span: Span) -> bool:
        label = self._editor.scheme.get(span.label) if self._editor else None
        return label is not None and label.kind is LabelKind.QUOTATION

    def _speaker(self, span: Span) -> Span | None:
        if self._editor is None or not self._is_quotation(span):
            return None
        return self._editor.speaker_of(span.id)

    def _display(self, span: Span, column: Column) -> str:
        if column is Column.TEXT:
            return shorten(self._text_of(span))
        if column is Column.LABEL:
            return span.label
        if column is Column.RANGE:
            return f"{span.start}–{span.end}"
        if column is Column.SPEAKER:
            if not self._is_quotation(span):
                return ""
            speaker = self._speaker(span)
            return shorten(self._text_of(speaker), 24) if speaker else UNLINKED
        if column is Column.SOURCE:
            return source_text(span)
        if column is Column.STATUS:
            return STATUS_SYMBOL[span.status]
        if column is Column.ANNOTATOR:
            return span.annotator
        return local_time(span.modified)

    def _sort_value(self, span: Span, column: Column, row: int) -> Any:
        if column is Column.RANGE:
            return row  # the rows are in reading order already
        if column is Column.MODIFIED:
            return span.modified
        if column is Column.STATUS:
            return STATUS_NAME[span.status]
        return self._display(span, column).casefold()

    def _text_of(self, span: Span) -> str:
        return span.text_in(self._editor.text) if self._editor else ""

    def _tooltip(self, span: Span) -> str:
        # Tooltips may be read as rich text: escape what comes from the project.
        lines = [f"<b>{escape(span.label)}</b> {escape(shorten(self._text_of(span), 300))}"]
        speaker = self._speaker(span)
        if speaker is not None:
            lines.append(f"Speaker: {escape(shorten(self._text_of(speaker), 80))}")
        lines.append(
            escape(
                f"{STATUS_NAME[span.status]} · {source_text(span)} · {span.annotator} · "
                f"{local_time(span.modified)}"
            )
        )
        if span.comment:
            lines.append(escape(span.comment))
        return "<br>".join(lines)


__all__ = [
    "Column",
    "FilterRole",
    "LabelRole",
    "SortRole",
    "SpanIdRole",
    "SpanModel",
    "SpanRole",
    "StatusRole",
]
