"""The annotator's name: asked on the first run, changed with Edit > Your Name..."""

from __future__ import annotations

import getpass

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel

from annotator.services import user
from annotator.ui import app
from annotator.ui.main_window import MainWindow
from annotator.ui.user_name_dialog import WHY, UserNameDialog, ask_first_name, change_name


@pytest.fixture
def no_name(monkeypatch):
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "mlogin")


def answer_with(monkeypatch, name: str | None) -> list[UserNameDialog]:
    """Make every name dialog answer `name` (None: Cancel); returns the dialogs shown."""
    shown: list[UserNameDialog] = []

    def exec_(dialog: UserNameDialog) -> int:
        shown.append(dialog)
        if name is None:
            return QDialog.DialogCode.Rejected
        dialog.name.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UserNameDialog, "exec", exec_)
    return shown


@pytest.mark.gui
def test_the_first_run_asks_prefilled_from_the_login(no_name, monkeypatch, qapp):
    shown = answer_with(monkeypatch, None)
    assert ask_first_name() is None  # cancelled: the login name is used, asked again later
    assert shown[0].name.text() == "mlogin"
    assert user.current_annotator() == "mlogin"
    assert any(label.text() == WHY for label in shown[0].findChildren(QLabel))
    shown = answer_with(monkeypatch, "  Maria Schulz ")
    assert ask_first_name() == "Maria Schulz"
    assert user.current_annotator() == "Maria Schulz"
    shown = answer_with(monkeypatch, "someone else")
    assert ask_first_name() is None  # a name is set: no question
    assert shown == []


@pytest.mark.gui
def test_an_empty_name_or_gold_cannot_be_chosen(no_name, qapp):
    dialog = UserNameDialog("x", first_run=True)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name.setText("  ")
    assert not ok.isEnabled()
    dialog.name.setText("Gold")
    assert not ok.isEnabled()
    assert "adjudicated" in dialog.note.text()
    dialog.name.setText("Ada")
    assert ok.isEnabled()
    dialog.deleteLater()


@pytest.mark.gui
def test_the_window_start_asks_when_no_name_is_set(no_name, sample_project, monkeypatch, qapp):
    shown = answer_with(monkeypatch, "Jo")
    QTimer.singleShot(50, lambda: [w.close() for w in QApplication.topLevelWidgets()])
    assert app.run(sample_project) == 0
    assert len(shown) == 1
    assert user.current_annotator() == "Jo"


@pytest.mark.gui
def test_edit_your_name_changes_the_name_edits_carry(
    no_name, sample_project, open_session, monkeypatch, qapp
):
    window = MainWindow(open_session(sample_project), remember_layout=False)
    assert "edit/your-name" in window.actions_by_name
    answer_with(monkeypatch, "Lena")
    assert change_name(window) == "Lena"
    assert window.session.annotator == "Lena"
    assert any(
        label.text() == "Annotator: Lena" for label in window.statusBar().findChildren(QLabel)
    )
    assert user.current_annotator() == "Lena"
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
