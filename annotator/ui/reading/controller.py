"""What keys and clicks do in the reading view: the selected span, edits, speaker linking.

The controller turns a key into one call on the `DocumentEditor` and redraws only what the
editor says changed: the blocks under the old and the new extent of each touched span. It
works in document offsets (Python indices); `OffsetMap` converts at the Qt boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence

from annotator.core.errors import AnnotatorError
from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import Span, Status
from annotator.services.editing import Change, DocumentEditor
from annotator.ui.reading.boundaries import snap, trim, word_edge
from annotator.ui.reading.canvas import SpanCanvas
from annotator.ui.reading.highlighter import SpanHighlighter
from annotator.ui.reading.look import make_look
from annotator.ui.reading.spans import QtOffsets, Shown, SpanIndex, qt_offsets

LINKING_HINT = (
    "Pick the speaker: Tab for the next candidate, Enter to link, a click on a span, "
    "Escape to cancel"
)


class ReadingController(QObject):
    span_selected = Signal(str)
    """The selected span's id, or "" for none."""
    spans_changed = Signal()
    message = Signal(str)
    """Something to tell the annotator, e.g. why an edit was refused."""

    def __init__(self, canvas: SpanCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.highlighter = SpanHighlighter(canvas.document())
        self.editor: DocumentEditor | None = None
        self.index: SpanIndex | None = None
        self.offsets: QtOffsets | None = None
        self.snap_to_words = True
        self.show_rejected = False
        self.shown_annotators: frozenset[str] | None = None
        """Whose spans the view shows (None: everyone's)."""
        self.fallback_actions: list[QAction] = []
        """Actions whose shortcut the text widget may swallow; the key handler runs them."""
        self._candidates: list[str] = []
        self.last_change: Change | None = None
        canvas.key_handler = self._key
        canvas.tooltip_for = self.tooltip
        canvas.text_between = self.text_between
        canvas.clicked.connect(self._clicked)

    # The document

    def attach(self, editor: DocumentEditor | None) -> None:
        """Take `editor`'s spans (None: no document); the view sets the text right after, or
        adds the rest of it to the first part that `preview` showed."""
        if self.editor is not None:
            self.editor.unsubscribe(self._changed)
        self.editor = editor
        if editor is None:
            self._index(None)
        else:
            self._index(editor.text, editor.scheme, editor.spans())
            editor.subscribe(self._changed)
        self.span_selected.emit("")
        self.spans_changed.emit()

    def preview(self, text: str, scheme: LabelScheme, spans: Iterable[Span]) -> None:
        """Draw the spans of a long document's first part while the rest of it loads; nothing
        is editable until `attach` gives the editor."""
        self.attach(None)
        self._index(text, scheme, spans)
        self.spans_changed.emit()

    def _index(
        self, text: str | None, scheme: LabelScheme | None = None, spans: Iterable[Span] = ()
    ) -> None:
        self._candidates = []
        self.canvas.candidate = None
        self.canvas.selected = self.canvas.speaker = None
        look = None
        if text is None or scheme is None:
            self.index = self.offsets = None
        else:
            self.offsets = qt_offsets(text)
            self.index = SpanIndex(
                scheme,
                self.offsets,
                show_rejected=self.show_rejected,
                annotators=self.shown_annotators,
            )
            self.index.load(spans)
            look = make_look(scheme, self.canvas.palette())
        self.canvas.index, self.canvas.look = self.index, look
        # No rehighlight here: the text comes next, and Qt colours each block as it arrives.
        self.highlighter.index, self.highlighter.look = self.index, look

    def set_show_rejected(self, on: bool) -> None:
        """Show rejected suggestions (struck through), or hide them again."""
        self.show_rejected = on
        self._reindex()

    def set_shown_annotators(self, annotators: frozenset[str] | None) -> None:
        """Show the spans of these annotators only (None: everyone's)."""
        self.shown_annotators = annotators
        self._reindex()

    def _reindex(self) -> None:
        if self.index is None or self.editor is None:
            return
        self.index.show_rejected = self.show_rejected
        self.index.annotators = self.shown_annotators
        self.index.load(self.editor.spans())
        if self.selected is not None and self.selected not in self.index:
            self.select(None)
        self.highlighter.rehighlight()
        self.canvas.redraw()
        self.spans_changed.emit()

    def refresh_look(self) -> None:
        """Take the palette's colours again (after a switch between light and dark)."""
        look = make_look(self.index.scheme, self.canvas.palette()) if self.index else None
        self.canvas.index, self.canvas.look = self.index, look
        self.highlighter.show(self.index, look)
        self.canvas.redraw()

    @property
    def selected(self) -> str | None:
        return self.canvas.selected

    @property
    def linking(self) -> bool:
        return bool(self._candidates)

    def _changed(self, change: Change) -> None:
        editor, index = self.editor, self.index
        if editor is None or index is None or change.doc_id != editor.doc_id:
            return
        self.last_change = change
        document = self.canvas.document()
        for span_id in change.span_ids:
            try:
                span: Span | None = editor.span(span_id)
            except KeyError:
                span = None
            for shown in index.put(span, span_id):
                if shown is not None and not shown.quotation:
                    block = document.findBlock(shown.start)
                    last = document.findBlock(max(shown.start, shown.end - 1))
                    while block.isValid():
                        self.highlighter.rehighlightBlock(block)
                        if block == last:
                            break
                        block = block.next()
        if self.selected is not None and self.selected not in index:
            self.select(None)
        else:
            self._mark_speaker()
        self.canvas.redraw()
        self.spans_changed.emit()

    # Selecting

    def select(self, span_id: str | None, *, scroll: bool = False) -> None:
        index = self.index
        if span_id is not None and (index is None or span_id not in index):
            span_id = None
        changed = span_id != self.canvas.selected
        self.canvas.selected = span_id
        self._mark_speaker()
        if span_id is not None and scroll and index is not None:
            shown = index.get(span_id)
            assert shown is not None
            self._scroll_to(shown)
        self.canvas.redraw()
        if changed:
            self.span_selected.emit(span_id or "")

    def show_change(self, change: Change | None) -> None:
        """Select and scroll to a span `change` touched (after an undo: what came back)."""
        if change is None or self.index is None:
            return
        shown = [s for s in map(self.index.get, change.span_ids) if s is not None]
        if shown:
            first = min(shown, key=lambda s: (s.start, -s.end))
            self.select(first.id, scroll=True)

    def _scroll_to(self, shown: Shown) -> None:
        """Put the cursor at the span; a span out of sight comes to the middle of the view."""
        canvas = self.canvas
        first, last = canvas.visible_range()
        cursor = canvas.textCursor()
        cursor.setPosition(shown.start)
        canvas.setTextCursor(cursor)
        if not first <= shown.start < last:
            canvas.centerCursor()
        canvas.ensureCursorVisible()

    def _mark_speaker(self) -> None:
        editor, selected = self.editor, self.canvas.selected
        speaker = editor.speaker_of(selected) if editor and selected else None
        self.canvas.speaker = speaker.id if speaker else None

    def step(self, direction: int) -> None:
        """Tab / Shift+Tab: the next or previous span, or speaker candidate while linking."""
        if self.linking:
            self._candidates = self._candidates[direction:] + self._candidates[:direction]
            self._show_candidate()
            return
        if self.index is None:
            return
        position = self.canvas.textCursor().position()
        if direction > 0:
            found = self.index.after(position, self.selected)
        else:
            found = self.index.before(position, self.selected)
        if found is not None:
            self.select(found.id, scroll=True)

    def _clicked(self, position: int) -> None:
        if self.index is None:
            return
        under = self.index.at(position) if position >= 0 else []
        if self.linking:
            if under:
                self._link(under[0].id)
            return
        self.select(under[0].id if under else None)

    # Editing

    def _edit(self, action: Callable[[DocumentEditor], object]) -> object:
        if self.editor is None:
            return None
        try:
            return action(self.editor)
        except (AnnotatorError, ValueError, KeyError) as error:
            self.message.emit(f"Not done: {error}")
            return None

    def label_key(self, label: str) -> None:
        """A label's key: label the selected text, else relabel the selected span."""
        cursor = self.canvas.textCursor()
        if cursor.hasSelection() and self.offsets is not None and self.editor is not None:
            start = self.offsets.from_qt(cursor.selectionStart())
            end = self.offsets.from_qt(cursor.selectionEnd())
            if self.snap_to_words:
                start, end = snap(self.editor.text, start, end)
            else:
                start, end = trim(self.editor.text, start, end)
            if start >= end:
                self.message.emit("Select some text first.")
                return
            span = self._edit(lambda e: e.add_span(start, end, label))
            if isinstance(span, Span):
                cursor.clearSelection()
                self.canvas.setTextCursor(cursor)
                self.select(span.id)
        elif self.selected is not None:
            selected = self.selected
            self._edit(lambda e: e.relabel(selected, label))
        else:
            self.message.emit("Select text to label, or a span to relabel.")

    def move(self, *, edge: str, direction: int, by_word: bool) -> None:
        """Move the start or end of the selected span by a character or a word."""
        editor, selected = self.editor, self.selected
        if editor is None or selected is None:
            self.message.emit("Select a span first (Tab).")
            return
        span = editor.span(selected)
        text = editor.text
        start, end = span.start, span.end
        if edge == "start":
            start = word_edge(text, start, direction, starts=True) if by_word else start + direction
        else:
            end = word_edge(text, end, direction, starts=False) if by_word else end + direction
        if not 0 <= start < end <= len(text):
            self.message.emit("A span cannot be made empty or reach past the text.")
            return
        self._edit(lambda e: e.resize(selected, start, end))

    def delete(self) -> None:
        editor, selected = self.editor, self.selected
        if editor is None or selected is None:
            return
        if editor.span(selected).status is Status.PENDING:
            self._edit(lambda e: e.reject(selected))
        else:
            self._edit(lambda e: e.remove(selected))

    def accept(self) -> None:
        """Enter: link the speaker candidate while linking, else accept the suggestion (or take
        back a rejected one, when those are shown)."""
        if self.linking:
            self._link(self._candidates[0])
            return
        editor, selected = self.editor, self.selected
        if editor is None or selected is None:
            return
        if editor.span(selected).status is not Status.ACCEPTED:
            self._edit(lambda e: e.accept(selected))

    def accept_all(self) -> None:
        count = self._edit(lambda e: e.accept_all())
        if count == 0:
            self.message.emit("No suggestions to accept in this document.")

    # Linking a quotation to its speaker

    def start_linking(self) -> None:
        editor, selected = self.editor, self.selected
        if editor is None or selected is None or self.index is None:
            self.message.emit("Select a quotation first (Tab).")
            return
        quotation = self.index.get(selected)
        if quotation is None or not quotation.quotation:
            self.message.emit("Only a quotation has a speaker: select a quotation.")
            return
        speaker_label = editor.scheme.speaker_label
        people = [
            s
            for s in self.index.ordered()
            if not s.quotation and s.label == speaker_label and s.id != selected
        ]
        if not people:
            self.message.emit(f"There is no {speaker_label} span to link as the speaker.")
            return
        people.sort(key=lambda s: distance(quotation, s))
        self._candidates = [s.id for s in people]
        self._show_candidate()
        self.message.emit(LINKING_HINT)

    def cancel_linking(self) -> None:
        self._candidates = []
        self.canvas.candidate = None
        self.canvas.redraw()
        self.message.emit("")

    def _show_candidate(self) -> None:
        self.canvas.candidate = self._candidates[0]
        shown = self.index.get(self._candidates[0]) if self.index else None
        if shown is not None:
            self._scroll_to(shown)
        self.canvas.redraw()

    def _link(self, speaker_id: str) -> None:
        quotation = self.selected
        self.cancel_linking()
        if quotation is not None:
            self._edit(lambda e: e.link_speaker(quotation, speaker_id))
            self.select(quotation, scroll=True)

    # Keys and tooltips

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if self.linking and key == Qt.Key.Key_Escape:
            self.cancel_linking()
            return True
        if key == Qt.Key.Key_Escape and self.selected is not None:
            self.select(None)
            return True
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = not modifiers & ~Qt.KeyboardModifier.ShiftModifier
        if plain and self.editor is not None and event.text():
            # Label keys first: the commonest key, and no action may take one (see actions).
            typed = event.text().lower()
            label = next((lb for lb in self.editor.scheme.labels if lb.key == typed), None)
            if label is not None:
                self.label_key(label.name)
                return True
        if key == Qt.Key.Key_Backtab:  # Shift+Tab arrives as Backtab
            self.step(-1)
            return True
        combination = QKeySequence(event.keyCombination())
        for action in self.fallback_actions:
            if action.isEnabled() and any(
                combination.matches(s) == QKeySequence.SequenceMatch.ExactMatch
                for s in action.shortcuts()
            ):
                action.trigger()
                return True
        if key == Qt.Key.Key_Enter:  # the keypad's Enter does what Return does
            self.accept()
            return True
        return False

    def text_between(self, start: int, end: int) -> str:
        """The document's text between two Qt positions."""
        if self.editor is None or self.offsets is None:
            return ""
        return self.editor.text[self.offsets.from_qt(start) : self.offsets.from_qt(end)]

    def tooltip(self, position: int) -> str:
        editor, index = self.editor, self.index
        if editor is None or index is None:
            return ""
        lines = []
        for shown in index.at(position)[:3]:
            span = editor.span(shown.id)
            lines.append(describe(span, editor))
        return "\n".join(lines)

    def counts(self) -> dict[str, int]:
        """entities, quotations and pending suggestions among the shown spans."""
        found = {"entities": 0, "quotations": 0, "pending": 0}
        if self.index is None or self.editor is None:
            return found
        scheme = self.editor.scheme
        for (label, pending), count in self.index.counts.items():
            kind = scheme.get(label)
            quotation = kind is not None and kind.kind is LabelKind.QUOTATION
            found["quotations" if quotation else "entities"] += count
            if pending:
                found["pending"] += count
        return found

    def label_counts(self) -> dict[str, int] | None:
        """Shown spans by label; None while a long document is still loading."""
        if self.index is not None and self.editor is None:
            return None
        found: dict[str, int] = {}
        if self.index is not None:
            for (label, _pending), count in self.index.counts.items():
                found[label] = found.get(label, 0) + count
        return found


def describe(span: Span, editor: DocumentEditor) -> str:
    """One line about a span for its tooltip: label, status, source, annotator."""
    if span.status is Status.PENDING:
        status = "suggestion (Enter accepts, Delete rejects)"
    else:
        status = span.status.value
    source = f"model {span.model}" if span.model else span.source.value
    line = f"{span.label} · {status} · {source} · by {span.annotator}"
    speaker = editor.speaker_of(span.id) if span.label in _quotation_labels(editor) else None
    if speaker is not None:
        words = speaker.text_in(editor.text)
        line += f" · speaker: {words[:40]}"
    return line


def _quotation_labels(editor: DocumentEditor) -> set[str]:
    return {lb.name for lb in editor.scheme.labels if lb.kind is LabelKind.QUOTATION}


def distance(quotation: Shown, span: Shown) -> int:
    if span.end <= quotation.start:
        return quotation.start - span.end
    if span.start >= quotation.end:
        return span.start - quotation.end
    return 10**9 + span.start  # inside the quotation: last


__all__ = ["ReadingController"]
