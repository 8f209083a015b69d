"""Per-label bars of the agreement figures, painted: a chart, not only numbers.

Each label gets a group of horizontal bars, one per measure, each with its value written at
its end; the measures differ in fill (solid, hatched, light) as well as in colour, so the
chart reads the same in greyscale. Values run from 0 to 1 (kappas and alphas below 0 are
drawn as an empty bar with their value written).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.review.report import OVERALL
from annotator.ui.theme import palette_is_dark

BAR = 11
GAP = 3
GROUP_GAP = 12
LEGEND = 26
OVERALL_TEXT = "all labels"


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    attribute: str
    fill: Qt.BrushStyle


MEASURES = (
    Measure("F1 exact", "f1_exact", Qt.BrushStyle.SolidPattern),
    Measure("F1 overlapping", "f1_overlap", Qt.BrushStyle.BDiagPattern),
    Measure("Cohen's \u03ba", "cohen_kappa", Qt.BrushStyle.Dense6Pattern),
)
COLOURS_LIGHT = ("#1F3A5F", "#1F3A5F", "#1F3A5F")
COLOURS_DARK = ("#B8C8E8", "#B8C8E8", "#B8C8E8")


def value_text(value: float) -> str:
    return "\u2014" if value is None or math.isnan(value) else f"{value:.2f}"


class AgreementChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementChart")
        self.rows: list[tuple[str, list[float]]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)

    def set_rows(self, rows: Sequence) -> None:
        """`rows`: Figures records (label and the measures' attributes)."""
        self.rows = [
            (
                OVERALL_TEXT if r.label == OVERALL else r.label,
                [getattr(r, m.attribute) for m in MEASURES],
            )
            for r in rows
        ]
        self.updateGeometry()
        self.update()

    def _group_height(self) -> int:
        return len(MEASURES) * (BAR + GAP) - GAP + GROUP_GAP

    def sizeHint(self) -> QSize:
        axis = self.fontMetrics().height() + 6
        return QSize(420, LEGEND + 12 + len(self.rows) * self._group_height() + axis)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = palette_is_dark(self.palette())
        ink = self.palette().color(QPalette.ColorRole.Text)
        colour = QColor((COLOURS_DARK if dark else COLOURS_LIGHT)[0])
        metrics = self.fontMetrics()
        names = max((metrics.horizontalAdvance(label) for label, _ in self.rows), default=40)
        left = names + 12
        value_room = metrics.horizontalAdvance("0.00") + 8
        width = max(self.width() - left - value_room - 8, 40)
        # The legend: one sample bar per measure.
        x = float(left)
        for measure in MEASURES:
            self._bar(painter, QRectF(x, 8, 18, BAR), colour, measure.fill)
            painter.setPen(ink)
            painter.drawText(QPointF(x + 24, 8 + BAR - 1), measure.name)
            x += 24 + metrics.horizontalAdvance(measure.name) + 18
        top = LEGEND + 8
        grid = QColor(ink)
        grid.setAlphaF(0.25)
        axis = top + len(self.rows) * self._group_height()
        for tick in (0.0, 0.5, 1.0):
            tx = left + tick * width
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(tx, top - 4), QPointF(tx, axis - GROUP_GAP + 4))
            painter.setPen(ink)
            text = f"{tick:g}"
            painter.drawText(
                QPointF(tx - metrics.horizontalAdvance(text) / 2, axis + metrics.ascent()), text
            )
        for label, values in self.rows:
            painter.setPen(ink)
            middle = top + (len(MEASURES) * (BAR + GAP) - GAP) / 2
            painter.drawText(
                QRectF(0, middle - metrics.height() / 2, names + 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            for number, (measure, value) in enumerate(zip(MEASURES, values, strict=True)):
                y = top + number * (BAR + GAP)
                shown = 0.0 if value is None or math.isnan(value) else max(0.0, min(value, 1.0))
                rect = QRectF(left, y, max(shown * width, 1.0), BAR)
                self._bar(painter, rect, colour, measure.fill)
                painter.setPen(ink)
                painter.drawText(
                    QPointF(rect.right() + 5, y + BAR - 1),
                    value_text(value),
                )
            top += self._group_height()
        painter.end()

    @staticmethod
    def _bar(painter: QPainter, rect: QRectF, colour: QColor, fill: Qt.BrushStyle) -> None:
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QBrush(colour, fill))
        painter.drawRect(rect)
