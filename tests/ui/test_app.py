"""Starting the window: screenshots without an event loop, errors as messages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.services import settings
from annotator.ui import app
from annotator.ui.preferences import FILE_NAME

pytestmark = pytest.mark.gui


def test_screenshot_writes_a_png(sample_project: Path, tmp_path: Path, qapp):
    out = tmp_path / "shots" / "window.png"
    assert app.run(sample_project, doc_id="wikinews-de-59270", screenshot=out) == 0
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == app.SCREENSHOT_SIZE
    assert QApplication.applicationName() == "Annotator"
    assert QApplication.organizationName() == "Annotator"
    assert not (settings.config_dir() / FILE_NAME).exists()  # screenshots leave no layout


def test_runs_until_the_window_closes(sample_project: Path, qapp):
    QTimer.singleShot(200, QApplication.closeAllWindows)
    assert app.run(sample_project, doc_id="wikinews-de-59270") == 0
    assert (settings.config_dir() / FILE_NAME).exists()  # the layout is kept for next time


def test_screenshot_of_an_unknown_doc_warns(sample_project: Path, tmp_path: Path, capsys, qapp):
    assert app.run(sample_project, doc_id="nope", screenshot=tmp_path / "w.png") == 0
    assert "warning: There is no document 'nope'" in capsys.readouterr().err


def test_a_bad_project_is_an_error_not_a_traceback(tmp_path: Path, capsys, qapp):
    bad = tmp_path / "bad.annotator"
    bad.write_bytes(b"this is not SQLite at all" * 100)
    assert app.run(bad, screenshot=tmp_path / "w.png") == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ")
    assert "Traceback" not in err
    assert not (tmp_path / "w.png").exists()


def test_a_bad_project_is_shown_in_a_message(tmp_path: Path, monkeypatch, qapp):
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    assert app.run(tmp_path / "missing.annotator") == 2
    assert len(shown) == 1
    assert shown[0].text() == "The project cannot be opened."
    assert "missing.annotator" in shown[0].informativeText()


def test_unexpected_errors_are_shown_while_the_window_is_up(monkeypatch, qtbot, capsys):
    window = QWidget()
    qtbot.addWidget(window)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    previous = sys.excepthook
    with app.errors_shown_in(window):
        try:
            raise ValueError("the answer is not 42")
        except ValueError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    assert sys.excepthook is previous
    assert len(shown) == 1
    assert "ValueError: the answer is not 42" in shown[0].informativeText()
    assert "Traceback" in shown[0].detailedText()
    assert "Traceback" in capsys.readouterr().err  # still printed for the terminal
