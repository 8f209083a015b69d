"""The document being read: its title, a line about it, and its text as plain text.

The text is never HTML: a `QPlainTextEdit` (fast to scroll, and what the annotation view will
build on, see DESIGN.md). The column is kept to a comfortable measure of about 75 characters,
centred; the window, not the text, takes the extra width.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from annotator.core.model import Document

MEASURE = 75
"""Characters to a line, roughly."""
MIN_MARGIN = 24
DOCUMENT_MARGIN = 4
"""Pixels between the text and the edges when the window is narrow."""
READING_POINT_SIZE = 12
READING_FAMILIES = [
    "Source Serif 4",
    "Source Serif Pro",
    "Noto Serif",
    "Charter",
    "Georgia",
    "Cambria",
    "DejaVu Serif",
    "serif",
]
_SAMPLE = "Der Friedensnobelpreis geht in diesem Jahr an den Präsidenten, sagte er am Montag."

NO_DOCUMENT_TEXT = "No document selected."
EMPTY_PROJECT_TEXT = (
    "This project has no documents yet.\n\n"
    "Add text files or JSON lines from a terminal:\n"
    "    annotator import PROJECT FILES_OR_FOLDERS"
)


def reading_font() -> QFont:
    font = QFont()
    font.setFamilies(READING_FAMILIES)
    font.setPointSize(READING_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def describe(meta: Mapping[str, Any]) -> str:
    """One line about a document: its date and source, from what its metadata has."""
    parts = [str(meta[key]).strip() for key in ("date", "source") if meta.get(key)]
    return " · ".join(p for p in parts if p)


def details(document: Document) -> str:
    """More about a document, for a tooltip: id, licence, address."""
    meta = document.meta
    lines = [f"Document {document.id}"]
    lines += [
        f"{label}: {meta[key]}"
        for key, label in (("license", "Licence"), ("url", "Address"))
        if meta.get(key)
    ]
    return "\n".join(lines)


class ReadingView(QWidget):
    """Title, a line about the document, and its text in a centred reading column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingView")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)

        self.title = QLabel(self)
        self.title.setObjectName("documentTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_font = reading_font()
        title_font.setPointSizeF(READING_POINT_SIZE * 1.5)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)

        self.about = QLabel(self)
        self.about.setObjectName("documentAbout")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.about.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.text = QPlainTextEdit(self)
        self.text.setObjectName("documentText")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setFont(reading_font())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setPlaceholderText(NO_DOCUMENT_TEXT)
        # The margins beside the column belong to the scroll area: paint them like the page.
        self.text.setAutoFillBackground(True)
        self.text.setBackgroundRole(QPalette.ColorRole.Base)
        self.text.document().setDocumentMargin(DOCUMENT_MARGIN)

        self._header = QVBoxLayout()
        self._header.setSpacing(6)
        self._header.addWidget(self.title)
        self._header.addWidget(self.about)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(self._header)
        layout.addWidget(self.text, 1)
        self._document: Document | None = None
        self.show_document(None)

    @property
    def document(self) -> Document | None:
        return self._document

    def show_document(self, document: Document | None, *, empty_text: str = "") -> None:
        """Show a document, or nothing (with `empty_text` in place of the text)."""
        self._document = document
        if document is None:
            self.title.clear()
            self.about.clear()
            self.text.setPlaceholderText(empty_text or NO_DOCUMENT_TEXT)
            self.text.clear()
        else:
            self.title.setText(document.title)
            self.about.setText(describe(document.meta))
            self.about.setToolTip(escape(details(document)).replace("\n", "<br>"))
            self.text.setPlainText(document.text)
        self.title.setVisible(document is not None)
        self.about.setVisible(bool(self.about.text()))
        self.text.verticalScrollBar().setValue(0)

    def column_width(self) -> float:
        """The width of the reading column in pixels: about `MEASURE` characters."""
        metrics = QFontMetricsF(self.text.font())
        return metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE) * MEASURE

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_column()

    def _fit_column(self) -> None:
        scrollbar = self.text.verticalScrollBar().sizeHint().width()
        spare = self.width() - scrollbar - self.column_width()
        side = max(MIN_MARGIN, int(spare / 2))
        top = MIN_MARGIN
        inset = side + DOCUMENT_MARGIN  # the header lines up with the text, not its margin
        self._header.setContentsMargins(inset, top, inset + scrollbar, 0)
        self.text.setViewportMargins(side, 0, side, 0)
