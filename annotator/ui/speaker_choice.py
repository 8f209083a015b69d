"""The speaker combo box of a quotation: the entity spans near it, listed only when opened.

A long document has thousands of entity spans. Filling a combo box with all of them on every
edit took ~100 ms with 20,000 spans, so the box holds just "(no speaker)" and the current
speaker until the user opens it or moves into it; then it lists the entity spans nearest the
quotation (all of them in a short document), in reading order.
"""

from __future__ import annotations

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QWidget

from annotator.core.labels import LabelKind
from annotator.core.model import Span, Status
from annotator.services.editing import DocumentEditor
from annotator.ui.actions import ACTIONS, native, shortcut_of
from annotator.ui.span_model import shorten, swatch
from annotator.ui.steady_inputs import SteadyCombo

NO_SPEAKER = "(no speaker)"
NEAREST = 150
"""How many candidate speakers a long document offers: the entity spans nearest the quotation."""


def candidates(editor: DocumentEditor, quotation: Span, limit: int = NEAREST) -> list[Span]:
    """Entity spans (not rejected) that may speak `quotation`: the `limit` nearest, in order."""
    spans = [
        span
        for span in editor.spans()
        if span.status is not Status.REJECTED
        and (label := editor.scheme.get(span.label)) is not None
        and label.kind is LabelKind.ENTITY
    ]
    if len(spans) > limit:

        def distance(span: Span) -> int:
            return max(quotation.start - span.end, span.start - quotation.end, 0)

        nearest = sorted(spans, key=distance)[:limit]
        chosen = {span.id for span in nearest}
        spans = [span for span in spans if span.id in chosen]
    return spans


def _link_key() -> str:
    """The key of the speaker-linking action, as the user has it set."""
    if "span/link-speaker" not in ACTIONS:
        return "the link key"
    return native(shortcut_of("span/link-speaker")) or "the link key"


class SpeakerChoice(SteadyCombo):
    """Chooses the speaker of one quotation; `currentData()` is the speaker's id or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor: DocumentEditor | None = None
        self._quotation: Span | None = None
        self._listed = False
        self.setToolTip(
            f"Who says the quotation: one of the {NEAREST} entity spans nearest it. "
            f"To link any other, select the quotation in the text and press {_link_key()}."
        )

    def show_quotation(self, editor: DocumentEditor, quotation: Span) -> None:
        """Show the quotation's speaker; the other candidates wait until they are wanted."""
        self._editor = editor
        self._quotation = quotation
        self._listed = False
        speaker = editor.speaker_of(quotation.id)
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem(NO_SPEAKER, None)
            if speaker is not None:
                self._add(speaker)
                self.setCurrentIndex(1)
        finally:
            self.blockSignals(False)
        if self.hasFocus() or self.view().isVisible():
            self.list_candidates()

    def list_candidates(self) -> None:
        """Fill in every candidate speaker (once per quotation shown)."""
        if self._listed or self._editor is None or self._quotation is None:
            return
        self._listed = True
        current = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem(NO_SPEAKER, None)
            for span in candidates(self._editor, self._quotation):
                self._add(span)
            index = self.findData(current) if current else 0
            if index < 0:  # a speaker further away than the nearest ones: keep it listed
                self._add(self._editor.span(current))
                index = self.count() - 1
            self.setCurrentIndex(index)
        finally:
            self.blockSignals(False)

    def _add(self, span: Span) -> None:
        editor = self._editor
        assert editor is not None
        label = editor.scheme.get(span.label)
        where = f"{span.start}–{span.end}"  # tells apart the many mentions of one name
        text = f"{shorten(span.text_in(editor.text), 32)} · {span.label} {where}"
        if label is None:
            self.addItem(text, span.id)
        else:
            self.addItem(swatch(label.colour), text, span.id)

    def showPopup(self) -> None:
        self.list_candidates()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.list_candidates()  # arrow keys then walk through all candidates
        super().focusInEvent(event)


__all__ = ["NO_SPEAKER", "SpeakerChoice", "candidates"]
