"""File > Export: format, output, filters and splits, with a preview of what will be written.

The preview and the counts come from a dry run of the real export (`services.export_jobs`),
run in a worker thread a moment after the last change, so they are the export's own figures:
what a format cannot carry and what the filters leave out included. The export itself runs in
a worker thread too, behind a progress dialog with Cancel (`export_worker`); each thread opens
the project for itself, read-only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.formats.registry import FORMATS, FormatInfo
from annotator.services import export_jobs
from annotator.services.export_jobs import Preview
from annotator.services.exporting import ExportCancelled, ExportRequest, ExportSummary
from annotator.services.library import ProjectSession
from annotator.ui.export_options import ExportOptions
from annotator.ui.export_worker import JobThread, run_with_progress
from annotator.ui.numbers import number, quantity
from annotator.ui.preferences import window_settings
from annotator.ui.theme import is_dark, warning_colour

PREVIEW_DELAY_MS = 400
DEFAULT_FORMAT = "jsonl"
FORMAT_KEY = "export/format"
FOLDER_KEY = "export/folder"
"""The format and folder of the last export, offered again."""
TAB_CHARACTERS = 20
"""Tab stops of the preview (CoNLL's columns), in characters."""
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ExportDialog(QDialog):
    """Choose what to export and where; Export writes it and shows a summary."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.session = session
        self.summary: ExportSummary | None = None
        """What the export wrote, once it has."""
        self.preview: Preview | None = None
        self._preview_thread: JobThread | None = None
        self._preview_again = False
        self._suggested = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)

        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for info in FORMATS.values():
            if info.can_write:
                self.format.addItem(info.name, info.name)
        self.about = QLabel(self)
        self.about.setObjectName("exportFormatAbout")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.output = QLineEdit(self)
        self.output.setObjectName("exportOutput")
        self.output.setMinimumWidth(300)
        browse = QPushButton("Choose...", self)
        browse.setToolTip("Choose where the export goes")
        browse.clicked.connect(self._browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)
        top = QFormLayout()
        top.addRow("&Format:", self.format)
        top.addRow("", self.about)
        output_label = QLabel("&Output:", self)
        output_label.setBuddy(self.output)
        top.addRow(output_label, output_row)

        stats = session.stats()
        self.options = ExportOptions(session.scheme, stats.get("spans_by_annotator", {}), self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.options, 1)

        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setObjectName("exportPreview")
        self.preview_text.setReadOnly(True)
        self.preview_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.preview_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        space = self.preview_text.fontMetrics().horizontalAdvance(" ")
        self.preview_text.setTabStopDistance(space * TAB_CHARACTERS)
        self.counts = QTableWidget(0, 2, self)
        self.counts.setHorizontalHeaderLabels(["Label", "Spans"])
        self.counts.setObjectName("exportCounts")
        self.counts.verticalHeader().setVisible(False)
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.counts.setShowGrid(False)
        self.counts.setAlternatingRowColors(True)
        self.notes = QLabel(self)
        self.notes.setObjectName("exportNotes")
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(QLabel("Preview: the first records as the format writes them", self))
        right_layout.addWidget(self.preview_text, 3)
        right_layout.addWidget(QLabel("What it will write", self))
        right_layout.addWidget(self.counts, 2)
        right_layout.addWidget(self.notes)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1100, 700)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.options.changed.connect(self._changed)
        self.output.textChanged.connect(self._update_button)
        remembered = window_settings().value(FORMAT_KEY, DEFAULT_FORMAT)
        self.format.setCurrentIndex(max(0, self.format.findData(remembered)))
        self._format_changed()

    # Choices

    @property
    def info(self) -> FormatInfo:
        return FORMATS[self.format.currentData()]

    def request(self) -> ExportRequest:
        """The export the dialog describes; InputError for choices that make none."""
        return ExportRequest(
            format=self.info.name,
            filters=self.options.filters(),
            split=self.options.split(),
            misaligned=self.options.misaligned(),
        )

    def output_path(self) -> Path:
        return Path(self.output.text().strip()).expanduser()

    def _suggested_output(self) -> Path:
        stem = self.session.path.stem
        folder = Path(str(window_settings().value(FOLDER_KEY, "")) or self.session.path.parent)
        folder = folder if folder.is_dir() else self.session.path.resolve().parent
        if self.options.split() is not None:
            return folder / f"{stem}-{self.info.name}"
        return folder / f"{stem}{self.info.extension}"

    def _format_changed(self) -> None:
        info = self.info
        self.about.setText(info.description)
        self.options.set_format(
            lossless=info.lossless, suggestions=info.suggestions, token_based=info.token_based
        )
        self._suggest_output()
        self._changed()

    def _suggest_output(self) -> None:
        """A name beside the project for this format and split, unless the user chose one."""
        current = self.output.text().strip()
        if current and current != self._suggested:
            return
        try:
            self._suggested = str(self._suggested_output())
        except AnnotatorError:
            return
        self.output.setText(self._suggested)

    def _changed(self) -> None:
        if self.sender() is self.options:
            self._suggest_output_if_split_changed()
        self._set_notes("Counting…")
        self._timer.start()
        self._update_button()

    def _suggest_output_if_split_changed(self) -> None:
        split = self.options.split_group.isChecked()
        if split != getattr(self, "_split_shown", False):
            self._split_shown = split
            self._suggest_output()

    def _update_button(self) -> None:
        self.export_button.setEnabled(bool(self.output.text().strip()))

    def _browse(self) -> None:
        info = self.info
        to_zip = self.output.text().endswith(".zip")
        if self.options.split_group.isChecked() or (info.output == "folder" and not to_zip):
            chosen = QFileDialog.getExistingDirectory(self, "Export to a Folder", str(self._at()))
        else:
            pattern = " ".join(f"*{e}" for e in info.extensions)
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export", self.output.text(), f"{info.name} ({pattern});;All files (*)"
            )
        if chosen:
            self.output.setText(chosen)

    def _at(self) -> Path:
        return self.output_path().parent

    # Preview

    def refresh_preview(self) -> None:
        """Start a dry run of the export as now chosen (after the one running, if any)."""
        if self._preview_thread is not None:
            self._preview_again = True
            self._preview_thread.stop()
            return
        try:
            request = self.request()
        except AnnotatorError as error:
            self._show_problem(str(error))
            return
        path = self.session.path
        thread = JobThread(
            lambda progress, stop: export_jobs.dry_run(path, request, should_stop=stop), self
        )
        thread.succeeded.connect(self._preview_ready)
        thread.failed.connect(self._preview_failed)
        thread.finished.connect(self._preview_finished)
        self._preview_thread = thread
        thread.start()

    def _preview_finished(self) -> None:
        thread, self._preview_thread = self._preview_thread, None
        if thread is not None:
            thread.deleteLater()
        if self._preview_again:
            self._preview_again = False
            self.refresh_preview()

    def _preview_ready(self, preview: Preview) -> None:
        if self._preview_again:
            return  # the choices changed meanwhile: another run follows
        self.preview = preview
        self.preview_text.setPlainText(preview.text or "(nothing: no document passes the filters)")
        self._fill_counts(preview.summary)

    def _preview_failed(self, error: Exception) -> None:
        if not self._preview_again and not isinstance(error, ExportCancelled):
            self._show_problem(str(error))

    def _show_problem(self, message: str) -> None:
        self.preview = None
        self.preview_text.setPlainText("")
        self.counts.setRowCount(0)
        if "--misaligned" in message:  # the command line's advice, in the dialog's words
            message = message.split("; export with --misaligned")[0] + (
                ". Choose what to do with them under “Spans that do not fall on token boundaries”."
            )
        self._set_notes(f"Cannot export with these choices: {message}", problem=True)

    def _set_notes(self, text: str, *, problem: bool = False) -> None:
        colour = warning_colour(is_dark(self)).name() if problem else ""
        self.notes.setStyleSheet(f"color: {colour};" if colour else "")
        self.notes.setText(text)

    def _fill_counts(self, summary: ExportSummary) -> None:
        splits = list(summary.splits)
        columns = ["Label", "Spans", *(s.capitalize() for s in splits)]
        labels = sorted(summary.report.labels)
        self.counts.setColumnCount(len(columns))
        self.counts.setHorizontalHeaderLabels(columns)
        self.counts.setRowCount(len(labels))
        for row, label in enumerate(labels):
            values = [label, number(summary.report.labels[label])]
            values += [number(summary.splits[s]["labels"].get(label, 0)) for s in splits]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(RIGHT)
                self.counts.setItem(row, column, item)
        figures = [f"{quantity(summary.documents, 'document')}, {quantity(summary.spans, 'span')}"]
        if summary.splits:
            per_split = (f"{name} {number(f['documents'])}" for name, f in summary.splits.items())
            figures.append("documents in " + ", ".join(per_split))
        lines = [" · ".join(figures)]
        losses = summary.report.describe_losses()
        if losses:
            lines.append(f"Not carried by {summary.format}:")
            lines.extend(f"• {loss}" for loss in losses)
        if summary.left_out:
            lines.append("Left out by the filters:")
            lines.extend(f"• {number(n)} {k}" for k, n in sorted(summary.left_out.items()))
        self._set_notes("\n".join(lines))

    # Export

    def export(self) -> ExportSummary | None:
        """Write the export behind a progress dialog; on success show the summary and close."""
        try:
            request = self.request()
        except AnnotatorError as error:
            self._tell("Nothing was exported.", str(error))
            return None
        out = self.output_path()
        if out.is_file() and self.info.output == "file" and request.split is None:
            answer = QMessageBox.question(
                self, "Export", f"{out.name} exists already. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return None
        self._stop_preview()
        path = self.session.path
        result = run_with_progress(
            self, "Export", f"Exporting to {out.name}…",
            lambda progress, stop: export_jobs.export_file(path, out, request, progress=progress,
                                                           should_stop=stop),
        )  # fmt: skip
        if isinstance(result, ExportCancelled):
            self.notes.setText("The export was cancelled: no file was written.")
            return None
        if isinstance(result, BaseException):
            self._tell("Nothing was exported.", str(result))
            return None
        self.summary = result
        store = window_settings()
        store.setValue(FORMAT_KEY, self.info.name)
        store.setValue(FOLDER_KEY, str(out.resolve().parent))
        head, _, rest = str(result).partition("\n")
        self._tell(head + ".", rest or "Nothing was left out.", icon=QMessageBox.Icon.Information)
        self.accept()
        return result

    def _tell(self, summary: str, details: str, *, icon=QMessageBox.Icon.Warning) -> None:
        box = QMessageBox(icon, "Export", summary, parent=self)
        box.setObjectName("exportMessage")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(details)
        box.exec()

    def _stop_preview(self) -> None:
        self._timer.stop()
        thread = self._preview_thread
        if thread is not None:
            self._preview_again = False
            thread.stop()
            thread.wait()

    def done(self, result: int) -> None:
        self._stop_preview()
        super().done(result)
