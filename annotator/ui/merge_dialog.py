"""File > Import Annotations of Another Annotator...: merge another annotator's project file or
JSON lines into this project (all or nothing), then say what came in and which documents did
not match (none of ours, or ours with another text)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.services.library import ProjectSession
from annotator.ui.actions import make_action
from annotator.ui.theme import is_dark, warning_colour

if TYPE_CHECKING:
    from annotator.services.merge_session import MergeSummary
    from annotator.ui.main_window import MainWindow

FILE_FILTER = "Annotator projects and JSON lines (*.annotator *.jsonl *.ndjson);;All files (*)"
LISTED = 50
"""Documents named in the summary, of each kind; the rest are counted."""


def summary_text(summary: MergeSummary) -> str:
    who = ", ".join(sorted(summary.annotators)) or "nobody"
    documents = "document" if summary.documents == 1 else "documents"
    lines = [
        f"Merged {summary.documents:,} {documents} from {summary.source} ({who}).",
        f"Spans: {summary.spans_added:,} added, {summary.spans_updated:,} updated, "
        f"{summary.spans_unchanged:,} already there.",
        f"Speaker links: {summary.relations_added:,}; document states: {summary.states_set:,}.",
    ]
    for title, ids in (
        ("Not in this project (by id or by text), left out", summary.unmatched),
        ("In this project with another text, left out", summary.text_differs),
    ):
        if ids:
            lines += ["", f"{title}: {len(ids):,}"]
            lines += [f"  {doc_id}" for doc_id in ids[:LISTED]]
            if len(ids) > LISTED:
                lines.append(f"  ... and {len(ids) - LISTED:,} more")
    return "\n".join(lines)


class MergeDialog(QDialog):
    def __init__(
        self, session: ProjectSession, path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Import Annotations of Another Annotator")
        self.session = session
        self.summary: MergeSummary | None = None

        intro = QLabel(
            "Brings in another annotator's spans, speaker links and document states from their "
            "project file (.annotator) or Annotator JSON lines. Documents are matched by id and "
            "by text. If anything does not fit, nothing is merged.",
            self,
        )
        intro.setWordWrap(True)
        self.path = QLineEdit(str(path) if path else "", self)
        self.path.setObjectName("mergePath")
        self.path.setPlaceholderText("their .annotator or .jsonl file")
        self.path.textChanged.connect(self._update)
        choose = QPushButton("&Choose...", self)
        choose.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        self.as_name = QLineEdit(self)
        self.as_name.setObjectName("mergeAsName")
        self.as_name.setPlaceholderText("keep the names in the file")
        self.as_name.setToolTip("Put every span of the file under this annotator's name")
        form = QFormLayout()
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, row)
        form.addRow("Under the &name:", self.as_name)

        self.result = QPlainTextEdit(self)
        self.result.setObjectName("mergeResult")
        self.result.setReadOnly(True)
        self.result.setPlaceholderText("What was merged, and what did not match, shows here.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.merge_button = QPushButton("&Merge", self)
        self.merge_button.setDefault(True)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.clicked.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.result, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        self._update()

    def _update(self) -> None:
        self.merge_button.setEnabled(bool(self.path.text().strip()) and not self.session.read_only)

    def choose_file(self) -> None:
        folder = str(self.session.path.resolve().parent)
        chosen, _ = QFileDialog.getOpenFileName(self, "Their Annotations", folder, FILE_FILTER)
        if chosen:
            self.path.setText(chosen)

    def merge(self) -> MergeSummary | None:
        path = Path(self.path.text().strip())
        self.result.setStyleSheet("")
        self.result.setPlainText(f"Merging {path.name}...")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from annotator.services.merge_session import merge_into  # loads when first used

            summary = merge_into(self.session, path, as_name=self.as_name.text())
        except (AnnotatorError, OSError) as error:
            self.result.setStyleSheet(f"color: {warning_colour(is_dark(self)).name()};")
            self.result.setPlainText(f"Nothing was merged.\n\n{error}")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.summary = summary
        self.result.setPlainText(summary_text(summary))
        self.merge_button.setEnabled(False)  # once is enough (again would add nothing)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()
        return summary


def install_merge_action(window: MainWindow) -> QAction:
    """File > Import Annotations of Another Annotator..., after the other imports."""
    action = make_action("file/merge", window)
    action.setEnabled(not window.session.read_only)
    action.triggered.connect(lambda: merge_dialog(window))
    menu = window.menuBar().actions()[0].menu()
    anchor = next((a for a in menu.actions() if a.objectName() == "file/import-folder"), None)
    after = menu.actions()[menu.actions().index(anchor) + 1] if anchor is not None else None
    menu.insertAction(after, action)
    window.actions_by_name["file/merge"] = action
    return action


def merge_dialog(window: MainWindow, path: Path | None = None) -> MergeSummary | None:
    dialog = MergeDialog(window.session, path, parent=window)
    dialog.exec()
    summary = dialog.summary
    dialog.deleteLater()
    if summary is not None:
        window.model.refresh()
        from annotator.ui.review.mode import ReviewMode

        mode = window.findChild(ReviewMode)
        if mode is not None:
            mode.annotators_may_have_changed()
        if window.editor is not None and (mode is None or not mode.active):
            window.show_document(window.editor.doc_id)  # with the merged spans
        window.statusBar().showMessage(summary_text(summary).splitlines()[0], 10_000)
    return summary
