"""The review text: agreed and decided spans tinted by label, each annotator's version of a
disagreement as a band in that annotator's colour and line style under the text (stacked, A
lowest, so that overlapping versions stay readable), with ticks at its ends, and the current
disagreement outlined.

It is the reading view's `SpanCanvas` (text, column, tooltips, copying) with its own painting;
formats come from a small highlighter over a sorted list, as in the reading view.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPen,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.ui.reading.canvas import SpanCanvas
from annotator.ui.reading.look import Look
from annotator.ui.review.colours import Pen

BAND = 2.0
BAND_STEP = 3.0


class Band(NamedTuple):
    """One annotator's span in a disagreement, in Qt positions."""

    start: int
    end: int
    level: int
    """The annotator's place among those compared (0 is A): which band it takes."""
    label: str
    quotation: bool
    decided: bool


class Tint(NamedTuple):
    start: int
    end: int
    label: str


class ReviewHighlighter(QSyntaxHighlighter):
    """Label tints of agreed and decided entities; a faint ground under undecided regions;
    struck through and faint where the decision was "neither"."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.look: Look | None = None
        self.tints: list[Tint] = []
        self.open: list[tuple[int, int]] = []
        self.open_format = QTextCharFormat()
        self.refused: list[tuple[int, int]] = []
        self._longest = 0

    def set_marks(
        self,
        look: Look | None,
        tints: list[Tint],
        open_: list[tuple[int, int]],
        refused: list[tuple[int, int]] | None = None,
    ) -> None:
        self.look = look
        self.tints = sorted(tints)
        self.open = sorted(open_)
        self.refused = sorted(refused or [])
        self._longest = max((t.end - t.start for t in self.tints), default=0)
        if look is not None:
            ground = QColor(look.text)
            ground.setAlphaF(0.07)
            self.open_format.setBackground(ground)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        look = self.look
        if look is None:
            return
        block = self.currentBlock()
        start = block.position()
        end = start + block.length() - 1
        for regions, format_ in (
            (self.open, self.open_format),
            (self.refused, look.rejected_format),
        ):
            for a, b in regions:
                if a < end and b > start:
                    self.setFormat(max(a, start) - start, min(b, end) - max(a, start), format_)
        first = bisect_left(self.tints, (start - self._longest,))
        for tint in self.tints[first:]:
            if tint.start >= end:
                break
            a, b = max(tint.start, start), min(tint.end, end)
            if b > a:
                self.setFormat(a - start, b - a, look.entity_format(tint.label, pending=False))


class ReviewCanvas(SpanCanvas):
    """The text with the annotators' versions painted over it (index stays None: the reading
    view's own painting is off)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review_look: Look | None = None
        self.pens: list[Pen] = []
        self.bands: list[Band] = []
        self.quotations: list[Tint] = []
        """Agreed and decided quotations: a band in the label's colour, as in the reading view."""
        self.current: tuple[int, int] | None = None
        self.highlighter = ReviewHighlighter(self.document())

    def show_text(self, text: str) -> None:
        self.setPlainText(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        QPlainTextEdit.paintEvent(self, event)
        look = self.review_look
        if look is None:
            return
        first, last = self.visible_range()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for quotation in self.quotations:
            if quotation.end < first or quotation.start > last:
                continue
            painter.setPen(QPen(look.colour(quotation.label), 2.0, Qt.PenStyle.SolidLine))
            for rect in self.line_rects(quotation.start, quotation.end):
                y = rect.bottom() - 1
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        for band in self.bands:
            if band.end < first or band.start > last or band.level >= len(self.pens):
                continue
            pen = self.pens[band.level]
            colour = QColor(pen.colour)
            if band.decided:
                colour.setAlphaF(0.35)
            painter.setPen(QPen(colour, BAND, pen.style, Qt.PenCapStyle.FlatCap))
            rects = list(self.line_rects(band.start, band.end))
            for n, rect in enumerate(rects):
                y = self._baseline(rect) + 2 + band.level * BAND_STEP
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                # Ticks at the ends show where each version starts and stops.
                solid = QPen(colour, 1.5)
                painter.setPen(solid)
                if n == 0:
                    painter.drawLine(QPointF(rect.left(), y - 4), QPointF(rect.left(), y + 1))
                if n == len(rects) - 1:
                    painter.drawLine(QPointF(rect.right(), y - 4), QPointF(rect.right(), y + 1))
                painter.setPen(QPen(colour, BAND, pen.style, Qt.PenCapStyle.FlatCap))
        if self.current is not None:
            painter.setPen(QPen(look.selection, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in self.line_rects(*self.current):
                painter.drawRoundedRect(rect.adjusted(-3, -0.5, 3, 0.5), 3, 3)
        painter.end()

    def _baseline(self, rect) -> float:
        return rect.top() + self.fontMetrics().ascent() + 1
