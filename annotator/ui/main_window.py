"""The main window: the library on the left, the document being read in the middle."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from annotator.core.model import AnnotatedDocument, Status
from annotator.services.library import ProjectSession
from annotator.ui.actions import make_action
from annotator.ui.library_model import LibraryModel
from annotator.ui.library_panel import LibraryPanel
from annotator.ui.numbers import number, quantity
from annotator.ui.preferences import window_settings
from annotator.ui.reading_view import EMPTY_PROJECT_TEXT, ReadingView

DEFAULT_SIZE = (1280, 800)
LIBRARY_WIDTH = 440
MESSAGE_MS = 10_000


def window_title(session: ProjectSession) -> str:
    name = session.name + (" (read-only)" if session.read_only else "")
    return f"{name} - Annotator"


class MainWindow(QMainWindow):
    """One project's window. It reads through `session` and never touches the file itself."""

    def __init__(
        self,
        session: ProjectSession,
        *,
        remember_layout: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self._remember_layout = remember_layout
        self._record: AnnotatedDocument | None = None
        self.setWindowTitle(window_title(session))

        self.model = LibraryModel(session, parent=self)
        self.library = LibraryPanel(self.model)
        self.reader = ReadingView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([LIBRARY_WIDTH, DEFAULT_SIZE[0] - LIBRARY_WIDTH])
        self.setCentralWidget(self.splitter)

        self.position = QLabel(self)
        self.position.setObjectName("documentPosition")
        self.position.setTextFormat(Qt.TextFormat.PlainText)
        self.position.setContentsMargins(6, 0, 0, 0)
        self.statusBar().addWidget(self.position, 1)
        if session.read_only:
            self.statusBar().addPermanentWidget(QLabel("Read-only", self))
        who = QLabel(f"Annotator: {session.annotator}", self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setToolTip("The name your edits carry (set it with $ANNOTATOR_USER or the settings)")
        self.statusBar().addPermanentWidget(who)

        self._make_menus()
        self.library.document_chosen.connect(self.show_document)
        self.resize(*DEFAULT_SIZE)
        if remember_layout:
            self._restore_layout()

    def _make_menus(self) -> None:
        self.actions_by_name = {}
        menus = {
            "&File": ["file/quit"],
            "&Edit": ["edit/filter"],
            "&Document": ["document/previous", "document/next"],
        }
        handlers = {
            "file/quit": self.close,
            "edit/filter": self.focus_filter,
            "document/next": lambda: self.library.step(+1),
            "document/previous": lambda: self.library.step(-1),
        }
        for title, names in menus.items():
            menu = self.menuBar().addMenu(title)
            for name in names:
                action = make_action(name, self)
                action.triggered.connect(handlers[name])
                menu.addAction(action)
                self.actions_by_name[name] = action

    # Showing documents

    @property
    def record(self) -> AnnotatedDocument | None:
        """The document shown, with its spans, relations and states."""
        return self._record

    def open_first(self, doc_id: str | None = None) -> str | None:
        """Show `doc_id`, else the first document; returns a warning if `doc_id` is not there."""
        warning = None
        self.library.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if doc_id is not None:
            if self.library.select(doc_id):
                return None
            warning = f"There is no document {doc_id!r} in this project; showing the first one."
            self.statusBar().showMessage(warning, MESSAGE_MS)
        if not self.library.select_row(0):
            self.reader.show_document(None, empty_text=EMPTY_PROJECT_TEXT)
            self._update_position()
        return warning

    def show_document(self, doc_id: str) -> None:
        try:
            record = self.session.document(doc_id)
        except KeyError:
            self.statusBar().showMessage(
                f"The document {doc_id!r} is no longer in the project.", MESSAGE_MS
            )
            self.model.reload()
            return
        self._record = record
        self.reader.show_document(record.document)
        self._update_position()

    def _update_position(self) -> None:
        record = self._record
        total = self.model.project_total()
        if record is None:
            self.position.setText(quantity(total, "document") if total else "")
            return
        doc_id = record.document.id
        current = self.library.table.currentIndex()
        if not self.model.query.search and current.isValid():
            place: int | None = current.row()
        else:
            place = self.session.position_of(doc_id)
        spans = sum(1 for span in record.spans if span.status is not Status.REJECTED)
        if place is None:  # removed by another program meanwhile
            where = quantity(total, "document")
        else:
            where = f"Document {number(place + 1)} of {number(total)}"
        self.position.setText(f"{where} · {quantity(spans, 'span')}")

    def focus_filter(self) -> None:
        self.library.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library.filter.selectAll()

    # Layout kept between sessions

    def _restore_layout(self) -> None:
        settings = window_settings()
        for key, restore in (
            ("main/geometry", self.restoreGeometry),
            ("main/splitter", self.splitter.restoreState),
            ("library/header", self.library.table.horizontalHeader().restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)

    def _save_layout(self) -> None:
        settings = window_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("library/header", self.library.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_layout:
            self._save_layout()
        super().closeEvent(event)
