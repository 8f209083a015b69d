"""Help > About: the program's version, licence and the credits of NOTICE, as plain text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.resources import resources_dir

TITLE = f"Annotator {__version__}"
SUMMARY = (
    "Reading and annotating news: entities, quotations and their speakers.\n"
    "MIT licence. The samples and the built-in model's training data are by others:"
)


def notice_text() -> str:
    """NOTICE beside the resources (a checkout) or inside them (an installed wheel)."""
    try:
        folder = resources_dir()
    except AnnotatorError:
        return "The credits (NOTICE) are missing from this installation."
    for path in (folder / "NOTICE", folder.parent / "NOTICE"):
        if path.is_file():
            return _read(path)
    return "The credits (NOTICE) are missing from this installation."


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"The credits could not be read from {path}: {error}"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Annotator")
        title = QLabel(TITLE, self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        summary = QLabel(SUMMARY, self)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        self.credits = QPlainTextEdit(self)
        self.credits.setObjectName("credits")
        self.credits.setReadOnly(True)
        self.credits.setPlainText(notice_text())
        self.credits.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        self.credits.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addWidget(self.credits, 1)
        layout.addWidget(buttons)
        self.resize(720, 540)


__all__ = ["AboutDialog", "notice_text"]
