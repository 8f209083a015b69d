"""The main window: the library on the left, the document being read in the middle."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotatedDocument, DocState, Document
from annotator.services.editing import Change, DocumentEditor
from annotator.services.library import ProjectSession
from annotator.ui.actions import make_action
from annotator.ui.annotation_panel import install_annotation_panel
from annotator.ui.bulk import collector_paused
from annotator.ui.file_actions import install_file_actions
from annotator.ui.layer_choice import install_layer_choice
from annotator.ui.library_model import LibraryModel
from annotator.ui.library_panel import LibraryPanel
from annotator.ui.merge_dialog import install_merge_action
from annotator.ui.numbers import number, quantity
from annotator.ui.preference_menus import install_preferences_menus
from annotator.ui.preferences import window_settings
from annotator.ui.reading_view import EMPTY_PROJECT_TEXT, ReadingView
from annotator.ui.review.mode import install_review_mode
from annotator.ui.suggest_actions import install_suggest_actions
from annotator.ui.user_name_dialog import install_name_action

SAVED_TEXT = "All changes saved"
DEFAULT_SIZE = (1280, 800)
LIBRARY_WIDTH = 330
MESSAGE_MS = 10_000
LIBRARY_REFRESH_MS = 300
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
    }
)
OPEN_REST_MS = 50
"""When a long document's rest loads if its first part was not painted by then."""


def window_title(session: ProjectSession) -> str:
    name = session.name + (" (read-only)" if session.read_only else "")
    return f"{name} - Annotator"


