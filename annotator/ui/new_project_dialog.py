"""The New Project dialog: where the file goes and which built-in label scheme it starts with."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelScheme
from annotator.services.project_files import PROJECT_SUFFIX

FILE_FILTER = f"Annotator projects (*{PROJECT_SUFFIX})"


class NewProjectDialog(QDialog):
    """Asks for a file name and a label scheme; `path()` and `scheme()` once accepted."""

    def __init__(
        self, schemes: list[LabelScheme], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newProjectDialog")
        self.setWindowTitle("New Project")
        self._schemes = schemes

        self.file = QLineEdit(str(folder / f"Untitled{PROJECT_SUFFIX}"), self)
        self.file.setObjectName("newProjectFile")
        self.file.setMinimumWidth(360)
        self.file.textChanged.connect(self._update_ok)
        browse = QPushButton("Choose...", self)
        browse.setToolTip("Choose the folder and name of the new project file")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)

        self.schemes = QComboBox(self)
        self.schemes.setObjectName("newProjectScheme")
        for scheme in schemes:
            self.schemes.addItem(scheme.name, scheme.name)
        self.about = QLabel(self)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.schemes.currentIndexChanged.connect(self._describe)
        self._describe()

        form = QFormLayout()
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.file)  # a row of a layout gets no buddy by itself
        form.addRow(file_label, file_row)
        form.addRow("&Labels:", self.schemes)
        form.addRow("", self.about)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_ok()

    def path(self) -> Path:
        path = Path(self.file.text().strip()).expanduser()
        return path if path.suffix == PROJECT_SUFFIX else path.with_name(path.name + PROJECT_SUFFIX)

    def scheme(self) -> LabelScheme:
        return self._schemes[self.schemes.currentIndex()]

    def _describe(self) -> None:
        scheme = self.scheme()
        labels = ", ".join(label.name for label in scheme.labels)
        about = f"{scheme.description} " if scheme.description else ""
        self.about.setText(f"{about}Labels: {labels}. You can change them later.")

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "New Project", self.file.text(), FILE_FILTER)
        if chosen:
            self.file.setText(chosen)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.file.text().strip()))
