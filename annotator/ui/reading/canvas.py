"""The text widget: a read-only `QPlainTextEdit` that also paints what formats cannot.

Over the text: dashed outlines of suggestions, the band under each quotation, the outline of
the selected span and the line from a selected quotation to its speaker. In the left margin:
a bar beside every line of a quotation (nested ones side by side). Only the visible lines are
looked at, so painting costs the same at the top of a 1 MB text as at its end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlock,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QToolTip, QWidget

from annotator.ui.reading.look import Look
from annotator.ui.reading.spans import Shown, SpanIndex

BAR_WIDTH = 3
DOTS = Qt.PenStyle.DotLine
BAR_GAP = 3
MARGIN_AREA = 22
"""Pixels of the left margin that hold the quotation bars."""


class SpanCanvas(QPlainTextEdit):
    """The document's text with its spans drawn; the controller decides what keys and clicks do."""

    clicked = Signal(int)
    """A click without a selection, at this Qt position."""
    palette_changed = Signal()
    painted = Signal()
    """The text has been drawn (the window finishes opening a long document after that)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # Read-only: no typing to undo, and adding a long document's rest must not be kept.
        self.document().setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.index: SpanIndex | None = None
        self.look: Look | None = None
        self.selected: str | None = None
        self.speaker: str | None = None
        """The speaker of the selected quotation, marked and linked to it."""
        self.candidate: str | None = None
        """While linking a speaker: the span that Enter would make the speaker."""
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self.tooltip_for: Callable[[int], str] | None = None
        self.text_between: Callable[[int, int], str] | None = None
        """The document's own text between two Qt positions (for copying)."""
        self.margin = QuotationMargin(self)
        self._side = 0

    def redraw(self) -> None:
        """Paint the text and the margin again (after an edit or a new selection)."""
        self.viewport().update()
        self.margin.update()

    # Layout

    def set_side_margins(self, side: int) -> None:
        self._side = side
        self.setViewportMargins(side, 0, side, 0)
        self._place_margin()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_margin()

    def _place_margin(self) -> None:
        area = self.contentsRect()
        width = min(MARGIN_AREA, self._side)
        self.margin.setGeometry(
            QRect(area.left() + self._side - width, area.top(), width, area.height())
        )

    # Events

    def createMimeDataFromSelection(self) -> QMimeData:
        # Copy the document's text, not the display's (long paragraphs are shown in pieces).
        cursor = self.textCursor()
        if self.text_between is None or not cursor.hasSelection():
            return super().createMimeDataFromSelection()
        data = QMimeData()
        data.setText(self.text_between(cursor.selectionStart(), cursor.selectionEnd()))
        return data

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.palette_changed.emit()

    def event(self, event: QEvent) -> bool:
        # Tab would move the focus before keyPressEvent sees it; here it steps through spans.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and self._handled(event)
        ):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handled(event):
            super().keyPressEvent(event)

    def _handled(self, event: QKeyEvent) -> bool:
        return self.key_handler is not None and self.key_handler(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clicked.emit(self.position_at(event.position().toPoint()))  # -1: beside text

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.position_at(event.pos())
            tip = self.tooltip_for(position) if self.tooltip_for and position >= 0 else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def position_at(self, point: QPoint) -> int:
        """The Qt position of the character under `point`, or -1 beside the text."""
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        block = cursor.block()
        layout = block.layout()
        offset = position - block.position()
        line = layout.lineForTextPosition(offset)
        if not line.isValid():
            return -1
        x = (
            line.cursorToX(offset)[0]
            + self.blockBoundingGeometry(block).translated(self.contentOffset()).left()
        )
        # cursorForPosition gives the nearest gap between characters: take the character
        # the point is over, which is the one before the gap when the point lies left of it.
        if point.x() < x and position > block.position():
            position -= 1
        return position

    # Geometry

    def visible_range(self) -> tuple[int, int]:
        block = self.firstVisibleBlock()
        start = block.position()
        end = start
        bottom = self.viewport().height()
        offset = self.contentOffset()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > bottom:
                break
            end = block.position() + block.length()
            block = block.next()
        return start, end

    def line_rects(self, start: int, end: int) -> Iterator[QRectF]:
        """One rectangle per visible line piece of [start, end) (Qt positions)."""
        first, last = self.visible_range()
        start_at, end_at = max(start, first), min(end, last)
        if end_at <= start_at and not (start == end and first <= start < last):
            return
        document = self.document()
        offset = self.contentOffset()
        block: QTextBlock = document.findBlock(start_at)
        while block.isValid() and block.position() < max(end_at, start_at + 1):
            geometry = self.blockBoundingGeometry(block).translated(offset)
            layout = block.layout()
            base = block.position()
            a = max(start, base) - base
            b = min(end, base + block.length() - 1) - base
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                line_start = line.textStart()
                line_end = line_start + line.textLength()
                if (line_end <= a or line_start >= b) and not (a == b == line_start):
                    continue
                x1 = line.cursorToX(max(a, line_start))[0]
                x2 = line.cursorToX(min(b, line_end))[0]
                top = geometry.top() + line.y()
                yield QRectF(geometry.left() + x1, top, max(x2 - x1, 1.0), line.height())
            block = block.next()

    # Painting

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._paint_spans()
        self.painted.emit()

    def _paint_spans(self) -> None:
        index, look = self.index, self.look
        if index is None or look is None:
            return
        first, last = self.visible_range()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for span in index.overlapping(first, last, quotations=True):
            colour = look.colour(span.label)
            style = Qt.PenStyle.DashLine if span.pending else Qt.PenStyle.SolidLine
            width = 2.0
            if span.rejected:
                colour, style, width = look.rejected_format.foreground().color(), DOTS, 1.2
            pen = QPen(colour, width, style, Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            for rect in self.line_rects(span.start, span.end):
                y = rect.bottom() - 1
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        for span in index.overlapping(first, last, quotations=False):
            if span.pending:
                pen = QPen(look.colour(span.label), 1.2, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in self.line_rects(span.start, span.end):
                    painter.drawRoundedRect(rect.adjusted(-1, 0.5, 1, -0.5), 3, 3)
        self._paint_selection(painter, index, look)
        painter.end()

    def _paint_selection(self, painter: QPainter, index: SpanIndex, look: Look) -> None:
        selected = index.get(self.selected) if self.selected else None
        speaker = index.get(self.speaker) if self.speaker else None
        candidate = index.get(self.candidate) if self.candidate else None
        if speaker is not None and selected is not None:
            colour = look.colour(selected.label)
            # The link itself is drawn in the margin, where it crosses no text.
            self._outline(painter, speaker, colour, 2.5)
        if candidate is not None:
            self._outline(painter, candidate, look.selection, 2.5, Qt.PenStyle.DashLine)
        if selected is not None and selected.quotation:
            # A box per line would hide the band and crowd the lines: the band turns to the
            # selection colour and thickens instead (as does the bar in the margin).
            painter.setPen(QPen(look.selection, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            for rect in self.line_rects(selected.start, selected.end):
                y = rect.bottom() - 1.5
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        elif selected is not None:
            self._outline(painter, selected, look.selection, 2.0)

    def _outline(
        self,
        painter: QPainter,
        span: Shown,
        colour: QColor,
        width: float,
        style: Qt.PenStyle = Qt.PenStyle.SolidLine,
    ) -> None:
        painter.setPen(QPen(colour, width, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self.line_rects(span.start, span.end):
            painter.drawRoundedRect(rect.adjusted(-2, -0.5, 2, 0.5), 3, 3)


class QuotationMargin(QWidget):
    """The strip left of the text: a bar beside every line of each visible quotation."""

    def __init__(self, canvas: SpanCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        canvas.updateRequest.connect(lambda *_: self.update())

    def paintEvent(self, event: QPaintEvent) -> None:
        canvas = self.canvas
        index, look = canvas.index, canvas.look
        if index is None or look is None:
            return
        first, last = canvas.visible_range()
        painter = QPainter(self)
        top_offset = canvas.viewport().geometry().top() - self.geometry().top()
        depth: list[int] = []  # ends of the quotations open at each level
        for span in index.overlapping(first, last, quotations=True):
            level = next((n for n, end in enumerate(depth) if end <= span.start), len(depth))
            if level == len(depth):
                depth.append(span.end)
            else:
                depth[level] = span.end
            rects = list(canvas.line_rects(span.start, span.end))
            if not rects:
                continue
            x = self.width() - (level + 1) * (BAR_WIDTH + BAR_GAP)
            top = rects[0].top() + top_offset
            bottom = rects[-1].bottom() + top_offset
            colour = look.colour(span.label)
            if span.pending or span.rejected:
                style = Qt.PenStyle.DashLine
                if span.rejected:
                    colour, style = look.rejected_format.foreground().color(), DOTS
                painter.setPen(QPen(colour, BAR_WIDTH, style, Qt.PenCapStyle.FlatCap))
                painter.drawLine(
                    QPointF(x + BAR_WIDTH / 2, top), QPointF(x + BAR_WIDTH / 2, bottom)
                )
            else:
                painter.fillRect(QRectF(x, top + 1, BAR_WIDTH, bottom - top - 2), colour)
            if span.id == canvas.selected:
                painter.fillRect(QRectF(x - 1, top, BAR_WIDTH + 2, bottom - top), look.selection)
        self._paint_link(painter, top_offset)
        painter.end()

    def _paint_link(self, painter: QPainter, top_offset: float) -> None:
        """From the selected quotation's first line to its speaker's line: a bracket that
        ends in an arrow pointing at the speaker (or at the edge, when it is out of sight)."""
        canvas = self.canvas
        index, look = canvas.index, canvas.look
        if index is None or look is None or not canvas.selected or not canvas.speaker:
            return
        quotation, speaker = index.get(canvas.selected), index.get(canvas.speaker)
        if quotation is None or speaker is None:
            return
        height = self.height()
        quote_rects = list(canvas.line_rects(quotation.start, quotation.start + 1))
        speaker_rects = list(canvas.line_rects(speaker.start, speaker.start + 1))
        first, _last = canvas.visible_range()
        if quote_rects:
            quote_y = quote_rects[0].center().y() + top_offset
        else:
            quote_y = 0.0 if quotation.start < first else float(height)
        if speaker_rects:
            speaker_y = speaker_rects[0].center().y() + top_offset
        else:
            speaker_y = 0.0 if speaker.start < first else float(height)
        colour = look.colour(quotation.label)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 1.5))
        x = 2.5
        painter.drawLine(QPointF(x, quote_y), QPointF(x, speaker_y))
        if quote_rects:
            painter.drawLine(QPointF(x, quote_y), QPointF(x + 5, quote_y))
        if speaker_rects:
            tip = QPointF(self.width() - 1, speaker_y)
            painter.drawLine(QPointF(x, speaker_y), tip)
            painter.setBrush(colour)
            painter.drawPolygon(
                [tip, QPointF(tip.x() - 5, speaker_y - 3.5), QPointF(tip.x() - 5, speaker_y + 3.5)]
            )
