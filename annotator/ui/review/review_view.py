"""The centre of review mode: the document's title, who is compared in which colour, and the
text with every compared annotator's spans (`canvas.ReviewCanvas`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPalette, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import Document, Status
from annotator.review.compare import Comparison, Item
from annotator.ui.reading.look import make_look
from annotator.ui.reading.paragraphs import display_text
from annotator.ui.reading.spans import QtOffsets, qt_offsets
from annotator.ui.reading_view import MEASURE, MIN_MARGIN, reading_font
from annotator.ui.review.canvas import Band, ReviewCanvas, Tint
from annotator.ui.review.colours import annotator_pen, letter
from annotator.ui.review.swatch import Swatch
from annotator.ui.theme import palette_is_dark

NOTHING_TEXT = "Choose at least two annotators to compare (in the Review panel)."


def describe_item(item: Item, text: str) -> str:
    return " ".join(text[item.start : item.end].split())


class ReviewView(QWidget):
    item_clicked = Signal(str)
    """The key of the disagreement clicked in the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.title = QLabel(self)
        self.title.setObjectName("reviewTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.key = QHBoxLayout()
        self.key.setSpacing(14)
        self.text = ReviewCanvas(self)
        self.text.setObjectName("reviewText")
        self.text.setAutoFillBackground(True)
        self.text.setBackgroundRole(QPalette.ColorRole.Base)
        self.text.setPlaceholderText(NOTHING_TEXT)
        self.text.clicked.connect(self._clicked)
        self.text.tooltip_for = self._tooltip
        self.text.palette_changed.connect(self._restyle)
        self._header = QVBoxLayout()
        self._header.setSpacing(6)
        self._header.addWidget(self.title)
        self._header.addLayout(self.key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(self._header)
        layout.addWidget(self.text, 1)
        self.comparison: Comparison | None = None
        self.scheme: LabelScheme | None = None
        self._document: Document | None = None
        self._offsets: QtOffsets | None = None
        self.set_point_size(12)

    def set_point_size(self, size: float) -> None:
        self.text.setFont(reading_font(size))
        font = reading_font(size * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self._fit_column()

    # What is shown

    def show_comparison(
        self,
        document: Document | None,
        comparison: Comparison | None,
        scheme: LabelScheme,
        current: str | None = None,
    ) -> None:
        self.scheme = scheme
        if document is not self._document or document is None:
            self._document = document
            self._offsets = qt_offsets(document.text) if document else None
            self.title.setText(document.title if document else "")
            self.title.setVisible(document is not None)
            if document is None:
                self.text.clear()
            else:
                self.text.show_text(display_text(document.text))
                self.text.verticalScrollBar().setValue(0)
        self.comparison = comparison
        self._fill_key(comparison.annotators if comparison else ())
        self._mark(current)

    def set_current(self, key: str | None, *, scroll: bool = True) -> None:
        """Outline another disagreement of the same comparison (nothing else is redone)."""
        canvas = self.text
        canvas.current = None
        comparison, offsets = self.comparison, self._offsets
        if key is not None and comparison is not None and offsets is not None:
            item = next((i for i in comparison.items if i.key == key), None)
            if item is not None:
                canvas.current = (offsets.to_qt(item.start), offsets.to_qt(item.end))
                if scroll:
                    self._scroll_to(canvas.current[0])
        canvas.viewport().update()

    def _fill_key(self, annotators: Sequence[str]) -> None:
        while self.key.count():
            widget = self.key.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        dark = palette_is_dark(self.palette())
        for number, name in enumerate(annotators):
            pen = annotator_pen(number, dark=dark)
            self.key.addWidget(Swatch(f"{letter(number)}  {name}", pen, self))
        if annotators:
            note = QLabel("tinted: agreed or decided", self)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.key.addWidget(note)
        self.key.addStretch(1)

    def _mark(self, current: str | None, *, scroll: bool = True) -> None:
        canvas = self.text
        comparison, scheme, offsets = self.comparison, self.scheme, self._offsets
        if comparison is None or scheme is None or offsets is None:
            canvas.review_look = None
            canvas.bands, canvas.quotations, canvas.current = [], [], None
            canvas.highlighter.set_marks(None, [], [])
            canvas.viewport().update()
            return
        q = offsets.to_qt
        look = make_look(scheme, canvas.palette())
        dark = look.dark
        canvas.review_look = look
        canvas.pens = [annotator_pen(n, dark=dark) for n in range(len(comparison.annotators))]
        tints: list[Tint] = []
        quotations: list[Tint] = []
        open_: list[tuple[int, int]] = []
        refused: list[tuple[int, int]] = []
        bands: list[Band] = []
        place = {a: n for n, a in enumerate(comparison.annotators)}
        for item in comparison.items:
            quoted = item.layer is LabelKind.QUOTATION
            gold = [s for s in item.gold if s.status is Status.ACCEPTED]
            shown = gold if item.resolved else []
            if item.agreed and not item.resolved:
                shown = list(next(iter(item.versions.values())))
            for span in shown:
                (quotations if quoted else tints).append(
                    Tint(q(span.start), q(span.end), span.label)
                )
            if item.agreed:
                continue
            if not item.resolved and not quoted:
                open_.append((q(item.start), q(item.end)))
            elif item.resolved and not gold:  # decided: neither
                refused.append((q(item.start), q(item.end)))
            for annotator, spans in item.versions.items():
                for span in spans:
                    bands.append(
                        Band(
                            q(span.start),
                            q(span.end),
                            place[annotator],
                            span.label,
                            quoted,
                            item.resolved,
                        )
                    )
        canvas.bands, canvas.quotations = bands, quotations
        canvas.highlighter.set_marks(look, tints, open_, refused)
        self.set_current(current, scroll=scroll)

    def _scroll_to(self, position: int) -> None:
        cursor = self.text.textCursor()
        cursor.setPosition(position)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def _item_at(self, position: int) -> Item | None:
        if self.comparison is None or self._offsets is None or position < 0:
            return None
        index = self._offsets.from_qt(position)
        found = [i for i in self.comparison.disagreements if i.start <= index < i.end]
        return min(found, key=lambda i: i.end - i.start) if found else None

    def _clicked(self, position: int) -> None:
        item = self._item_at(position)
        if item is not None:
            self.item_clicked.emit(item.key)

    def _tooltip(self, position: int) -> str:
        item = self._item_at(position)
        if item is None or self._document is None:
            return ""
        lines = [f"{item.kind.value}: {describe_item(item, self._document.text)}"]
        for number, (annotator, spans) in enumerate(item.versions.items()):
            said = ", ".join(
                f"{s.label} \u201c{self._document.text[s.start : s.end]}\u201d" for s in spans
            )
            lines.append(f"{letter(number)} {annotator}: {said or 'nothing'}")
        return "\n".join(lines)

    def _restyle(self) -> None:
        if self.comparison is not None:
            self._fill_key(self.comparison.annotators)
            current = self.text.current
            self._mark(None, scroll=False)
            self.text.current = current

    # Layout: the reading view's centred column

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_column()

    def _fit_column(self) -> None:
        metrics = QFontMetricsF(self.text.font())
        column = metrics.averageCharWidth() * MEASURE
        scrollbar = self.text.verticalScrollBar().sizeHint().width()
        side = max(MIN_MARGIN, int((self.width() - scrollbar - column) / 2))
        self._header.setContentsMargins(side + 4, MIN_MARGIN, side + 4 + scrollbar, 0)
        self.text.set_side_margins(side)
