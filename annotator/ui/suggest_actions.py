"""The Suggest menu (this document, the listed documents, all; automatically; Model...) and
Help > About, added to a main window by `install_suggest_actions`.

The model runs in a worker thread (`suggest_worker`); the suggestions are stored on the GUI
thread a few documents at a time, and the open document is shown again when it got some.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow

from annotator.core.library import DocumentQuery
from annotator.core.model import Source
from annotator.services import suggesting
from annotator.ui.about_dialog import AboutDialog
from annotator.ui.actions import make_action
from annotator.ui.model_dialog import ModelDialog
from annotator.ui.preference_menus import menu_titled
from annotator.ui.preferences import window_settings
from annotator.ui.suggest_worker import SuggestRun

AUTO_KEY = "suggest/automatic"
MESSAGE_MS = 10_000
LIBRARY_REFRESH_MS = 500
INSTALLED = "_suggest_actions"


def install_suggest_actions(window: QMainWindow) -> SuggestActions:
    """Add the Suggest menu and Help > About to `window` (which has `session`, `editor`,
    `editor_changed`, `model` (the library) and `show_document`)."""
    found = window.findChild(SuggestActions, INSTALLED)
    return found if found is not None else SuggestActions(window)


class SuggestActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName(INSTALLED)
        self.window = window
        self.session = window.session
        self.run: SuggestRun | None = None
        self._auto_done: set[str] = set()
        self._reload_current = False
        self._library_refresh = QTimer(self)
        self._library_refresh.setSingleShot(True)
        self._library_refresh.setInterval(LIBRARY_REFRESH_MS)
        self._library_refresh.timeout.connect(lambda: window.model.refresh())

        menu = menu_titled(window, "Suggest", before="Help")
        self.model_label = QAction(self)
        self.model_label.setObjectName("suggest/model-in-use")
        self.model_label.setEnabled(False)
        menu.addAction(self.model_label)
        menu.addSeparator()
        writable = not self.session.read_only
        self.actions: dict[str, QAction] = {}
        for name, handler in (
            ("suggest/document", self.suggest_document),
            ("suggest/listed", self.suggest_listed),
            ("suggest/all", self.suggest_all),
            (None, None),
            ("suggest/auto", None),
            ("suggest/model", self.choose_model),
        ):
            if name is None:
                menu.addSeparator()
                continue
            action = make_action(name, window)
            action.setEnabled(writable)
            if handler is not None:
                action.triggered.connect(lambda _=False, h=handler: h())
            menu.addAction(action)
            self.actions[name] = action
        auto = self.actions["suggest/auto"]
        auto.setCheckable(True)
        auto.setChecked(window_settings().value(AUTO_KEY, "false") == "true")
        auto.toggled.connect(self._set_auto)
        self._show_model()

        about = make_action("help/about", window)
        about.triggered.connect(self.show_about)
        menu_titled(window, "Help").addAction(about)
        self.actions["help/about"] = about

        window.editor_changed.connect(self._document_shown)
        window.installEventFilter(self)

    # The menu's commands

    def suggest_document(self) -> SuggestRun | None:
        editor = self.window.editor
        if editor is None:
            self._tell("Open a document first.")
            return None
        return self.suggest(doc_ids=[editor.doc_id])

    def suggest_listed(self) -> SuggestRun | None:
        return self.suggest(query=self.window.model.query)

    def suggest_all(self) -> SuggestRun | None:
        return self.suggest(query=DocumentQuery())

    def suggest(
        self,
        *,
        doc_ids: Sequence[str] | None = None,
        query: DocumentQuery | None = None,
        quiet: bool = False,
    ) -> SuggestRun | None:
        """Start a run in the background; None if one is going already (it is said why)."""
        if self.session.read_only:
            self._tell("The project is open read-only: no suggestions can be stored.")
            return None
        if self.run is not None:
            if not quiet:
                self._tell("Suggestions are being made already; wait for them or cancel.")
            return None
        spec = suggesting.project_model(self.session)
        run = SuggestRun(
            self.session, spec, doc_ids=doc_ids, query=query, quiet=quiet, parent=self.window
        )
        run.stored.connect(self._stored)
        run.finished.connect(self._finished)
        self.run = run
        self._tell(f"Making suggestions with {suggesting.model_title(spec)}…")
        run.start()
        return run

    def choose_model(self) -> bool:
        dialog = ModelDialog(self.session, self.window)
        chosen = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if chosen:
            self._show_model()
            self._tell(f"Suggestions now come from {suggesting.model_title(dialog.chosen)}.")
        return chosen

    def show_about(self) -> None:
        dialog = AboutDialog(self.window)
        dialog.exec()
        dialog.deleteLater()

    # Inside

    def _show_model(self) -> None:
        spec = suggesting.project_model(self.session)
        self.model_label.setText(f"Model: {suggesting.model_title(spec)}")
        self.model_label.setToolTip(spec)

    def _set_auto(self, on: bool) -> None:
        window_settings().setValue(AUTO_KEY, "true" if on else "false")
        if on:
            self._document_shown(self.window.editor)

    def _document_shown(self, editor: object) -> None:
        auto = self.actions["suggest/auto"]
        if editor is None or not auto.isChecked() or self.session.read_only:
            return
        doc_id = editor.doc_id
        if doc_id in self._auto_done or any(s.source is Source.MODEL for s in editor.spans()):
            return
        if self.suggest(doc_ids=[doc_id], quiet=True) is not None:
            self._auto_done.add(doc_id)

    def _stored(self, doc_ids: list[str]) -> None:
        self._library_refresh.start()
        editor = self.window.editor
        if editor is not None and editor.doc_id in doc_ids:
            self._reload_current = True

    def _finished(self, summary: str) -> None:
        run, self.run = self.run, None
        if run is not None:
            run.deleteLater()
        if self._reload_current and self.window.editor is not None:
            self.window.show_document(self.window.editor.doc_id)
        self._reload_current = False
        self._tell(summary)
        self._document_shown(self.window.editor)  # opened while the run was going

    def _tell(self, message: str) -> None:
        self.window.statusBar().showMessage(message, MESSAGE_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.run is not None:
            self.run.cancel()
            self.run.wait()
        return False


__all__ = ["SuggestActions", "install_suggest_actions"]
