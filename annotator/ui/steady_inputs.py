"""A combo box and a spin box that the mouse wheel changes only once they have the focus.

In the span form every input edits the span at once; a wheel turned while the pointer merely
passes over one (scrolling past) must not relabel a span, move its end or unlink a speaker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget


class _WheelOnlyWhenFocused:
    """Mixed in before a Qt input class: focus by click or Tab, wheel only with the focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # for the widget underneath to scroll


class SteadyCombo(_WheelOnlyWhenFocused, QComboBox):
    pass


class SteadySpinBox(_WheelOnlyWhenFocused, QSpinBox):
    pass


__all__ = ["SteadyCombo", "SteadySpinBox"]
