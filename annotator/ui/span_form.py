"""The form that edits the selected span: label, offsets, attributes, speaker and comment.

Every change is applied at once through the `DocumentEditor` (and so saved and undoable); what
the editor refuses (an overlap, an empty span) is said in the form, in words, and nothing
changes. The form redraws itself from the editor's `Change` notifications, so an undo or an
edit in the text shows here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.labels import AttributeSpec, LabelKind
from annotator.core.model import Source, Span, Status
from annotator.services.editing import Change, DocumentEditor
from annotator.ui.actions import ACTIONS, native, shortcut_of
from annotator.ui.attribute_fields import AttributeFields
from annotator.ui.span_model import STATUS_NAME, local_time, shorten, source_text, swatch
from annotator.ui.speaker_choice import SpeakerChoice
from annotator.ui.steady_inputs import SteadyCombo, SteadySpinBox
from annotator.ui.theme import is_dark, warning_colour

NO_SPAN_TEXT = "Select a span in the text or in the table to edit it here."


def _tip(text: str, action: str) -> str:
    """`text`, naming the key of the action that does the same in the text and the table."""
    keys = native(shortcut_of(action)) if action in ACTIONS else ""
    return f"{text} ({keys} in the text or the table)" if keys else text


class SpanForm(QWidget):
    """Edits one span of the editor's document; `set_span(None)` shows a hint instead."""

    error_shown = Signal(str)
    """The message of a refused edit ("" when the form is clear again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spanForm")
        self._editor: DocumentEditor | None = None
        self._span_id: str | None = None
        self._filling = False
        self._is_quotation = False

        self.hint = QLabel(NO_SPAN_TEXT, self)
        self.hint.setObjectName("spanFormHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        self.heading = QLabel(self)
        self.heading.setObjectName("spanHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.label = SteadyCombo(self)
        self.label.setObjectName("spanLabel")
        self.label.setToolTip("The span's label; a label's key in the text does the same")
        self.label.currentIndexChanged.connect(self._label_chosen)

        self.start = self._offset_box("spanStart", "First character of the span")
        self.end = self._offset_box("spanEnd", "First character after the span")
        offsets = QHBoxLayout()
        offsets.setContentsMargins(0, 0, 0, 0)
        offsets.addWidget(self.start, 1)
        offsets.addWidget(QLabel("to", self))
        offsets.addWidget(self.end, 1)

        self.speaker = SpeakerChoice(self)
        self.speaker.setObjectName("spanSpeaker")
        self.speaker.setMinimumContentsLength(12)
        self.speaker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.speaker.currentIndexChanged.connect(self._speaker_chosen)

        self.comment = QLineEdit(self)
        self.comment.setObjectName("spanComment")
        self.comment.setPlaceholderText("A note for yourself or the reviewer")
        self.comment.setClearButtonEnabled(True)
        self.comment.editingFinished.connect(self._apply_comment)

        self.made = self._info_label("spanMade")
        self.source = self._info_label("spanSource")
        self.status = self._info_label("spanStatus")
        self.accept = QPushButton("Accept", self)
        self.accept.setObjectName("spanAccept")
        self.accept.setToolTip(_tip("Accept this suggestion", "span/accept"))
        self.accept.clicked.connect(lambda: self.apply_edit(lambda e, i: e.accept(i)))
        self.reject = QPushButton("Reject", self)
        self.reject.setObjectName("spanReject")
        self.reject.setToolTip(_tip("Reject this suggestion", "span/delete"))
        self.reject.clicked.connect(lambda: self.apply_edit(lambda e, i: e.reject(i)))
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.accept)
        status_row.addWidget(self.reject)

        self.error = QLabel(self)
        self.error.setObjectName("spanError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self._colour_error()
        self.error.hide()

        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow("&Label", self.label)
        self.form.addRow("Offsets", offsets)
        self.form.addRow("Spea&ker", self.speaker)
        self.form.addRow("&Comment", self.comment)
        self.form.addRow("Made by", self.made)
        self.form.addRow("Source", self.source)
        self.form.addRow("Status", status_row)
        self.attributes = AttributeFields(self.form, self.speaker, self, self._attribute_chosen)

        self.body = QWidget(self)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(6)
        body_layout.addWidget(self.heading)
        body_layout.addLayout(self.form)
        body_layout.addWidget(self.error)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self._show_nothing()

    def _colour_error(self) -> None:
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, warning_colour(is_dark(self)))
        self.error.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light or dark mode switched
            self._colour_error()

    def _offset_box(self, name: str, tip: str) -> QSpinBox:
        box = SteadySpinBox(self)
        box.setObjectName(name)
        box.setToolTip(tip)
        box.setKeyboardTracking(False)  # typing "123" applies 123, not 1, 12 and 123
        box.setGroupSeparatorShown(False)
        box.setAccelerated(True)
        box.valueChanged.connect(self._offsets_changed)
        return box

    def _info_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)  # a long model or annotator name must not widen the dock
        return label

    # What the form shows

    @property
    def span_id(self) -> str | None:
        return self._span_id

    def set_editor(self, editor: DocumentEditor | None) -> None:
        if self._editor is not None:
            self._flush()
            self._editor.unsubscribe(self._changed)
        self._editor = editor
        self._span_id = None
        if editor is not None:
            editor.subscribe(self._changed)
            self._fill_labels()
        self._show_nothing()

    def set_span(self, span_id: str | None) -> None:
        """Edit another span (or none); a comment being typed is kept for the span it was for."""
        if span_id == self._span_id:
            return
        self._flush()
        self._span_id = span_id
        self.show_error("")
        self.refresh()

    def refresh(self) -> None:
        """Show the span as the editor has it now."""
        span = self._current_span()
        if span is None:
            self._span_id = None
            self._show_nothing()
            return
        self._filling = True
        try:
            self._fill(span)
        finally:
            self._filling = False

    def _current_span(self) -> Span | None:
        if self._editor is None or self._span_id is None:
            return None
        try:
            return self._editor.span(self._span_id)
        except KeyError:
            return None

    def _show_nothing(self) -> None:
        self.hint.setText(NO_SPAN_TEXT if self._editor is not None else "No document is open.")
        self.hint.show()
        self.body.hide()

    def _fill_labels(self) -> None:
        self._filling = True
        try:
            self.label.clear()
            for label in self._editor.scheme:  # type: ignore[union-attr]
                self.label.addItem(swatch(label.colour), label.name, label.name)
                tip = label.description or label.name
                self.label.setItemData(self.label.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        finally:
            self._filling = False

    def _fill(self, span: Span) -> None:
        editor = self._editor
        assert editor is not None
        self.hint.hide()
        self.body.show()
        self.heading.setText(shorten(span.text_in(editor.text), 120))

        index = self.label.findData(span.label)
        if index < 0:  # a label the scheme lost: show it all the same
            self.label.addItem(span.label, span.label)
            index = self.label.count() - 1
        self.label.setCurrentIndex(index)

        length = len(editor.text)
        for box, value in ((self.start, span.start), (self.end, span.end)):
            box.setRange(0, length)
            box.setValue(value)

        scheme_label = editor.scheme.get(span.label)
        self.attributes.show(span, scheme_label.attributes if scheme_label else ())
        is_quotation = scheme_label is not None and scheme_label.kind is LabelKind.QUOTATION
        self._is_quotation = is_quotation
        self.form.setRowVisible(self.speaker, is_quotation)
        if is_quotation:
            self.speaker.show_quotation(editor, span)

        if not (self.comment.hasFocus() and self.comment.isModified()):
            self.comment.setText(span.comment)
            self.comment.setModified(False)

        made = span.annotator + " · " + local_time(span.modified)
        if span.created != span.modified:
            made += f" (created {local_time(span.created)})"
        self.made.setText(made)
        self.source.setText(
            "a person" if span.source is Source.HUMAN else f"model {source_text(span)}"
        )
        pending = span.status is Status.PENDING
        self.status.setText("suggestion, pending" if pending else STATUS_NAME[span.status])
        # A pending suggestion is decided here; a rejected one can be taken back. A person's
        # span is removed, not rejected (Delete in the text).
        self.accept.setVisible(span.status is not Status.ACCEPTED)
        self.reject.setVisible(pending)
        self.body.setEnabled(not editor.session.read_only)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.error_shown.emit(message)

    # Edits

    def apply_edit(self, edit: Callable[[DocumentEditor, str], Any]) -> bool:
        """Run one edit on the current span; a refusal is shown and the form redrawn."""
        if self._filling or self._editor is None or self._span_id is None:
            return False
        try:
            edit(self._editor, self._span_id)
        except AnnotatorError as error:
            self.show_error(_sentence(str(error)))
            return False
        self.show_error("")
        return True

    def _label_chosen(self, index: int) -> None:
        if self._filling:
            return
        label = self.label.itemData(index)
        if label and not self.apply_edit(lambda e, i: e.relabel(i, label)):
            self.refresh()

    def _offsets_changed(self, _value: int) -> None:
        if self._filling:
            return
        start, end = self.start.value(), self.end.value()
        if start >= end:
            self.show_error(f"The start ({start}) must come before the end ({end}).")
            return
        self.apply_edit(lambda e, i: e.resize(i, start, end))
        # A refused resize keeps the numbers typed, next to the message that says why.

    def _attribute_chosen(self, spec: AttributeSpec, value: str) -> None:
        span = self._current_span()
        if span is None or self._filling:
            return
        attrs = dict(span.attrs) | {spec.name: value}
        if not self.apply_edit(lambda e, i: e.edit(i, attrs=attrs)):
            self.refresh()

    def _flush(self) -> None:
        """Apply text still being typed (focus has not left it) before the span goes away."""
        if self.comment.isModified():
            self._apply_comment()
        self.attributes.flush()

    def _apply_comment(self) -> None:
        if not self.comment.isModified():
            return
        self.comment.setModified(False)
        text = self.comment.text()
        self.apply_edit(lambda e, i: e.edit(i, comment=text))

    def _speaker_chosen(self, index: int) -> None:
        if self._filling:
            return
        speaker_id = self.speaker.itemData(index)
        if not self.apply_edit(lambda e, i: e.link_speaker(i, speaker_id)):
            self.refresh()

    def _changed(self, change: Change) -> None:
        if self._span_id is None:
            return
        # Speakers come and go with the other spans: redraw on any edit of a quotation's
        # document; for an entity only when the span itself was touched.
        span = self._current_span()
        if span is None or self._span_id in change.span_ids or self._is_quotation:
            self.refresh()


_QUOTED = re.compile(r"'([^']{48,}?)'(?=[:;,.)]|\s|$)")


def _sentence(message: str) -> str:
    """An error message as a sentence: long quoted text cut short, capital first, full stop."""
    message = _QUOTED.sub(
        lambda m: repr(shorten(m.group(1).replace("\\n", " "), 40)), message.strip()
    )
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


__all__ = ["SpanForm"]
