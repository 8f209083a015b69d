"""File > Import: the files and folders to import, their format, and what went wrong.

The dialog lists what will be imported with the format each file is taken as (detected by name
and content unless a format is chosen), lets labels the project lacks be added, and runs the
import through the window's file actions (all or nothing, with progress and Cancel). When the
input is bad it keeps the dialog open and shows the error as the command line does,
`FILE:LINE: what is wrong`, with the word that the project is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.formats.registry import FORMATS, collect_inputs
from annotator.services.importing import ImportSummary

AUTO = "auto"
UNCHANGED = "Nothing was imported: the project is exactly as it was."
UNKNOWN_LABEL = "unknown label"
Runner = Callable[[list[Path], str, bool], "ImportSummary | AnnotatorError | OSError | None"]
"""run(paths, format name, add labels) -> the summary, the error that stopped it, or None when
cancelled."""


class ImportDialog(QDialog):
    """Choose files and a format; Import runs `run` and closes on success."""

    def __init__(
        self,
        run: Runner,
        folder: Path,
        paths: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import")
        self.run = run
        self.folder = folder
        self.paths: list[Path] = []
        self.summary: ImportSummary | None = None

        self.files = QListWidget(self)
        self.files.setObjectName("importFiles")
        self.files.setMinimumHeight(120)
        add_files = QPushButton("Add &Files...", self)
        add_files.clicked.connect(self._add_files)
        add_folder = QPushButton("Add F&older...", self)
        add_folder.setToolTip("A folder: its files (and subfolders'), or one brat collection")
        add_folder.clicked.connect(self._add_folder)
        self.remove = QPushButton("&Remove", self)
        self.remove.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        for button in (add_files, add_folder, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        files_row.addLayout(buttons)

        self.format = QComboBox(self)
        self.format.setObjectName("importFormat")
        self.format.addItem("Detect from each file's name and content", AUTO)
        for info in FORMATS.values():
            if info.can_read:
                self.format.addItem(info.name, info.name)
        self.about = QLabel(self)
        self.about.setObjectName("importFormatAbout")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.add_labels = QCheckBox("Add labels the project does not have (else they are an error)")
        self.add_labels.setObjectName("importAddLabels")
        form = QFormLayout()
        form.addRow("F&ormat:", self.format)
        form.addRow("", self.about)
        form.addRow("", self.add_labels)

        self.report = QPlainTextEdit(self)
        self.report.setObjectName("importReport")
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("Problems with the files are shown here.")
        self.report.setMaximumHeight(110)
        self.report_title = QLabel("The import stopped at the first problem:", self)
        self.report_title.setObjectName("importReportTitle")
        font = self.report_title.font()
        font.setBold(True)
        self.report_title.setFont(font)
        self.report_title.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.buttons.accepted.connect(self.import_now)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Files and folders to import:", self))
        layout.addLayout(files_row, 1)
        layout.addLayout(form)
        layout.addWidget(self.report_title)
        layout.addWidget(self.report)
        layout.addWidget(self.buttons)
        self.resize(640, 460)

        self.format.currentIndexChanged.connect(self._refresh)
        self.files.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add(paths or [])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter imports

    # The list

    def add(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
        self._refresh()

    def _add_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, "Import Files", str(self.folder))
        self.add([Path(p) for p in chosen])

    def _add_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Import a Folder", str(self.folder))
        if chosen:
            self.add([Path(chosen)])

    def _remove(self) -> None:
        row = self.files.currentRow()
        if 0 <= row < len(self.paths):
            del self.paths[row]
            self._refresh()

    def format_name(self) -> str:
        return self.format.currentData()

    def _refresh(self) -> None:
        """List the inputs with the format each is taken as; say what cannot be read."""
        fmt = self.format_name()
        self.about.setText(
            "Each file's format is told by its name and, where that is not enough, its content."
            if fmt == AUTO else FORMATS[fmt].description
        )  # fmt: skip
        self.files.clear()
        self.report.clear()
        self.report_title.setVisible(False)
        for path in self.paths:
            self.files.addItem(self._describe(path, fmt))
        self.files.setCurrentRow(-1)
        self._update_buttons()

    def _describe(self, path: Path, fmt: str) -> str:
        try:
            inputs = collect_inputs([path], fmt)
        except AnnotatorError as error:
            self.report.appendPlainText(str(error))
            return f"{path}  (cannot be imported)"
        if len(inputs) == 1 and inputs[0].path == path:
            return f"{path}  ({inputs[0].format})"
        kinds: dict[str, int] = {}
        for item in inputs:
            kinds[item.format] = kinds.get(item.format, 0) + 1
        what = ", ".join(f"{count} {name}" for name, count in sorted(kinds.items()))
        return f"{path}/  ({what})"

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(bool(self.paths))
        self.remove.setEnabled(0 <= self.files.currentRow() < len(self.paths))

    # Importing

    def import_now(self) -> ImportSummary | None:
        """Run the import; close on success, else show what was wrong and stay."""
        if not self.paths:
            return None
        self.report.clear()
        self.report_title.setVisible(False)
        outcome = self.run(list(self.paths), self.format_name(), self.add_labels.isChecked())
        if outcome is None:  # cancelled: nothing was added
            self.report.setPlainText(f"The import was cancelled. {UNCHANGED}")
            return None
        if isinstance(outcome, AnnotatorError | OSError):
            self.show_error(outcome)
            return None
        self.summary = outcome
        self.accept()
        return outcome

    def show_error(self, error: AnnotatorError | OSError) -> None:
        self.report_title.setVisible(True)
        lines = [str(error), "", UNCHANGED]
        if UNKNOWN_LABEL in str(error) and not self.add_labels.isChecked():
            lines.append(
                "To import the files with their labels, tick “Add labels the project does not "
                "have” and import again."
            )
            self.add_labels.setFocus(Qt.FocusReason.OtherFocusReason)
        self.report.setPlainText("\n".join(lines))
