"""The attributes of one label, as a small editable table: name, allowed values, default."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import AttributeSpec

COLUMNS = ("Name", "Allowed values (comma-separated; empty: any text)", "Default")


class AttributeTable(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("attributeTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(lambda _item: self._changed())

        self.add_button = QPushButton("Add Attribute", self)
        self.add_button.clicked.connect(self.add_attribute)
        self.remove_button = QPushButton("Remove Attribute", self)
        self.remove_button.clicked.connect(self.remove_attribute)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._loading = False

    def set_attributes(self, attributes: list[AttributeSpec]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for spec in attributes:
            self._append(spec.name, ", ".join(spec.values), spec.default or "")
        self._loading = False

    def _append(self, name: str, values: str, default: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((name, values, default)):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def attributes(self) -> list[AttributeSpec]:
        found = []
        for row in range(self.table.rowCount()):
            name, values, default = (self._text(row, column) for column in range(3))
            allowed = tuple(v.strip() for v in values.split(",") if v.strip())
            found.append(AttributeSpec(name=name, values=allowed, default=default or None))
        return found

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    @staticmethod
    def problems(attributes: list[AttributeSpec]) -> list[str]:
        problems = []
        names = [a.name for a in attributes]
        if "" in names:
            problems.append("an attribute needs a name")
        problems += [
            f"the attribute {n!r} appears twice"
            for n in sorted(set(names))
            if n and names.count(n) > 1
        ]
        return problems

    def add_attribute(self) -> None:
        self._append("", "", "")
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self._changed()

    def remove_attribute(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()
