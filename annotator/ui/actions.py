"""The one table of the window's actions: text, shortcut and tip, in one place.

Menus, tooltips and (later) toolbars and the shortcut sheet are all built from `ACTIONS`, so a
shortcut is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True, slots=True)
class ActionSpec:
    text: str
    """Menu text, with & before the mnemonic letter."""
    shortcut: str = ""
    """A portable key sequence ("Ctrl+Q"); empty for none."""
    tip: str = ""


ACTIONS: dict[str, ActionSpec] = {
    "file/quit": ActionSpec("&Quit", "Ctrl+Q", "Close the window; every change is already saved"),
    "edit/filter": ActionSpec(
        "&Filter Library", "Ctrl+F", "Show only documents whose title has these words"
    ),
    "document/next": ActionSpec(
        "&Next Document", "Ctrl+PgDown", "Show the next document of the library"
    ),
    "document/previous": ActionSpec(
        "&Previous Document", "Ctrl+PgUp", "Show the previous document of the library"
    ),
}


def tooltip(spec: ActionSpec) -> str:
    """The tip with the shortcut named, as the platform writes it ("Ctrl+Q")."""
    text = spec.tip or spec.text.replace("&", "")
    if spec.shortcut:
        keys = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        text += f" ({keys})"
    return text


def make_action(name: str, parent: QObject) -> QAction:
    spec = ACTIONS[name]
    action = QAction(spec.text, parent)
    action.setObjectName(name)
    if spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
    action.setToolTip(tooltip(spec))
    action.setStatusTip(spec.tip)
    return action
