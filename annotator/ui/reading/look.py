"""How spans look: tints of the label colours for a light or a dark page, underline patterns.

Colour is never the only sign: each label also gets its own underline pattern, so labels stay
apart in greyscale and for readers who do not see the colour. Tints keep the text's contrast
(the tint is mostly page colour), whichever way the palette goes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from annotator.core.labels import LabelScheme
from annotator.ui.theme import label_tint, palette_is_dark

UNDERLINES = (
    QTextCharFormat.UnderlineStyle.SingleUnderline,
    QTextCharFormat.UnderlineStyle.DashUnderline,
    QTextCharFormat.UnderlineStyle.DotLine,
    QTextCharFormat.UnderlineStyle.DashDotLine,
    QTextCharFormat.UnderlineStyle.WaveUnderline,
    QTextCharFormat.UnderlineStyle.DashDotDotLine,
)
FALLBACK_COLOUR = "#999999"


def mix(colour: QColor, page: QColor, amount: float) -> QColor:
    """`amount` of `colour` over `page`, opaque."""
    return QColor.fromRgbF(
        page.redF() + (colour.redF() - page.redF()) * amount,
        page.greenF() + (colour.greenF() - page.greenF()) * amount,
        page.blueF() + (colour.blueF() - page.blueF()) * amount,
    )


@dataclass
class Look:
    """The formats and pens of one scheme on one palette."""

    dark: bool
    page: QColor
    text: QColor
    colours: dict[str, QColor]
    """Each label's colour, made readable as a line on the page."""
    tints: dict[str, QColor]
    entity_formats: dict[str, QTextCharFormat]
    pending_formats: dict[str, QTextCharFormat]
    rejected_format: QTextCharFormat
    selection: QColor

    def colour(self, label: str) -> QColor:
        return self.colours.get(label) or QColor(FALLBACK_COLOUR)

    def entity_format(
        self, label: str, *, pending: bool, rejected: bool = False
    ) -> QTextCharFormat:
        if rejected:
            return self.rejected_format
        formats = self.pending_formats if pending else self.entity_formats
        found = formats.get(label)
        if found is None:
            found = formats[label] = QTextCharFormat()
        return found


def make_look(scheme: LabelScheme, palette: QPalette) -> Look:
    dark = palette_is_dark(palette)
    page = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    colours, tints, entity, pending = {}, {}, {}, {}
    for number, label in enumerate(scheme.labels):
        base = QColor(label.colour)
        line = base.lighter(130) if dark else base.darker(125)
        tint = label_tint(label.colour, dark)  # kept readable (WCAG AA) by the theme
        colours[label.name] = line
        tints[label.name] = tint
        accepted = QTextCharFormat()
        accepted.setBackground(tint)
        accepted.setUnderlineStyle(UNDERLINES[number % len(UNDERLINES)])
        accepted.setUnderlineColor(line)
        entity[label.name] = accepted
        suggestion = QTextCharFormat()
        # No fill: the painter draws a dashed outline around a suggestion.
        suggestion.setForeground(mix(text, page, 0.72))
        pending[label.name] = suggestion
    rejected = QTextCharFormat()  # shown on demand: struck through and faint
    rejected.setFontStrikeOut(True)
    rejected.setForeground(mix(text, page, 0.55))
    selection = palette.color(QPalette.ColorRole.Highlight)
    if dark:  # the selection colour fills behind light text; as an outline it needs more light
        selection = selection.lighter(150)
    return Look(dark, page, text, colours, tints, entity, pending, rejected, selection)
