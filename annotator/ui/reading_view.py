"""The document being read: its title, a line about it, the legend and the annotated text.

The text is never HTML: a `QPlainTextEdit` (`reading.canvas.SpanCanvas`) with a syntax
highlighter for entity colours and painted quotation bars (DESIGN.md has the measurements
that chose this). The column is kept to a comfortable measure of about 75 characters,
centred; the window, not the text, takes the extra width.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPalette, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.labels import LabelScheme
from annotator.core.model import Document, Span
from annotator.services.editing import DocumentEditor
from annotator.ui.preferences import window_settings
from annotator.ui.reading.canvas import MARGIN_AREA, SpanCanvas
from annotator.ui.reading.controller import ReadingController
from annotator.ui.reading.legend import Legend
from annotator.ui.reading.paragraphs import display_text, first_part_end

FIRST_PART = 20_000
"""Characters of a long document shown at once, with their spans, while the rest loads: more
than a tall screen holds at the smallest font size."""
MEASURE = 75
"""Characters to a line, roughly."""
MIN_MARGIN = MARGIN_AREA + 8
DOCUMENT_MARGIN = 4
"""Pixels between the text and the edges when the window is narrow."""
READING_POINT_SIZE = 12
POINT_SIZES = (8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 24, 28)
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
    "Drop text files (.txt) or JSON lines (.jsonl) here, or use File → Import Files (Ctrl+I).\n"
    "From a terminal: annotator import PROJECT FILES_OR_FOLDERS"
)


def reading_font(point_size: float = READING_POINT_SIZE) -> QFont:
    font = QFont()
    font.setFamilies(READING_FAMILIES)
    font.setPointSizeF(point_size)
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
    """Title, a line about the document, the legend, and its text in a centred column."""

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

        self.about = QLabel(self)
        self.about.setObjectName("documentAbout")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.about.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.legend = Legend(self)

        self.text = SpanCanvas(self)
        self.text.setObjectName("documentText")
        self.text.setPlaceholderText(NO_DOCUMENT_TEXT)
        # The margins beside the column belong to the scroll area: paint them like the page.
        self.text.setAutoFillBackground(True)
        self.text.setBackgroundRole(QPalette.ColorRole.Base)
        self.text.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.controller = ReadingController(self.text)
        self.controller.spans_changed.connect(self._update_legend)
        self.text.palette_changed.connect(self._palette_changed)

        self._header = QVBoxLayout()
        self._header.setSpacing(6)
        self._header.addWidget(self.title)
        self._header.addWidget(self.about)
        self._header.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(self._header)
        layout.addWidget(self.text, 1)
        self._document: Document | None = None
        self._rest = ""
        """The text still to add while a long document opens (`show_opening`)."""
        self.set_point_size(self._saved_point_size())
        self.show_document(None)

    @property
    def document(self) -> Document | None:
        return self._document

    def show_document(
        self,
        document: Document | None,
        *,
        editor: DocumentEditor | None = None,
        empty_text: str = "",
    ) -> None:
        """Show a document (with `editor`'s spans), or nothing (`empty_text` in its place)."""
        self._document = document
        self._rest = ""
        # The spans first: the highlighter then colours each block once, as the text arrives.
        self.controller.attach(editor if document is not None else None)
        if document is None:
            self.title.clear()
            self.about.clear()
            self.title.setVisible(False)
            self.about.setVisible(False)
            self.text.setPlaceholderText(empty_text or NO_DOCUMENT_TEXT)
            self.text.clear()
        else:
            self._show_header(document)
            self.text.setPlainText(display_text(document.text))
        self.legend.setVisible(editor is not None and document is not None)
        self.text.verticalScrollBar().setValue(0)

    def show_opening(
        self,
        document: Document,
        scheme: LabelScheme,
        spans_before: Callable[[int], Iterable[Span]],
    ) -> bool:
        """Show a long document's first part with its spans (`spans_before(end)`: those that
        start there) while the rest loads, and say True; False for a document short enough to
        show whole (nothing is shown then). `finish_opening` adds the rest and makes it
        editable."""
        shown = display_text(document.text)
        end = first_part_end(shown, FIRST_PART)
        if end is None:
            return False
        self._document = document
        self.controller.preview(document.text, scheme, spans_before(end))
        self._show_header(document)
        self.text.setPlainText(shown[:end])
        self._rest = shown[end:]
        self.legend.setVisible(True)
        self.text.verticalScrollBar().setValue(0)
        return True

    def finish_opening(self, editor: DocumentEditor) -> None:
        """The document that `show_opening` began, whole and editable: the rest of its text is
        added (coloured as it arrives) and the spans are `editor`'s."""
        self.controller.attach(editor)
        rest, self._rest = self._rest, ""
        scrolled = self.text.verticalScrollBar().value()
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(rest)
        self.text.verticalScrollBar().setValue(scrolled)
        self.text.redraw()

    def _show_header(self, document: Document) -> None:
        self.title.setText(document.title)
        self.about.setText(describe(document.meta))
        self.about.setToolTip(escape(details(document)).replace("\n", "<br>"))
        self.title.setVisible(True)
        self.about.setVisible(bool(self.about.text()))

    def _update_legend(self) -> None:
        index = self.controller.index
        self.legend.show_labels(
            index.scheme if index else None,
            self.text.look,
            self.controller.label_counts(),
        )

    def _palette_changed(self) -> None:
        """Light to dark or back: new tints, and every block coloured again."""
        self.controller.refresh_look()
        self._update_legend()

    # Font size

    def _saved_point_size(self) -> float:
        value = window_settings().value("reading/point_size", READING_POINT_SIZE)
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return READING_POINT_SIZE

    def point_size(self) -> float:
        return self.text.font().pointSizeF()

    def set_point_size(self, size: float) -> None:
        size = min(max(size, POINT_SIZES[0]), POINT_SIZES[-1])
        self.text.setFont(reading_font(size))
        title_font = reading_font(size * 1.5)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self._fit_column()

    def zoom(self, steps: int) -> None:
        """Ctrl+Plus / Ctrl+Minus: the next size up or down; 0 goes back to the default."""
        current = self.point_size()
        if steps == 0:
            size: float = READING_POINT_SIZE
        elif steps > 0:
            size = next((s for s in POINT_SIZES if s > current + 0.1), POINT_SIZES[-1])
        else:
            size = next((s for s in reversed(POINT_SIZES) if s < current - 0.1), POINT_SIZES[0])
        self.set_point_size(size)
        settings = window_settings()
        settings.setValue("reading/point_size", size)

    # Layout

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
        self.text.set_side_margins(side)
