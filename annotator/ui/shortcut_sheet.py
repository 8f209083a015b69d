"""The shortcut sheet (F1): every action of the table with its keys, grouped by menu, editable.

It also lists the label keys of the project's scheme (they are changed in the label scheme
editor, not here) so that a clash between an action and a label key shows up at once.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelScheme
from annotator.ui import actions, preferences
from annotator.ui.actions import (
    ACTIONS,
    action_title,
    conflicts,
    current_shortcuts,
    menu_of,
    native,
    portable,
)
from annotator.ui.theme import is_dark, warning_colour

LABEL_PREFIX = "label:"
"""Names of label keys among the action names when looking for conflicts."""


MENU_ORDER = ("file", "edit", "view", "span", "document", "project", "suggest", "review")
"""The menu bar's order; menus not named here come after these, and Help comes last."""


def menu_rank(name: str) -> int:
    menu = menu_of(name)
    if menu == "help":
        return len(MENU_ORDER) + 1
    return MENU_ORDER.index(menu) if menu in MENU_ORDER else len(MENU_ORDER)


class ShortcutSheet(QDialog):
    """Shows and edits the shortcuts; OK saves the overrides and applies them under `apply_to`."""

    def __init__(
        self,
        scheme: LabelScheme | None = None,
        *,
        apply_to: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard Shortcuts")
        self._apply_to = apply_to
        self._label_keys = {
            f"{LABEL_PREFIX}{label.name}": label.key.upper()
            for label in (scheme.labels if scheme else ())
            if label.key
        }
        self.editors: dict[str, QKeySequenceEdit] = {}
        self.items: dict[str, QTreeWidgetItem] = {}

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find an action or a key")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Action", "Shortcut", "What it does"])
        self.tree.setRootIsDecorated(False)
        # The ground of a form, so that the shortcut fields stand out as fields (in dark mode
        # a field's frame is nearly the colour of an item view's ground).
        self.tree.setObjectName("shortcutTree")
        self.tree.setStyleSheet("QTreeWidget#shortcutTree { background: palette(window); }")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 170)
        self._fill(scheme, current_shortcuts())
        widest = max(
            self.fontMetrics().horizontalAdvance(item.text(0)) for item in self.items.values()
        )
        header.resizeSection(0, widest + self.tree.indentation() + 24)

        self.message = QLabel(self)
        self.message.setObjectName("shortcutMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reset_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.reset_button.setText("&Reset to Defaults")
        self.reset_button.setToolTip("Give every action the shortcut it came with")
        self.reset_button.clicked.connect(self.reset_to_defaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(860, 680)
        self._check()

    def _fill(self, scheme: LabelScheme | None, shortcuts: dict[str, str]) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for name, spec in sorted(ACTIONS.items(), key=lambda item: menu_rank(item[0])):
            menu = menu_of(name)
            if menu not in groups:
                groups[menu] = self._group(menu.capitalize())
            item = QTreeWidgetItem(groups[menu], [action_title(name), "", spec.tip])
            item.setToolTip(2, spec.tip)
            editor = QKeySequenceEdit(QKeySequence(shortcuts[name]), self.tree)
            editor.setObjectName(f"shortcut:{name}")
            editor.setMaximumSequenceLength(1)
            editor.setClearButtonEnabled(True)
            default = native(spec.shortcut) if spec.shortcut else "none"
            editor.setToolTip(
                f"Click, then press the new keys; the clear button removes them.\n"
                f"Default: {default}"
            )
            editor.keySequenceChanged.connect(self._check)
            inner = editor.findChild(QLineEdit)
            if inner is not None:
                inner.setPlaceholderText("none")
            item.setSizeHint(1, QSize(0, editor.sizeHint().height() + 2))
            self.tree.setItemWidget(item, 1, editor)
            self.editors[name] = editor
            self.items[name] = item
        if scheme is not None and scheme.labels:
            group = self._group(f"Label keys ({scheme.name})")
            for label in scheme.labels:
                what = f"Give the selection the label {label.name}"
                if label.description:
                    what += f": {label.description}"
                item = QTreeWidgetItem(group, [label.name, label.key.upper() or "none", what])
                item.setSizeHint(1, QSize(0, self.fontMetrics().height() + 6))
                item.setToolTip(1, "Label keys are set in Project > Label Scheme")
                self.items[f"{LABEL_PREFIX}{label.name}"] = item
        self.tree.expandAll()

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        item.setSizeHint(1, QSize(0, self.fontMetrics().height() + 10))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    # Editing

    def shortcuts(self) -> dict[str, str]:
        """The shortcuts as edited so far (portable text), by action name."""
        return {name: portable(e.keySequence().toString()) for name, e in self.editors.items()}

    def conflicts(self) -> dict[str, list[str]]:
        return conflicts({**self.shortcuts(), **self._label_keys})

    def reset_to_defaults(self) -> None:
        for name, editor in self.editors.items():
            editor.setKeySequence(QKeySequence(ACTIONS[name].shortcut))
        self._check()

    def _check(self) -> None:
        clashes = self.conflicts()
        clashing = {name for names in clashes.values() for name in names}
        normal = self.tree.palette().brush(self.tree.foregroundRole())
        warning = warning_colour(is_dark(self))
        changed = self.overrides()
        for name, item in self.items.items():
            brush = QBrush(warning) if name in clashing else normal
            item.setForeground(0, brush)
            font = item.font(0)
            font.setItalic(name in changed)  # differs from the default
            item.setFont(0, font)
            tip = "This key is taken twice" if name in clashing else ""
            if name in changed:
                tip = (tip + "\n" if tip else "") + "Changed from the default"
            item.setToolTip(0, tip)
        lines = [
            f"{native(keys)} is given to both " + " and ".join(self._title(n) for n in names)
            for keys, names in clashes.items()
        ]
        self.message.setText(
            "\n".join(lines) + "\nGive each its own key before saving." if lines else ""
        )
        self.message.setStyleSheet(f"color: {warning.name()};" if lines else "")
        self.message.setVisible(bool(lines))
        self.ok_button.setEnabled(not lines)

    def _title(self, name: str) -> str:
        if name.startswith(LABEL_PREFIX):
            return f"the label {name.removeprefix(LABEL_PREFIX)}"
        return f"\u201c{action_title(name)}\u201d"

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            shown = 0
            for row in range(group.childCount()):
                item = group.child(row)
                keys = item.text(1)
                editor = self.tree.itemWidget(item, 1)
                if isinstance(editor, QKeySequenceEdit):
                    keys = editor.keySequence().toString(QKeySequence.SequenceFormat.NativeText)
                haystack = f"{item.text(0)} {item.text(2)} {keys}".casefold()
                hidden = not all(word in haystack for word in words)
                item.setHidden(hidden)
                shown += not hidden
            group.setHidden(shown == 0)

    # Saving

    def overrides(self) -> dict[str, str]:
        """The edited shortcuts that differ from the table's defaults."""
        return {
            name: keys
            for name, keys in self.shortcuts().items()
            if keys != portable(ACTIONS[name].shortcut)
        }

    def accept(self) -> None:
        if self.conflicts():
            return
        preferences.save_shortcut_overrides(self.overrides())
        if self._apply_to is not None:
            actions.refresh_shortcuts(self._apply_to)
        super().accept()


def show_shortcut_sheet(window: QWidget, scheme: LabelScheme | None) -> int:
    sheet = ShortcutSheet(scheme, apply_to=window, parent=window)
    return sheet.exec()
