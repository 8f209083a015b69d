"""The File menu's project actions: new, open, open recent, import (by dialog or drag and drop).

`install_file_actions(window)` adds them to a main window's File menu and lets files be dropped
onto it. Another project opens in a new window, and the old one closes: each window keeps to one
session from start to end, which is simpler to get right than swapping a session underneath.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.formats.registry import FORMATS
from annotator.services import project_files, settings
from annotator.services.importing import ImportSummary
from annotator.services.library import ProjectSession
from annotator.ui.actions import make_action
from annotator.ui.new_project_dialog import FILE_FILTER, NewProjectDialog

if TYPE_CHECKING:  # the export service loads with the Export dialog, not with the window
    from annotator.services.exporting import ExportSummary
    from annotator.ui.main_window import MainWindow

IMPORTABLE = tuple(sorted({e for f in FORMATS.values() if f.can_read for e in f.extensions}))
"""What a drop imports (folders too: their files with these endings); a dropped project file
is opened instead."""
IMPORT_FILTER = (
    "Text, JSON lines, JSON, CoNLL, spaCy, brat "
    "(*.txt *.text *.jsonl *.ndjson *.json *.conll *.iob *.bio *.tsv *.spacy *.ann *.zip);;"
    "All files (*)"
)
PROGRESS_STEPS = 1000
MESSAGE_MS = 10_000
UNKNOWN_LABEL = "unknown label"
"""How the reader's message for a label the scheme lacks begins (core.validation)."""
NAMES = ("file/new", "file/open", "file/import", "file/import-folder", "file/export")

_windows: set[QWidget] = set()
"""Windows opened from here, kept alive until they are closed."""


class ImportCancelled(Exception):
    """Raised from the progress callback when Cancel was pressed: the import rolls back."""


def install_file_actions(window: MainWindow) -> FileActions:
    """Add New, Open, Open Recent and Import to the window's File menu; accept dropped files."""
    existing = window.findChild(FileActions)
    if existing is not None:
        return existing
    return FileActions(window)


