"""The label scheme editor: add, rename, recolour labels, their keys, kinds and attributes.

The dialog edits drafts and builds a `LabelScheme` from them after every change, so the
scheme's own validation speaks inline; Save hands the scheme to `ProjectSession.set_scheme`,
which refuses changes that would strand spans (its message is shown the same way).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.labels import PALETTE, AttributeSpec, Label, LabelKind, LabelScheme
from annotator.services.library import ProjectSession
from annotator.ui.actions import action_title, single_key_shortcuts
from annotator.ui.attribute_table import AttributeTable
from annotator.ui.label_preview import PaletteRow, TintPreview, swatch_icon
from annotator.ui.numbers import quantity
from annotator.ui.theme import is_dark, warning_colour

KINDS = {LabelKind.ENTITY: "Entity", LabelKind.QUOTATION: "Quotation (linked to a speaker)"}


@dataclass
class Draft:
    """A label as being edited; `original` is its name in the saved scheme (None if new)."""

    label: Label
    original: str | None
    spans: int = 0
    attributes: list[AttributeSpec] = field(default_factory=list)


class SchemeEditor(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schemeEditor")
        self.session = session
        self.scheme = session.scheme
        self.setWindowTitle(f"Label Scheme: {self.scheme.name}")
        in_use = session.stats()["spans_by_label"]
        self.drafts = [
            Draft(label, label.name, in_use.get(label.name, 0), list(label.attributes))
            for label in self.scheme.labels
        ]
        self._loading = False

        self.label_list = QListWidget(self)
        self.label_list.setObjectName("labelList")
        self.label_list.currentRowChanged.connect(self._show_draft)
        self.add_button = QPushButton("&Add Label", self)
        self.add_button.clicked.connect(self.add_label)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.clicked.connect(self.remove_label)
        self.up_button = QPushButton("Up", self)
        self.up_button.setToolTip("Move the label up (the order of the legend and the sheet)")
        self.up_button.clicked.connect(lambda: self.move_label(-1))
        self.down_button = QPushButton("Down", self)
        self.down_button.setToolTip("Move the label down")
        self.down_button.clicked.connect(lambda: self.move_label(+1))

        self.name = QLineEdit(self)
        self.name.setMaxLength(64)
        self.name_hint = QLabel(self)
        self.name_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.name_hint.setWordWrap(True)
        self.kind = QComboBox(self)
        for kind, title in KINDS.items():
            self.kind.addItem(title, kind.value)
        self.key = QLineEdit(self)
        self.key.setMaxLength(1)
        self.key.setMaximumWidth(48)
        self.key.setPlaceholderText("none")
        self.key.setToolTip("One digit or letter; pressing it gives the selection this label")
        self.colour_button = QPushButton(self)
        self.colour_button.setToolTip("Choose any colour")
        self.colour_button.clicked.connect(self.choose_colour)
        self.palette_row = PaletteRow(self)
        self.palette_row.picked.connect(self.set_colour)
        self.preview = TintPreview(self)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText("What the label is for (shown in tips)")
        self.may_overlap = QCheckBox("Spans may cross other spans", self)
        self.attributes = AttributeTable(self)

        for signal in (
            self.name.textEdited,
            self.key.textEdited,
            self.description.textEdited,
            self.kind.currentIndexChanged,
            self.may_overlap.toggled,
            self.attributes.changed,
        ):
            signal.connect(self._form_changed)

        self.speaker_label = QComboBox(self)
        self.speaker_label.setToolTip("The label of a speaker span made on import")
        self.speaker_label.currentIndexChanged.connect(self._revalidate)
        self.allow_nesting = QCheckBox("A span may lie inside a span of another label", self)
        self.allow_nesting.setChecked(self.scheme.allow_nesting)
        self.allow_nesting.toggled.connect(self._revalidate)

        self.message = QLabel(self)
        self.message.setObjectName("schemeMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self._lay_out(buttons)
        self._refresh_list()
        self.label_list.setCurrentRow(0 if self.drafts else -1)
        self._revalidate()

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        left = QVBoxLayout()
        left.addWidget(self.label_list, 1)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(button)
        left.addLayout(row)

        self.form_box = QGroupBox("Label", self)
        form = QFormLayout(self.form_box)
        form.addRow("&Name:", self.name)
        form.addRow("", self.name_hint)
        form.addRow("&Kind:", self.kind)
        form.addRow("K&ey:", self.key)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addWidget(self.palette_row, 1)
        colour_label = QLabel("&Colour:", self)
        colour_label.setBuddy(self.colour_button)
        form.addRow(colour_label, colour_row)
        form.addRow("Looks like:", self.preview)
        form.addRow("&Description:", self.description)
        form.addRow("", self.may_overlap)
        form.addRow("&Attributes:", self.attributes)

        scheme_box = QGroupBox("Whole scheme", self)
        scheme_form = QFormLayout(scheme_box)
        scheme_form.addRow("&Speaker label:", self.speaker_label)
        scheme_form.addRow("", self.allow_nesting)

        right = QVBoxLayout()
        right.addWidget(self.form_box, 1)
        right.addWidget(scheme_box)
        columns = QHBoxLayout()
        self.label_list.setMinimumWidth(220)
        self.label_list.setMaximumWidth(300)
        columns.addLayout(left)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 640)

    # The list of labels

    def _refresh_list(self) -> None:
        current = self.label_list.currentRow()
        self.label_list.blockSignals(True)
        self.label_list.clear()
        for draft in self.drafts:
            label = draft.label
            key = f"  [{label.key.upper()}]" if label.key else ""
            used = f"  \u2013 {quantity(draft.spans, 'span')}" if draft.spans else ""
            item = QListWidgetItem(swatch_icon(label.colour), f"{label.name}{key}{used}")
            item.setToolTip(label.description or label.name)
            self.label_list.addItem(item)
        self.label_list.setCurrentRow(min(current, len(self.drafts) - 1))
        self.label_list.blockSignals(False)
        self._refresh_speaker_choices()
        self._update_buttons()

    def _refresh_speaker_choices(self) -> None:
        chosen = self.speaker_label.currentText() or self.scheme.speaker_label
        names = [d.label.name for d in self.drafts if d.label.kind is LabelKind.ENTITY]
        self.speaker_label.blockSignals(True)
        self.speaker_label.clear()
        self.speaker_label.addItems(names)
        self.speaker_label.setCurrentIndex(names.index(chosen) if chosen in names else 0)
        self.speaker_label.blockSignals(False)

    def _update_buttons(self) -> None:
        row = self.label_list.currentRow()
        draft = self.current()
        self.remove_button.setEnabled(draft is not None and not draft.spans)
        self.remove_button.setToolTip(
            f"{draft.label.name} cannot be removed: {quantity(draft.spans, 'span')} use it"
            if draft is not None and draft.spans
            else "Remove the label from the scheme"
        )
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self.drafts) - 1)
        self.form_box.setEnabled(draft is not None)

    def current(self) -> Draft | None:
        row = self.label_list.currentRow()
        return self.drafts[row] if 0 <= row < len(self.drafts) else None

    def add_label(self) -> None:
        used = {d.label.colour.upper() for d in self.drafts}
        colour = next((c for c in PALETTE if c not in used), PALETTE[-1])
        names = {d.label.name for d in self.drafts}
        name = next(n for n in ("LABEL", *(f"LABEL{i}" for i in range(2, 999))) if n not in names)
        keys = {d.label.key.lower() for d in self.drafts} | {
            k.lower() for k in single_key_shortcuts()
        }
        key = next((k for k in "123456789" if k not in keys), "")
        self.drafts.append(Draft(Label(name=name, colour=colour, key=key), None))
        self._refresh_list()
        self.label_list.setCurrentRow(len(self.drafts) - 1)
        self.name.setFocus()
        self.name.selectAll()
        self._revalidate()

    def remove_label(self) -> None:
        draft = self.current()
        if draft is None or draft.spans:
            return
        self.drafts.remove(draft)
        self._refresh_list()
        self._show_draft(self.label_list.currentRow())
        self._revalidate()

    def move_label(self, step: int) -> None:
        row = self.label_list.currentRow()
        other = row + step
        if not (0 <= row < len(self.drafts) and 0 <= other < len(self.drafts)):
            return
        self.drafts[row], self.drafts[other] = self.drafts[other], self.drafts[row]
        self.label_list.setCurrentRow(other)
        self._refresh_list()
        self._revalidate()

    # The form of one label

    def _show_draft(self, row: int) -> None:
        draft = self.current()
        self._update_buttons()
        if draft is None:
            return
        label = draft.label
        self._loading = True
        self.name.setText(label.name)
        self.name.setReadOnly(bool(draft.spans))
        self.kind.setCurrentIndex(self.kind.findData(label.kind.value))
        self.kind.setEnabled(not draft.spans)
        self.name_hint.setText(
            f"Used by {quantity(draft.spans, 'span')}: the name and kind stay as they are."
            if draft.spans
            else ""
        )
        self.name_hint.setVisible(bool(draft.spans))
        self.key.setText(label.key.upper())
        self.description.setText(label.description)
        self.description.setCursorPosition(0)
        self.may_overlap.setChecked(label.may_overlap)
        self.attributes.set_attributes(draft.attributes)
        self._loading = False
        self._show_colour(label)

    def _show_colour(self, label: Label) -> None:
        self.colour_button.setIcon(swatch_icon(label.colour, 16))
        self.colour_button.setText(label.colour.upper())
        self.preview.show_label(label.name, label.colour, label.kind)
        used_by: dict[str, str] = {}
        for draft in self.drafts:
            if draft.label is not label:
                colour = draft.label.colour.upper()
                used_by[colour] = ", ".join(filter(None, (used_by.get(colour), draft.label.name)))
        self.palette_row.show_choice(label.colour, used_by)

    def _form_changed(self, *_: object) -> None:
        draft = self.current()
        if draft is None or self._loading:
            return
        draft.attributes = self.attributes.attributes()
        draft.label = replace(
            draft.label,
            name=self.name.text().strip(),
            key=self.key.text().strip().lower(),
            kind=LabelKind(self.kind.currentData()),
            description=self.description.text().strip(),
            may_overlap=self.may_overlap.isChecked(),
        )
        self._after_change(draft)

    def set_colour(self, colour: str) -> None:
        draft = self.current()
        if draft is None:
            return
        draft.label = replace(draft.label, colour=QColor(colour).name().upper())
        self._after_change(draft)

    def choose_colour(self) -> None:
        draft = self.current()
        if draft is None:
            return
        for index, colour in enumerate(PALETTE):
            QColorDialog.setCustomColor(index, QColor(colour))
        chosen = QColorDialog.getColor(
            QColor(draft.label.colour), self, f"Colour of {draft.label.name}"
        )
        if chosen.isValid():
            self.set_colour(chosen.name())

    def _after_change(self, draft: Draft) -> None:
        self._show_colour(draft.label)
        row = self.label_list.currentRow()
        self._refresh_list()
        self.label_list.setCurrentRow(row)
        self._revalidate()

    # Checking and saving

    def problems(self) -> list[str]:
        """What stands in the way of saving, in words (empty when the scheme is fine)."""
        reserved = single_key_shortcuts()
        problems = [
            f"{d.label.name}: the key {d.label.key.upper()} is the shortcut of "
            f"\u201c{action_title(reserved[d.label.key.upper()])}\u201d; "
            "choose another"
            for d in self.drafts
            if d.label.key.upper() in reserved
        ]
        for draft in self.drafts:
            problems += [
                f"{draft.label.name}: {p}" for p in self.attributes.problems(draft.attributes)
            ]
        try:
            self.build()
        except AnnotatorError as error:
            problems.append(str(error).removeprefix(f"label scheme {self.scheme.name!r}: "))
        return problems

    def build(self) -> LabelScheme:
        """The scheme as edited; raises ValidationError where it is not a valid one."""
        labels = tuple(replace(d.label, attributes=tuple(d.attributes)) for d in self.drafts)
        return replace(
            self.scheme,
            labels=labels,
            speaker_label=self.speaker_label.currentText() or self.scheme.speaker_label,
            allow_nesting=self.allow_nesting.isChecked(),
        )

    def renamed(self) -> dict[str, str]:
        return {
            d.original: d.label.name
            for d in self.drafts
            if d.original is not None and d.original != d.label.name
        }

    def _revalidate(self, *_: object) -> None:
        problems = self.problems()
        self._say(problems)
        self.save_button.setEnabled(not problems and not self.session.read_only)
        if self.session.read_only:
            self.save_button.setToolTip("The project is open read-only")

    def _say(self, problems: list[str]) -> None:
        self.message.setText("\n".join(problems))
        colour = warning_colour(is_dark(self)).name()
        self.message.setStyleSheet(f"color: {colour};" if problems else "")
        self.message.setVisible(bool(problems))

    def save(self) -> None:
        problems = self.problems()
        if problems:
            self._say(problems)
            return
        scheme = self.build()
        if scheme == self.scheme:  # nothing to save: no entry in the project's log
            self.accept()
            return
        try:
            self.session.set_scheme(scheme, renamed=self.renamed())
        except AnnotatorError as error:
            self._say([str(error)])
            return
        self.accept()
