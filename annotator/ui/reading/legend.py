"""The legend above the text: each label as it looks in the text, with its key and count."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.core.labels import LabelKind, LabelScheme
from annotator.ui.reading.look import Look

PAD = 6
GAP = 14


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.scheme: LabelScheme | None = None
        self.look: Look | None = None
        self.counts: dict[str, int] = {}

    def show_labels(self, scheme: LabelScheme | None, look: Look | None, counts: dict[str, int]):
        self.scheme, self.look, self.counts = scheme, look, counts
        self.setToolTip(self.describe())
        self.update()

    def describe(self) -> str:
        """The legend in words, for its tooltip and for tests."""
        if self.scheme is None:
            return ""
        return "\n".join(
            f"{label.name} ({label.kind.value}): key {label.key or '-'}, "
            f"{self.counts.get(label.name, 0)} in this document"
            for label in self.scheme.labels
        )

    def sizeHint(self) -> QSize:
        return QSize(200, int(QFontMetricsF(self.font()).height() + 2 * PAD))

    def paintEvent(self, event: QPaintEvent) -> None:
        scheme, look = self.scheme, self.look
        if scheme is None or look is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        height = metrics.height() + 4
        top = (self.height() - height) / 2
        x = 0.0
        for label in scheme.labels:
            name_width = metrics.horizontalAdvance(label.name) + 10
            chip = QRectF(x, top, name_width, height)
            colour = look.colour(label.name)
            if label.kind is LabelKind.QUOTATION:
                painter.fillRect(QRectF(x, top, 3, height), colour)
                painter.setPen(QPen(colour, 2))
                painter.drawLine(chip.bottomLeft(), chip.bottomRight())
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(look.tints.get(label.name, look.page))
                painter.drawRoundedRect(chip, 3, 3)
            painter.setPen(look.text)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label.name)
            x += name_width + 5
            if label.key:  # the key as a key cap
                cap_width = max(metrics.horizontalAdvance(label.key.upper()) + 8, height - 4)
                cap = QRectF(x, top + 2, cap_width, height - 4)
                painter.setPen(QPen(muted, 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(cap, 3, 3)
                painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, label.key.upper())
                x += cap_width + 5
            count = f"×{self.counts.get(label.name, 0)}"
            painter.setPen(muted)
            width = metrics.horizontalAdvance(count)
            painter.drawText(
                QRectF(x, top, width + 1, height), Qt.AlignmentFlag.AlignVCenter, count
            )
            x += width + GAP
        painter.end()
