"""Numbers as the window writes them: grouped by the user's locale (12,345 or 12.345)."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def number(value: int) -> str:
    """`value` with the locale's digit grouping, also under the C locale (which omits it)."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
    return locale.toString(value)


def quantity(value: int, noun: str, plural: str = "") -> str:
    """ "1 document", "12,345 documents"."""
    return f"{number(value)} {noun if value == 1 else plural or noun + 's'}"
