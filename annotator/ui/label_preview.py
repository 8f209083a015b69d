"""Small widgets of the label scheme editor: colour swatches and the light/dark tint preview."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from annotator.core.labels import PALETTE, LabelKind
from annotator.ui.theme import (
    DARK_BASE,
    DARK_TEXT,
    LIGHT_BASE,
    LIGHT_TEXT,
    contrast_ratio,
    tint_rgb,
    to_hex,
)

SAMPLE = {LabelKind.ENTITY: "Angela Merkel", LabelKind.QUOTATION: "\u201eWir schaffen das\u201c"}


def swatch_icon(colour: str, size: int = 14) -> QIcon:
    picture = QPixmap(size, size)
    picture.fill(QColor(colour))
    icon = QIcon(picture)
    icon.addPixmap(
        picture, QIcon.Mode.Selected
    )  # the true colour, not one mixed with the selection
    return icon


class PaletteRow(QWidget):
    """One button per colour of the Okabe-Ito palette; a click picks that colour."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.buttons: dict[str, QToolButton] = {}
        for colour in PALETTE:
            button = QToolButton(self)
            button.setObjectName(f"palette:{colour}")
            button.setIcon(swatch_icon(colour, 16))
            button.setIconSize(QSize(16, 16))
            button.setAutoRaise(True)
            button.setCheckable(True)
            button.setToolTip(f"Use {colour} (colour-blind safe palette)")
            button.clicked.connect(lambda _=False, c=colour: self.picked.emit(c))
            layout.addWidget(button)
            self.buttons[colour] = button
        layout.addStretch(1)

    def show_choice(self, colour: str, used_by: dict[str, str]) -> None:
        """Check the button of `colour`; name in each tip the labels already using a colour."""
        for value, button in self.buttons.items():
            button.setChecked(value.upper() == colour.upper())
            tip = f"Use {value} (colour-blind safe palette)"
            if value.upper() in used_by:
                tip += f"; used by {used_by[value.upper()]}"
            button.setToolTip(tip)


class TintPreview(QWidget):
    """How spans of a label look: on the light ground and on the dark one, with contrast."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.light = self._ground(LIGHT_BASE)
        self.dark = self._ground(DARK_BASE)
        layout.addWidget(self.light[0])
        layout.addWidget(self.dark[0])
        layout.addStretch(1)

    def _ground(self, base: tuple[int, int, int]) -> tuple[QFrame, QLabel]:
        frame = QFrame(self)
        frame.setAutoFillBackground(True)
        frame.setStyleSheet(f"QFrame {{ background: {to_hex(base)}; border-radius: 4px; }}")
        inner = QHBoxLayout(frame)
        inner.setContentsMargins(10, 8, 10, 8)
        sample = QLabel(frame)
        sample.setTextFormat(Qt.TextFormat.PlainText)
        inner.addWidget(sample)
        return frame, sample

    def show_label(self, name: str, colour: str, kind: LabelKind) -> None:
        text = f"{SAMPLE[kind]}  {name}"
        for (_, sample), dark in ((self.light, False), (self.dark, True)):
            ink = to_hex(DARK_TEXT if dark else LIGHT_TEXT)
            if kind is LabelKind.QUOTATION:  # a band under the text, not a fill
                style = f"color: {ink}; border-bottom: 3px solid {colour}; padding: 2px 4px;"
                ratio = contrast_ratio(
                    DARK_TEXT if dark else LIGHT_TEXT, DARK_BASE if dark else LIGHT_BASE
                )
            else:
                tint = tint_rgb(colour, dark=dark)
                style = f"color: {ink}; background: {to_hex(tint)}; padding: 2px 4px;"
                ratio = contrast_ratio(tint, DARK_TEXT if dark else LIGHT_TEXT)
            sample.setText(text)
            sample.setStyleSheet(f"QLabel {{ {style} border-radius: 0; }}")
            mode = "dark" if dark else "light"
            sample.setToolTip(f"In {mode} mode: text contrast {ratio:.1f}:1 (WCAG AA needs 4.5:1)")
