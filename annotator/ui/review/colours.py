"""Each compared annotator's colour and line style: apart from the label tints and each other.

The label tints come from the Okabe-Ito palette; annotators take hues it lacks (indigo, wine,
olive, brown: from Paul Tol's colour-blind-safe schemes), and each also has its own line style,
so that A and B stay apart in greyscale and for readers who do not see the colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

LIGHT = ("#332288", "#882255", "#6B6B1F", "#7A4A12")
DARK = ("#A89CFF", "#F08AB8", "#D0D070", "#E0A060")
STYLES = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
)
STYLE_NAMES = ("solid line", "dashed line", "dotted line", "dash-dot line")


@dataclass(frozen=True, slots=True)
class Pen:
    colour: QColor
    style: Qt.PenStyle
    style_name: str


def annotator_pen(number: int, *, dark: bool) -> Pen:
    """The colour and line style of the `number`th compared annotator (0 is A)."""
    colours = DARK if dark else LIGHT
    at = number % len(colours)
    return Pen(QColor(colours[at]), STYLES[at % len(STYLES)], STYLE_NAMES[at % len(STYLES)])


def letter(number: int) -> str:
    """A, B, C... as the keys and the panel call the compared annotators."""
    return chr(ord("A") + number) if number < 26 else str(number + 1)
