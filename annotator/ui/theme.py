"""Light and dark mode, and label tints that keep the text readable in both.

The window always uses the Fusion style with one of two fixed palettes, also when it follows
the system: label tints are computed against these palettes, and a native style (Windows,
macOS) may ignore an application palette and leave dark tints on a light window.

The contrast math follows WCAG 2.x (relative luminance, contrast ratio) and works on plain
(r, g, b) tuples, so it is tested without Qt.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from annotator.ui import preferences

RGB = tuple[int, int, int]

AA_CONTRAST = 4.5
"""WCAG AA for normal text."""


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


# The colours the tints are checked against: the palettes' text on their base.
LIGHT_BASE: RGB = (255, 255, 255)
LIGHT_TEXT: RGB = (0x1A, 0x1A, 0x1A)
"""A little lighter than the palette's black, so a reading view in soft black stays AA."""
DARK_BASE: RGB = (0x1E, 0x1F, 0x22)
DARK_TEXT: RGB = (0xE6, 0xE6, 0xE6)
LIGHT_STRENGTH = 0.35
"""How much of the label colour a light-mode tint has at most (the rest is the base)."""
DARK_STRENGTH = 0.5


# Contrast math (pure)


def parse_hex(colour: str) -> RGB:
    """'#E69F00' -> (230, 159, 0)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a colour of the form #RRGGBB: {colour!r}")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """From 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(base: RGB, colour: RGB, amount: float) -> RGB:
    """`amount` of `colour` laid over `base` (0: base, 1: colour)."""
    return tuple(round(b + (c - b) * amount) for b, c in zip(base, colour, strict=True))  # type: ignore[return-value]


def readable_tint(
    colour: RGB, *, base: RGB, text: RGB, strength: float, minimum: float = AA_CONTRAST
) -> RGB:
    """The strongest mix of `colour` into `base`, up to `strength`, that keeps `text` readable.

    Falls back to `base` itself if even the faintest tint would not do (then `text` on `base`
    is the best there is).
    """
    steps = 40
    for step in range(steps, 0, -1):
        tint = mix(base, colour, strength * step / steps)
        if contrast_ratio(tint, text) >= minimum:
            return tint
    return base


def tint_rgb(colour: str, *, dark: bool) -> RGB:
    if dark:
        return readable_tint(
            parse_hex(colour), base=DARK_BASE, text=DARK_TEXT, strength=DARK_STRENGTH
        )
    return readable_tint(
        parse_hex(colour), base=LIGHT_BASE, text=LIGHT_TEXT, strength=LIGHT_STRENGTH
    )


# Qt side


def label_tint(colour: str, dark: bool) -> QColor:
    """The background of a span of a label of `colour`: light in light mode, dark in dark mode."""
    return QColor(to_hex(tint_rgb(colour, dark=dark)))


def warning_colour(dark: bool) -> QColor:
    """Text colour for an inline problem (a vermillion readable at AA on either ground)."""
    return QColor("#FF9966" if dark else "#A63D00")


def is_dark(widget: QWidget | None = None) -> bool:
    """Whether `widget` (or the application) is drawn light text on dark ground."""
    return palette_is_dark(widget.palette() if widget is not None else QGuiApplication.palette())


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    palette = style.standardPalette()
    palette.setColor(QPalette.ColorRole.Link, QColor("#0072B2"))
    return palette


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    text = QColor(to_hex(DARK_TEXT))
    for role, colour in (
        (roles.Window, "#2B2D30"),
        (roles.WindowText, text),
        (roles.Base, to_hex(DARK_BASE)),
        (roles.AlternateBase, "#26282B"),
        (roles.ToolTipBase, "#3C3F41"),
        (roles.ToolTipText, text),
        (roles.PlaceholderText, "#8C8F94"),
        (roles.Text, text),
        (roles.Button, "#35373B"),
        (roles.ButtonText, text),
        (roles.BrightText, "#FF6B6B"),
        (roles.Light, "#4A4D52"),
        (roles.Midlight, "#3C3F43"),
        (roles.Mid, "#2A2C2F"),
        (roles.Dark, "#18191B"),
        (roles.Shadow, "#0B0B0C"),
        (roles.Highlight, "#2F65A8"),
        (roles.HighlightedText, "#FFFFFF"),
        (roles.Link, "#56B4E9"),
        (roles.LinkVisited, "#CC79A7"),
    ):
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#74777C"))
    palette.setColor(disabled, roles.Highlight, QColor("#45474B"))
    return palette


def chosen_theme() -> Theme:
    """The saved choice; anything unknown in the settings file counts as following the system."""
    try:
        return Theme(preferences.saved_theme())
    except ValueError:
        return Theme.SYSTEM


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


_following_system = False


def apply_theme(theme: Theme, *, remember: bool = False) -> None:
    """Switch the running application to `theme` (and save it as the choice if `remember`)."""
    global _following_system
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("apply_theme needs a QApplication")
    if remember:
        preferences.save_theme(theme.value)
    hints = QGuiApplication.styleHints()
    if theme is Theme.SYSTEM:
        hints.unsetColorScheme()
        dark = system_is_dark()
    else:
        # Tells the platform too (title bars on Windows and macOS follow it).
        hints.setColorScheme(Qt.ColorScheme.Dark if theme is Theme.DARK else Qt.ColorScheme.Light)
        dark = theme is Theme.DARK
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else light_palette())
    if not _following_system:
        hints.colorSchemeChanged.connect(_system_scheme_changed)
        _following_system = True


def _system_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    if chosen_theme() is Theme.SYSTEM:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(dark_palette() if system_is_dark() else light_palette())


def apply_saved_theme() -> Theme:
    """Apply the theme the user chose last; at startup."""
    theme = chosen_theme()
    apply_theme(theme)
    return theme
