"""The annotator's name: asked on the first run (prefilled from the login), changed with
Edit > Your Name...; kept in the user's settings through `services.user`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.services import user
from annotator.ui.actions import make_action
from annotator.ui.preference_menus import menu_titled

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

WHY = "It is stored on every span and every edit you make, so reviewers can tell people apart."
RESERVED = {"gold"}
"""Names the program uses itself (the adjudicated layer)."""


class UserNameDialog(QDialog):
    def __init__(self, name: str, *, first_run: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userNameDialog")
        self.setWindowTitle("Welcome to Annotator" if first_run else "Your Name")
        question = QLabel("Your name as an annotator:", self)
        self.name = QLineEdit(name, self)
        self.name.setObjectName("userName")
        self.name.selectAll()
        question.setBuddy(self.name)
        why = QLabel(WHY, self)
        why.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("userNameNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        if user.name_from_environment():
            self.note.setText("ANNOTATOR_USER is set and wins over this name until it is unset.")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.name)
        layout.addWidget(why)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(420)

    def chosen(self) -> str:
        return self.name.text().strip()

    def _check(self) -> None:
        name = self.chosen()
        problem = ""
        if not name:
            problem = "A name is needed."
        elif name.casefold() in RESERVED:
            problem = f"\u201c{name}\u201d is the adjudicated layer's name; choose another."
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)
        if problem or not user.name_from_environment():
            self.note.setText(problem)
        self.note.setVisible(bool(self.note.text()))


def ask_first_name(parent: QWidget | None = None) -> str | None:
    """On the first run (no name set anywhere): ask, store and return the name; None if the
    dialog was cancelled (the login name is used and the question comes again next time)."""
    if user.chosen_annotator() is not None:
        return None
    dialog = UserNameDialog(user.login_name(), first_run=True, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    user.set_annotator(dialog.chosen())
    return dialog.chosen()


def change_name(window: MainWindow) -> str | None:
    """Edit > Your Name...: store a new name; this window's edits carry it from now on."""
    dialog = UserNameDialog(window.session.annotator, first_run=False, parent=window)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    name = dialog.chosen()
    dialog.deleteLater()
    if not accepted:
        return None
    user.set_annotator(name)
    name = user.current_annotator()
    window.session.annotator = name
    for label in window.statusBar().findChildren(QLabel):
        if label.text().startswith("Annotator: "):
            label.setText(f"Annotator: {name}")
    window.model.refresh()
    window.statusBar().showMessage(f"Your edits now carry the name {name}.", 10_000)
    return name


def install_name_action(window: MainWindow) -> None:
    action = make_action("edit/your-name", window)
    action.triggered.connect(lambda: change_name(window))
    edit = menu_titled(window, "Edit")
    edit.addSeparator()
    edit.addAction(action)
    window.actions_by_name["edit/your-name"] = action
