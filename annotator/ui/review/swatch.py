"""A small sample of an annotator's line (colour and style) with their name beside it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from annotator.ui.review.colours import Pen

LINE = 22


class Swatch(QWidget):
    def __init__(self, text: str, pen: Pen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text, self.pen = text, pen
        self.setToolTip(f"{text}: {pen.style_name} under the text")

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(LINE + 6 + metrics.horizontalAdvance(self.text) + 2, metrics.height() + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        y = self.height() / 2 + 2
        painter.setPen(QPen(self.pen.colour, 2.5, self.pen.style, Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(1, y), QPointF(LINE, y))
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            self.rect().adjusted(LINE + 6, 0, 0, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            self.text,
        )
        painter.end()
