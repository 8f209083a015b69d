"""A combo box that the mouse wheel changes only once it has the focus.

In the span form every combo box edits the span at once; a wheel turned while the pointer
merely passes over one (scrolling past) must not relabel a span or unlink a speaker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget


class SteadyCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # for the widget underneath to scroll


__all__ = ["SteadyCombo"]
