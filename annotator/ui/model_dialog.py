"""Suggest > Model...: which spaCy pipeline makes the project's suggestions.

Lists the built-in German model, the spaCy pipeline packages installed here and, on request,
a pipeline folder; the choice is stored in the project file. Listing the packages imports
spaCy, so the list is filled when the dialog opens, never at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.services import suggesting
from annotator.services.library import ProjectSession
from annotator.ui.file_actions import show_message

SpecRole = Qt.ItemDataRole.UserRole

HELP_TEXT = (
    "Suggestions carry the name and version of the model that made them. The built-in model "
    "needs no download. Larger spaCy pipelines usually find more: install one with "
    "`python -m spacy download de_core_news_lg` (needs the internet) and it appears here; "
    "a pipeline saved with nlp.to_disk() can be chosen as a folder."
)


class ModelDialog(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelDialog")
        self.setWindowTitle("Model for Suggestions")
        self.session = session
        self.current = suggesting.project_model(session)
        self.chosen: str | None = None

        intro = QLabel(f"The model that makes suggestions in “{session.name}”:", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.choices = QListWidget(self)
        self.choices.setObjectName("modelChoices")
        self.choices.itemDoubleClicked.connect(lambda _item: self.accept())
        folder = QPushButton("Choose a &Folder…", self)
        folder.setToolTip("A spaCy pipeline saved in a folder (it holds config.cfg)")
        folder.clicked.connect(self.choose_folder)
        notes = QLabel(HELP_TEXT, self)
        notes.setTextFormat(Qt.TextFormat.PlainText)
        notes.setWordWrap(True)
        notes.setObjectName("modelHelp")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not session.read_only)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choices, 1)
        layout.addWidget(folder, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(notes)
        layout.addWidget(buttons)
        self.resize(520, 400)
        self.fill()

    def fill(self) -> None:
        self.choices.clear()
        builtin = suggesting.model_title("builtin")
        if not suggesting.builtin_available():
            builtin += " - not built here (make model)"
        self._add(builtin, "builtin")
        try:
            packages = suggesting.installed_models()
        except Exception:  # a broken spaCy install should not keep the dialog from opening
            packages = []
        for name in packages:
            self._add(f"{name} (installed spaCy pipeline)", name)
        if self.current != "builtin" and self.current not in packages:
            self._add(_folder_text(self.current), self.current)
        self._select(self.current)

    def _add(self, text: str, spec: str) -> None:
        item = QListWidgetItem(text)
        item.setData(SpecRole, spec)
        item.setToolTip(spec)
        self.choices.addItem(item)

    def _select(self, spec: str) -> None:
        for row in range(self.choices.count()):
            if self.choices.item(row).data(SpecRole) == spec:
                self.choices.setCurrentRow(row)
                return

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A spaCy Pipeline Folder", str(Path.home()))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        self._add(_folder_text(folder), folder)
        self.choices.setCurrentRow(self.choices.count() - 1)

    def selected_spec(self) -> str | None:
        item = self.choices.currentItem()
        return item.data(SpecRole) if item is not None else None

    def accept(self) -> None:
        spec = self.selected_spec()
        if spec is None:
            return
        try:
            suggesting.set_project_model(self.session, spec)
        except AnnotatorError as error:
            show_message(self, "This model cannot be used.", str(error))
            return
        self.chosen = spec
        super().accept()


def _folder_text(spec: str) -> str:
    return f"{Path(spec).name} (pipeline folder {spec})"


__all__ = ["ModelDialog"]
