"""The legend above the text: each label as it looks in the text, with its key and count.

Items flow onto further rows when the column is narrow (the panels beside the text take room).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.core.labels import Label, LabelKind, LabelScheme
from annotator.ui.reading.look import Look

GAP = 14
ROW_GAP = 4


@dataclass(frozen=True, slots=True)
class _Item:
    label: Label
    chip: float
    cap: float
    count: str
    count_width: float

    @property
    def width(self) -> float:
        return self.chip + 5 + (self.cap + 5 if self.cap else 0) + self.count_width


COUNT_ROOM = "×00000"
"""The width a count still to come takes: a long document has thousands of a label."""


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.scheme: LabelScheme | None = None
        self.look: Look | None = None
        self.counts: dict[str, int] | None = {}

    def show_labels(
        self, scheme: LabelScheme | None, look: Look | None, counts: dict[str, int] | None
    ) -> None:
        """The labels of `scheme` with their counts (None: not counted yet, a long document
        still loading)."""
        self.scheme, self.look, self.counts = scheme, look, counts
        self.setToolTip(self.describe())
        self._fit()
        self.update()

    def describe(self) -> str:
        """The legend in words, for its tooltip and for tests."""
        if self.scheme is None:
            return ""
        counts = self.counts
        return "\n".join(
            f"{label.name} ({label.kind.value}): key {label.key or '-'}, "
            + (
                f"{counts.get(label.name, 0)} in this document"
                if counts is not None
                else "counting"
            )
            for label in self.scheme.labels
        )

    def _row_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 4

    def _items(self) -> list[_Item]:
        metrics = QFontMetricsF(self.font())
        height = self._row_height()
        items = []
        for label in self.scheme.labels if self.scheme else ():
            chip = metrics.horizontalAdvance(label.name) + 10
            cap = (
                max(metrics.horizontalAdvance(label.key.upper()) + 8, height - 4)
                if label.key
                else 0.0
            )
            if self.counts is None:  # room for a count to come, so that nothing moves then
                count, room = "×…", metrics.horizontalAdvance(COUNT_ROOM)
            else:
                count = f"×{self.counts.get(label.name, 0)}"
                room = metrics.horizontalAdvance(count)
            items.append(_Item(label, chip, cap, count, room + 1))
        return items

    def _rows(self, width: float) -> list[list[_Item]]:
        rows: list[list[_Item]] = [[]]
        x = 0.0
        for item in self._items():
            if rows[-1] and x + item.width > width:
                rows.append([])
                x = 0.0
            rows[-1].append(item)
            x += item.width + GAP
        return rows

    def _fit(self) -> None:
        rows = len(self._rows(self.width())) if self.scheme else 1
        self.setFixedHeight(int(rows * self._row_height() + (rows - 1) * ROW_GAP + 4))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        look = self.look
        if self.scheme is None or look is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        height = self._row_height()
        top = 2.0
        for row in self._rows(self.width()):
            x = 0.0
            for item in row:
                label = item.label
                chip = QRectF(x, top, item.chip, height)
                colour = look.colour(label.name)
                if label.kind is LabelKind.QUOTATION:  # as in the text: a bar and a band
                    painter.fillRect(QRectF(x, top, 3, height), colour)
                    painter.setPen(QPen(colour, 2))
                    painter.drawLine(chip.bottomLeft(), chip.bottomRight())
                else:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(look.tints.get(label.name, look.page))
                    painter.drawRoundedRect(chip, 3, 3)
                painter.setPen(look.text)
                painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label.name)
                x += item.chip + 5
                if item.cap:  # the key, drawn as a key cap
                    cap = QRectF(x, top + 2, item.cap, height - 4)
                    painter.setPen(QPen(muted, 1))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(cap, 3, 3)
                    painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, label.key.upper())
                    x += item.cap + 5
                painter.setPen(muted)
                painter.drawText(
                    QRectF(x, top, item.count_width, height),
                    Qt.AlignmentFlag.AlignVCenter,
                    item.count,
                )
                x += item.count_width + GAP
            top += height + ROW_GAP
        painter.end()
