"""E in review mode: the reviewer's own version of one disagreement, as a few spans (label,
start, end) shown with their text; it goes into the gold layer instead of A's or B's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelScheme
from annotator.review.compare import Item

CONTEXT = 40
"""Characters of text around the disagreement that its spans may reach into."""


class EditDecision(QDialog):
    def __init__(
        self, item: Item, text: str, scheme: LabelScheme, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editDecision")
        self.setWindowTitle("Your Version")
        self._text = text
        self._labels = [label.name for label in scheme.labels if label.kind is item.layer] or [
            label.name for label in scheme.labels
        ]
        self._low = max(0, item.start - CONTEXT)
        self._high = min(len(text), item.end + CONTEXT)
        self.rows: list[tuple[QComboBox, QSpinBox, QSpinBox, QLabel, QPushButton]] = []

        intro = QLabel(
            "The spans that go into the gold layer here (none: nothing belongs here). "
            "Start and end are character offsets.",
            self,
        )
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        for column, title in enumerate(("Label", "Start", "End", "Text")):
            self.grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
        self.grid.setColumnStretch(3, 1)
        add = QPushButton("&Add a Span", self)
        add.clicked.connect(lambda: self.add_row(item.start, item.end, self._labels[0]))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(buttons)
        first = next((spans for spans in item.versions.values() if spans), ())
        for span in first:
            self.add_row(span.start, span.end, span.label)
        self.resize(560, 240)

    def add_row(self, start: int, end: int, label: str) -> None:
        row = len(self.rows) + 1
        combo = QComboBox(self)
        combo.addItems(self._labels)
        if label in self._labels:
            combo.setCurrentText(label)
        first, last = QSpinBox(self), QSpinBox(self)
        for box, value in ((first, start), (last, end)):
            box.setRange(self._low, self._high)
            box.setValue(value)
        shown = QLabel(self)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        remove = QPushButton("Remove", self)
        parts = (combo, first, last, shown, remove)
        for column, widget in enumerate(parts):
            self.grid.addWidget(widget, row, column)
        self.rows.append(parts)

        def update() -> None:
            shown.setText(f"\u201c{self._text[first.value() : last.value()]}\u201d")

        def drop() -> None:
            for widget in parts:
                widget.hide()
            self.rows.remove(parts)

        first.valueChanged.connect(update)
        last.valueChanged.connect(update)
        remove.clicked.connect(drop)
        update()

    def spans(self) -> list[tuple[int, int, str]]:
        found = []
        for combo, first, last, _shown, _remove in self.rows:
            if last.value() > first.value():
                found.append((first.value(), last.value(), combo.currentText()))
        return found