class MainWindow(QMainWindow):
    """One project's window. It reads through `session` and never touches the file itself."""

    editor_changed = Signal(object)
    """The `DocumentEditor` of the document now shown (None when there is none)."""
    span_selected = Signal(str)
    """The id of the span selected in the text, or "" when none is."""

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
        self._editor: DocumentEditor | None = None
        self._opening: Document | None = None
        """A long document shown in part while the rest loads (see `show_document`)."""
        self._finish_opening = QTimer(self)
        self._finish_opening.setSingleShot(True)
        self._finish_opening.timeout.connect(self._open_rest)
        self._where = ""
        """The shown document's place in the library, for the status bar."""
        self._library_refresh = QTimer(self)
        self._library_refresh.setSingleShot(True)
        self._library_refresh.setInterval(LIBRARY_REFRESH_MS)
        self._library_refresh.timeout.connect(lambda: self.model.refresh())
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
        self.statusBar().addWidget(self.position)
        self.counts = QLabel(self)
        self.counts.setObjectName("spanCounts")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.counts, 1)
        self.save_state = QLabel("" if session.read_only else SAVED_TEXT, self)
        self.save_state.setObjectName("saveState")
        self.save_state.setToolTip("Every edit is saved in the project file as you make it")
        self.statusBar().addPermanentWidget(self.save_state)
        if session.read_only:
            self.statusBar().addPermanentWidget(QLabel("Read-only", self))
        who = QLabel(f"Annotator: {session.annotator}", self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setToolTip("The name your edits carry (set it with $ANNOTATOR_USER or the settings)")
        self.statusBar().addPermanentWidget(who)

        self._make_menus()
        self.library.document_chosen.connect(self.show_document)
        # Enter (or a double click) on a document in the library: on to annotating it.
        self.library.table.activated.connect(lambda _index: self.focus_text())
        self.reader.text.painted.connect(self._painted)
        self.reader.controller.span_selected.connect(self.span_selected)
        self.reader.controller.message.connect(self._tell)
        # After the view has taken in an edit (it hears of it after this window does).
        self.reader.controller.spans_changed.connect(self._update_counts)
        self.resize(*DEFAULT_SIZE)
        self.panel = install_annotation_panel(self)
        view_menu = next(a.menu() for a in self.menuBar().actions() if a.text() == "&View")
        install_layer_choice(self, view_menu)
        install_file_actions(self)
        install_merge_action(self)
        install_preferences_menus(self)
        install_suggest_actions(self)
        install_review_mode(self)
        install_name_action(self)
        if remember_layout:  # after the docks exist, so that their places come back too
            self._restore_layout()

    def _make_menus(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        reader = self.reader.controller
        text = self.reader.text

        def move(edge: str, direction: int, by_word: bool) -> Callable[[], None]:
            return lambda: reader.move(edge=edge, direction=direction, by_word=by_word)

        handlers: dict[str, Callable[[], object]] = {
            "file/quit": self.close,
            "edit/undo": self.undo,
            "edit/redo": self.redo,
            "edit/filter": self.focus_filter,
            "span/next": lambda: reader.step(+1),
            "span/previous": lambda: reader.step(-1),
            "span/start-earlier": move("start", -1, False),
            "span/start-later": move("start", +1, False),
            "span/start-word-earlier": move("start", -1, True),
            "span/start-word-later": move("start", +1, True),
            "span/end-earlier": move("end", -1, False),
            "span/end-later": move("end", +1, False),
            "span/end-word-earlier": move("end", -1, True),
            "span/end-word-later": move("end", +1, True),
            "span/delete": reader.delete,
            "span/accept": reader.accept,
            "span/accept-all": reader.accept_all,
            "span/link-speaker": reader.start_linking,
            "span/snap-words": lambda: None,
            "view/zoom-in": lambda: self.reader.zoom(+1),
            "view/zoom-out": lambda: self.reader.zoom(-1),
            "view/zoom-reset": lambda: self.reader.zoom(0),
            "view/show-rejected": lambda: None,
            "document/done": lambda: self.finish(DocState.DONE),
            "document/skip": lambda: self.finish(DocState.SKIPPED),
            "document/next": lambda: self.library.step(+1),
            "document/previous": lambda: self.library.step(-1),
        }
        menus = {
            "&File": ["file/quit"],
            "&Edit": ["edit/undo", "edit/redo", None, "edit/filter"],
            "&View": [
                "view/zoom-in",
                "view/zoom-out",
                "view/zoom-reset",
                None,
                "view/show-rejected",
            ],
            "&Span": [
                "span/next",
                "span/previous",
                None,
                "span/accept",
                "span/delete",
                "span/accept-all",
                None,
                "span/link-speaker",
                None,
                "span/start-earlier",
                "span/start-later",
                "span/start-word-earlier",
                "span/start-word-later",
                "span/end-earlier",
                "span/end-later",
                "span/end-word-earlier",
                "span/end-word-later",
                None,
                "span/snap-words",
            ],
            "&Document": [
                "document/done",
                "document/skip",
                None,
                "document/previous",
                "document/next",
            ],
        }
        # Keys that type nothing elsewhere (Tab, Delete, S, Alt+arrows) act only in the text.
        in_text = {name for name in handlers if name.startswith("span/")}
        for title, names in menus.items():
            menu = self.menuBar().addMenu(title)
            for name in names:
                if name is None:
                    menu.addSeparator()
                    continue
                action = make_action(name, self)
                action.triggered.connect(handlers[name])
                menu.addAction(action)
                if name in in_text:
                    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                    text.addAction(action)
                self.actions_by_name[name] = action
        snap = self.actions_by_name["span/snap-words"]
        snap.setCheckable(True)
        reader.snap_to_words = window_settings().value("editing/snap_to_words", "true") != "false"
        snap.setChecked(reader.snap_to_words)
        snap.toggled.connect(self._set_snap)
        rejected = self.actions_by_name["view/show-rejected"]
        rejected.setCheckable(True)
        rejected.setChecked(window_settings().value("view/show_rejected", "false") == "true")
        reader.set_show_rejected(rejected.isChecked())
        rejected.toggled.connect(self._set_show_rejected)
        # A read-only text widget may claim some keys (Delete, Return) before any shortcut
        # sees them; its key handler then runs the action itself.
        reader.fallback_actions = list(self.actions_by_name.values())

    def _set_show_rejected(self, on: bool) -> None:
        self.reader.controller.set_show_rejected(on)
        window_settings().setValue("view/show_rejected", "true" if on else "false")

    def _set_snap(self, on: bool) -> None:
        self.reader.controller.snap_to_words = on
        window_settings().setValue("editing/snap_to_words", "true" if on else "false")

    # Showing documents

    @property
    def record(self) -> AnnotatedDocument | None:
        """The document shown, with its spans and relations as they are now."""
        editor = self.editor
        if editor is None:
            return None
        return AnnotatedDocument(editor.document, tuple(editor.spans()), tuple(editor.relations()))

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

    @property
    def opening(self) -> bool:
        """A long document is shown in part, its rest still to load."""
        return self._opening is not None

    @property
    def editor(self) -> DocumentEditor | None:
        """The shown document's editor; asking for it finishes opening a long document."""
        self.finish_opening()
        return self._editor

    def finish_opening(self) -> None:
        """Load the rest of a long document shown in part now, not after the first paint."""
        if self._opening is not None:
            self._open_rest()

    def show_document(self, doc_id: str) -> None:
        """Show a document. A long one shows its first screens with their spans at once and
        the rest right after that first paint: the editor exists from then on (or as soon as
        anything asks for it)."""
        self._opening = None
        self._finish_opening.stop()
        try:
            with collector_paused():
                document = self.session.bare_document(doc_id)
        except KeyError:
            self.statusBar().showMessage(
                f"The document {doc_id!r} is no longer in the project.", MESSAGE_MS
            )
            self.model.reload()
            return
        self._set_editor(None)
        with collector_paused():
            shown_in_part = self.reader.show_opening(
                document, self.session.scheme, lambda end: self.session.spans_before(doc_id, end)
            )
        if not shown_in_part:
            with collector_paused():
                record = self.session.with_annotations(document)
            self._show_editor(DocumentEditor(self.session, doc_id, record))
            return
        self._opening = document
        # A key or a click before the rest has loaded finishes loading it first.
        QApplication.instance().installEventFilter(self)
        self._update_position()
        self.editor_changed.emit(None)
        # The rest follows the first paint; without one (a hidden view), a moment later.
        self._finish_opening.start(OPEN_REST_MS)

    def _painted(self) -> None:
        if self._opening is not None:
            self._finish_opening.start(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._opening is not None and event.type() in INPUT_EVENTS:
            self._open_rest()
        return False

    def _open_rest(self) -> None:
        document, self._opening = self._opening, None
        self._finish_opening.stop()
        QApplication.instance().removeEventFilter(self)
        if document is None:
            return
        with collector_paused():
            record = self.session.with_annotations(document)
            editor = DocumentEditor(self.session, document.id, record)
            self._set_editor(editor)
            self.reader.finish_opening(editor)
        self._update_position()
        self.editor_changed.emit(editor)

    def _show_editor(self, editor: DocumentEditor) -> None:
        self._set_editor(editor)
        with collector_paused():
            self.reader.show_document(editor.document, editor=editor)
        self._update_position()
        self.editor_changed.emit(editor)

    def _set_editor(self, editor: DocumentEditor | None) -> None:
        if self._editor is not None:
            self._editor.unsubscribe(self._edited)
        self._editor = editor
        if editor is not None:
            editor.subscribe(self._edited)

    def select_span(self, span_id: str) -> None:
        """Select a span of the shown document and scroll the text to it."""
        self.reader.controller.select(span_id or None, scroll=True)

    # Editing

    def _edited(self, change: Change) -> None:
        self.save_state.setText(SAVED_TEXT)
        # The library's counts and states follow a moment later, off the key press's path.
        self._library_refresh.start()

    def _tell(self, message: str) -> None:
        if message:
            self.statusBar().showMessage(message, MESSAGE_MS)
        else:
            self.statusBar().clearMessage()

    def _guarded(self, work: Callable[[], object]) -> object:
        """Run an edit; if the project refuses it, say why in the status bar."""
        try:
            return work()
        except AnnotatorError as error:
            self._tell(f"Not done: {error}")
            return None

    def undo(self) -> None:
        self._step_history(undo=True)

    def redo(self) -> None:
        self._step_history(undo=False)

    def _step_history(self, *, undo: bool) -> None:
        what = self.session.undo_text() if undo else self.session.redo_text()
        if what is None:
            self._tell("Nothing to undo." if undo else "Nothing to redo.")
            return
        self.reader.controller.last_change = None
        if self.editor is not None:
            editor = self.editor
            entry = self._guarded(editor.undo if undo else editor.redo)
        else:
            entry = self._guarded(self.session.undo if undo else self.session.redo)
        if entry is None:
            return
        doc_id = entry.command.doc_id  # type: ignore[attr-defined]
        elsewhere = self.editor is None or doc_id != self.editor.doc_id
        if elsewhere and not self.library.select(doc_id):
            # The edit was in a document the filter hides: show it all the same.
            self.show_document(doc_id)
        if not elsewhere:  # show what the undo changed, where it is
            self.reader.controller.show_change(self.reader.controller.last_change)
        self._tell(("Undone: " if undo else "Redone: ") + what)

    def finish(self, state: DocState) -> None:
        """Mark the shown document done or skipped and go on to the next one."""
        editor = self.editor
        if editor is None:
            return
        if self._guarded(lambda: editor.set_state(state)) is None and editor.state() is not state:
            return
        self._tell(f"Marked {state.value}.")
        self.library.step(+1)

    def _update_counts(self) -> None:
        counts = self.reader.controller.counts()
        if self._opening is not None:
            self.position.setText(f"{self._where} · loading its spans…")
            self.counts.setText("")
            return
        if self._editor is None:
            self.counts.setText("")
            return
        spans = counts["entities"] + counts["quotations"]  # rejected suggestions not counted
        self.position.setText(f"{self._where} · {quantity(spans, 'span')}")
        self.counts.setText(
            f"· {quantity(counts['entities'], 'entity', 'entities')} · "
            f"{quantity(counts['quotations'], 'quotation')} · {number(counts['pending'])} pending"
        )

    def _update_position(self) -> None:
        shown = self._opening or (self._editor.document if self._editor else None)
        total = self.model.project_total()
        if shown is None:
            self.position.setText(quantity(total, "document") if total else "")
            return
        # The place in the whole project, in library order: a filtered or sorted listing's row
        # would say something else.
        place = self.session.position_of(shown.id)
        if place is None:  # removed by another program meanwhile
            self._where = quantity(total, "document")
        else:
            self._where = f"Document {number(place + 1)} of {number(total)}"
        self._update_counts()

    def focus_text(self) -> None:
        self.reader.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_filter(self) -> None:
        self.library.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library.filter.selectAll()

    # Layout kept between sessions

    def _restore_layout(self) -> None:
        settings = window_settings()
        for key, restore in (
            ("main/geometry", self.restoreGeometry),
            ("main/docks", self.restoreState),
            ("main/splitter", self.splitter.restoreState),
            ("library/header", self.library.table.horizontalHeader().restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)

    def _save_layout(self) -> None:
        settings = window_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/docks", self.saveState())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("library/header", self.library.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_layout:
            self._save_layout()
        super().closeEvent(event)