class FileActions(QObject):
    """The project actions of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("fileActions")
        self.window = window
        self._importing = False
        self.actions = {name: make_action(name, window) for name in NAMES}
        handlers: dict[str, Callable[[], object]] = {
            "file/new": self.new_project,
            "file/open": self.open_project_dialog,
            "file/import": self.import_files_dialog,
            "file/import-folder": self.import_folder_dialog,
            "file/export": self.export_dialog,
        }
        for name, action in self.actions.items():
            action.triggered.connect(handlers[name])
        read_only = window.session.read_only
        for name in ("file/import", "file/import-folder"):
            self.actions[name].setEnabled(not read_only)

        self.recent = QMenu("Open &Recent", window)
        self.recent.setObjectName("recentProjects")
        self.recent.setToolTipsVisible(True)
        self.recent.aboutToShow.connect(self.fill_recent)
        self.fill_recent()  # so that it is not empty (and disabled) before first shown
        self._add_to_menu()

        window.setAcceptDrops(not read_only)
        window.installEventFilter(self)
        if not read_only:
            # Qt offers a drag to the innermost widget that takes drops (the reading view
            # does, for text) and not to its parents: files dropped there are ours too.
            for child in window.findChildren(QWidget):
                if child.acceptDrops():
                    child.installEventFilter(self)
        by_name = getattr(window, "actions_by_name", None)
        if isinstance(by_name, dict):
            by_name.update(self.actions)

    def _add_to_menu(self) -> None:
        bar = self.window.menuBar()
        menu = next(
            (
                action.menu()
                for action in bar.actions()
                if action.menu() is not None and action.text().replace("&", "") == "File"
            ),
            None,
        )
        if menu is None:
            menu = bar.addMenu("&File")
        first = menu.actions()[0] if menu.actions() else None
        for name in ("file/new", "file/open"):
            menu.insertAction(first, self.actions[name])
        menu.insertMenu(first, self.recent)
        menu.insertSeparator(first)
        for name in ("file/import", "file/import-folder", "file/export"):
            menu.insertAction(first, self.actions[name])
        if first is not None:
            menu.insertSeparator(first)

    # New, open, recent

    def new_project(self) -> MainWindow | None:
        dialog = NewProjectDialog(
            project_files.built_in_schemes(), self._folder(), parent=self.window
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            path = project_files.create_project(dialog.path(), dialog.scheme())
        except (AnnotatorError, OSError) as error:
            show_message(self.window, "The project cannot be created.", str(error))
            return None
        return self.open_project(path)

    def open_project_dialog(self) -> MainWindow | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "Open Project", str(self._folder()), f"{FILE_FILTER};;All files (*)"
        )
        return self.open_project(Path(chosen)) if chosen else None

    def open_project(self, path: Path) -> MainWindow | None:
        """Show the project at `path` in a new window and close this one; None if it failed."""
        if path.resolve() == self.window.session.path.resolve():
            self.window.raise_()
            self.window.activateWindow()
            return self.window
        try:
            session = ProjectSession.open(path)
        except AnnotatorError as error:
            show_message(self.window, "The project cannot be opened.", str(error))
            return None
        from annotator.ui.main_window import MainWindow  # the window module imports this one

        window = MainWindow(session)
        install_file_actions(window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _windows.add(window)
        window.destroyed.connect(lambda *_: (_windows.discard(window), session.close()))
        window.open_first()
        window.show()
        settings.remember_project(path)
        self.window.close()
        return window

    def fill_recent(self) -> None:
        self.recent.clear()
        current = self.window.session.path.resolve()
        recent = [path for path in settings.recent_projects() if path.resolve() != current]
        for number, path in enumerate(recent, start=1):
            text = f"&{number} {path.name}" if number < 10 else path.name
            action = self.recent.addAction(text)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not recent:
            self.recent.addAction("No other projects yet").setEnabled(False)
            return
        self.recent.addSeparator()
        self.recent.addAction("&Clear Menu").triggered.connect(self._clear_recent)

    def _clear_recent(self) -> None:
        settings.update(recent_projects=[str(self.window.session.path.resolve())])

    def _folder(self) -> Path:
        return self.window.session.path.resolve().parent

    # Export

    def export_dialog(self) -> ExportSummary | None:
        """File > Export: the dialog writes the export and shows its summary."""
        from annotator.ui.export_dialog import ExportDialog  # loads only when asked for

        dialog = ExportDialog(self.window.session, parent=self.window)
        dialog.exec()
        summary = dialog.summary
        dialog.deleteLater()
        if summary is not None:
            self.window.statusBar().showMessage(
                f"Exported {summary.documents:,} documents to {summary.path}.", MESSAGE_MS
            )
        return summary

    # Import

    def import_files_dialog(self) -> ImportSummary | None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self.window, "Import Files", str(self._folder()), IMPORT_FILTER
        )
        return self.import_with_options([Path(p) for p in chosen]) if chosen else None

    def import_folder_dialog(self) -> ImportSummary | None:
        chosen = QFileDialog.getExistingDirectory(
            self.window, "Import a Folder", str(self._folder())
        )
        return self.import_with_options([Path(chosen)]) if chosen else None

    def import_with_options(self, paths: list[Path]) -> ImportSummary | None:
        """The Import dialog for these paths (more can be added there): a format, whether to
        add labels, and the error report, which keeps the dialog open."""
        from annotator.ui.import_dialog import ImportDialog  # loads only when asked for

        window = self.window
        if self._importing or window.session.read_only:
            return None

        def run(chosen: list[Path], format_name: str, add_labels: bool):
            self._importing = True
            try:
                return self._import(chosen, add_labels=add_labels, format_name=format_name)
            finally:
                self._importing = False

        dialog = ImportDialog(run, self._folder(), paths, parent=window)
        dialog.exec()
        summary = dialog.summary
        dialog.deleteLater()
        if summary is not None:
            self._imported(summary)
        return summary

    def import_paths(self, paths: list[Path]) -> ImportSummary | None:
        """Import with a progress dialog; on bad input say which file and line, keep nothing.

        Labels the scheme lacks are added when the user agrees (the import then runs again).
        """
        window = self.window
        if self._importing or not paths:
            return None
        if window.session.read_only:
            show_message(window, "Nothing was imported.", "The project is open read-only.")
            return None
        self._importing = True
        try:
            summary = self._import(paths, add_labels=False)
            if isinstance(summary, AnnotatorError) and UNKNOWN_LABEL in str(summary):
                if ask(
                    window,
                    "The files use labels the project does not have.",
                    (
                        f"{summary}\n\nAdd the new labels to the project's label scheme and "
                        "import the files?"
                    ),
                ):
                    summary = self._import(paths, add_labels=True)
                else:
                    summary = None
            if isinstance(summary, AnnotatorError | OSError):
                show_message(window, "Nothing was imported.", str(summary))
                return None
        finally:
            self._importing = False
        if summary is None:
            return None
        self._imported(summary)
        return summary

    def _imported(self, summary: ImportSummary) -> None:
        window = self.window
        window.model.reload()
        if window.record is None:
            window.open_first()
        window.statusBar().showMessage(f"{summary}.", MESSAGE_MS)

    def _import(
        self, paths: list[Path], *, add_labels: bool, format_name: str = "auto"
    ) -> ImportSummary | AnnotatorError | OSError | None:
        """The summary, or the error that stopped it; None when cancelled."""
        window = self.window
        dialog = QProgressDialog(_describe(paths), "Cancel", 0, PROGRESS_STEPS, window)
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle("Import")
        dialog.setMinimumWidth(380)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        shown = 0

        def progress(done: int, total: int) -> None:
            nonlocal shown
            step = done * PROGRESS_STEPS // total if total else 0
            if step != shown:  # a modal dialog's setValue also lets Qt handle events
                shown = step
                dialog.setValue(min(step, PROGRESS_STEPS - 1))
            if dialog.wasCanceled():
                raise ImportCancelled

        session = window.session
        try:
            return project_files.import_into(
                session.path,
                paths,
                annotator=session.annotator,
                format_name=format_name,
                add_labels=add_labels,
                progress=progress,
            )
        except ImportCancelled:
            window.statusBar().showMessage("Import cancelled: nothing was added.", MESSAGE_MS)
            return None
        except (AnnotatorError, OSError) as error:
            return error
        finally:
            dialog.close()
            dialog.deleteLater()

    # Drag and drop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.window.session.read_only:
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDragEnterEvent | QDropEvent
        ):
            if dropped_paths(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = dropped_paths(event)
            if paths:
                event.acceptProposedAction()
                # After the drop is over: the program the files came from waits until then.
                if len(paths) == 1 and paths[0].suffix == project_files.PROJECT_SUFFIX:
                    QTimer.singleShot(0, self, lambda: self.open_project(paths[0]))
                else:
                    QTimer.singleShot(0, self, lambda: self.import_paths(paths))
                return True
        return super().eventFilter(watched, event)


def dropped_paths(event: QDropEvent) -> list[Path]:
    """The local files and folders of a drag that an import can take, or one project file;
    [] for anything else."""
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    if len(paths) == 1 and paths[0].suffix == project_files.PROJECT_SUFFIX:
        return paths
    if not paths or not all(p.is_dir() or p.suffix.lower() in IMPORTABLE for p in paths):
        return []
    return paths


def show_message(parent: QWidget, summary: str, details: str) -> None:
    """A warning with the details as plain text (a file name is never read as markup)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", summary, parent=parent)
    box.setObjectName("fileActionMessage")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(details)
    # A message box is as narrow as its summary: a long file name would wrap at every slash.
    details_label = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if details_label is not None:
        details_label.setMinimumWidth(
            min(520, details_label.fontMetrics().horizontalAdvance(details) + 20)
        )
    box.exec()


def ask(parent: QWidget, summary: str, details: str) -> bool:
    """A yes-or-no question, its details as plain text; True for yes."""
    box = QMessageBox(QMessageBox.Icon.Question, "Annotator", summary, parent=parent)
    box.setObjectName("fileActionQuestion")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def _describe(paths: list[Path]) -> str:
    names = ", ".join(p.name for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
    return f"Importing {names}"
