"""Review mode in the main window: Review > Review Mode (Ctrl+R) swaps the reading view for the
review view and the annotation panel for the review panel; N / P step through the undecided
disagreements across documents (the library follows), A / B / H / X / E decide, Ctrl+Z undoes.

Everything goes through `services.review.ReviewService`; decisions are ordinary edits in the
session annotator's name. The window's `DocumentEditor` does not see them, so leaving review
mode shows the document afresh.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from annotator.review.compare import Comparison
from annotator.services.review import ReviewService
from annotator.ui.actions import REVIEW_ONLY, make_action
from annotator.ui.preference_menus import menu_titled
from annotator.ui.review.decisions import Decisions
from annotator.ui.review.panel import ReviewPanel
from annotator.ui.review.review_view import ReviewView

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

MESSAGE_MS = 10_000
PANEL_WIDTH = 380
IN_REVIEW = sorted(REVIEW_ONLY)
MENU = (
    "review/toggle",
    None,
    "review/next",
    "review/previous",
    None,
    "review/take-a",
    "review/take-b",
    "review/take-both",
    "review/take-neither",
    "review/edit",
    None,
    "review/accept-agreed",
    "review/accept-agreed-all",
    None,
    "review/agreement",
)
BUTTONS = (
    ("review/previous", "\u25c0 Previous"),
    ("review/next", "Next \u25b6"),
    ("review/take-a", "Take A's"),
    ("review/take-b", "Take B's"),
    ("review/take-both", "Both"),
    ("review/take-neither", "Neither"),
    ("review/edit", "Edit..."),
    ("review/accept-agreed", "Accept agreed here"),
)


def install_review_mode(window: MainWindow) -> ReviewMode:
    existing = window.findChild(ReviewMode)
    return existing if existing is not None else ReviewMode(window)


class ReviewMode(Decisions, QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("reviewMode")
        self.window = window
        self.service = ReviewService(window.session)
        self.active = False
        self.annotators: list[str] = []
        self.doc_id: str | None = None
        self.key: str | None = None
        self.comparison: Comparison | None = None
        self._pending: tuple[str | None, Comparison | None] | None = None
        self._chosen_once = False

        self.view = ReviewView()
        self.view.hide()
        window.splitter.insertWidget(2, self.view)
        window.splitter.setStretchFactor(2, 1)
        self.view.item_clicked.connect(self.go_to_item)

        self.panel = ReviewPanel()
        self.dock = QDockWidget("Review", window)
        self.dock.setObjectName("reviewDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.actions: dict[str, QAction] = {}
        handlers: dict[str, Callable[[], object]] = {
            "review/toggle": lambda: None,
            "review/next": lambda: self.step(forward=True),
            "review/previous": lambda: self.step(forward=False),
            "review/take-a": lambda: self.take_letters(0),
            "review/take-b": lambda: self.take_letters(1),
            "review/take-both": lambda: self.take_letters(0, 1),
            "review/take-neither": lambda: self.take([]),
            "review/edit": self.edit,
            "review/accept-agreed": self.accept_agreed_here,
            "review/accept-agreed-all": self.accept_agreed_everywhere,
            "review/agreement": self.show_agreement,
        }
        menu = menu_titled(window, "Review", before="Help")
        for name in MENU:
            if name is None:
                menu.addSeparator()
                continue
            action = window.findChild(QAction, name) or make_action(name, window)
            action.triggered.connect(handlers[name])
            menu.addAction(action)
            self.actions[name] = action
        toggle = self.actions["review/toggle"]
        toggle.setCheckable(True)
        toggle.toggled.connect(self.set_active)
        by_name = getattr(window, "actions_by_name", None)
        if isinstance(by_name, dict):
            by_name.update(self.actions)
        read_only = window.session.read_only
        for name in IN_REVIEW:
            self.actions[name].setEnabled(False)
        if read_only:
            toggle.setToolTip(toggle.toolTip() + " (read-only: nothing can be decided)")

        self.panel.set_actions(self.actions, BUTTONS)
        self.panel.annotators_changed.connect(self.set_annotators)
        self.panel.item_chosen.connect(self.go_to_item)
        self.panel.take.connect(self.take)
        window.library.document_chosen.connect(self._document_chosen)
        window.installEventFilter(self)
        # The reading view's text size is the review view's too (View > Larger Text...).
        for name in ("view/zoom-in", "view/zoom-out", "view/zoom-reset"):
            zoom = window.actions_by_name.get(name)
            if zoom is not None:
                zoom.triggered.connect(self._follow_zoom)

    def _follow_zoom(self) -> None:
        self.view.set_point_size(self.window.reader.point_size())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Leave review mode before the window saves its layout, so that it opens as usual.
        if watched is self.window and event.type() == QEvent.Type.Close and self.active:
            self.set_active(False)
        return False

    # Entering and leaving

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        window = self.window
        self.active = on
        if self.actions["review/toggle"].isChecked() != on:
            self.actions["review/toggle"].setChecked(on)
        annotations = window.findChild(QDockWidget, "annotationDock")
        undo, redo = window.actions_by_name["edit/undo"], window.actions_by_name["edit/redo"]
        if on:
            if not self._chosen_once:
                self.annotators = self.service.annotators()
                self._chosen_once = True
            self.panel.set_annotators(self.service.annotators(), self.annotators)
            window.reader.hide()
            self._follow_zoom()
            self.view.show()
            if annotations is not None:
                annotations.hide()
            self.dock.show()
            window.resizeDocks([self.dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)
            _swap(undo, window.undo, self.undo)
            _swap(redo, window.redo, self.redo)
            editor = window.editor
            self.show(editor.doc_id if editor else None)
            self.view.text.setFocus(Qt.FocusReason.OtherFocusReason)
            self._tell(self._welcome())
        else:
            _swap(undo, self.undo, window.undo)
            _swap(redo, self.redo, window.redo)
            self.view.hide()
            window.reader.show()
            self.dock.hide()
            if annotations is not None:
                annotations.show()
            if self.doc_id is not None:  # the decisions bypassed the editor: read it again
                window.show_document(self.doc_id)
            window.focus_text()
        self._enable()

    def _welcome(self) -> str:
        if len(self.annotators) < 2:
            return "Review: tick at least two annotators to compare in the Review panel."
        return "Review: N / P next / previous disagreement; A, B, H (both), X (neither), E (edit)."

    def _enable(self) -> None:
        can = self.active and len(self.annotators) >= 2
        decide = can and not self.window.session.read_only
        for name in IN_REVIEW:
            writes = name not in ("review/next", "review/previous")
            self.actions[name].setEnabled(decide if writes else can)
        here = self.comparison.item(self.key) if self.comparison and self.key else None
        for name in (
            "review/take-a",
            "review/take-b",
            "review/take-both",
            "review/take-neither",
            "review/edit",
        ):
            self.actions[name].setEnabled(decide and here is not None)
        self.panel.update_keys()

    def set_annotators(self, names: list[str]) -> None:
        self.annotators = list(names)
        self.panel.set_annotators(self.service.annotators(), self.annotators)
        self.show(self.doc_id)
        if len(self.annotators) < 2:
            self._tell("Tick at least two annotators to compare.")

    def annotators_may_have_changed(self) -> None:
        """After a merge: offer the new names; outside review mode, compare everyone anew."""
        if self.active:
            self.panel.set_annotators(self.service.annotators(), self.annotators)
            self.show(self.doc_id, self.key)
        else:
            self._chosen_once = False

    # Showing

    def show(
        self, doc_id: str | None, key: str | None = None, comparison: Comparison | None = None
    ) -> None:
        """Show `doc_id` compared (`comparison`: one just made for it), at `key` or at its
        first undecided disagreement."""
        self.doc_id = doc_id
        session = self.window.session
        if doc_id is None:
            self.comparison, self.key = None, None
            self.view.show_comparison(None, None, session.scheme)
            self.panel.show_comparison(None, "", None)
            self._enable()
            return
        document = session.document(doc_id).document
        if len(self.annotators) < 2:
            comparison = None
        elif comparison is None or comparison.annotators != tuple(self.annotators):
            comparison = self.service.compare(doc_id, self.annotators)
        if comparison is not None and (key is None or not _has(comparison, key)):
            open_ = [i for i in comparison.disagreements if not i.resolved]
            first = open_ or comparison.disagreements
            key = first[0].key if first else None
        self.comparison, self.key = comparison, key if comparison else None
        self.view.show_comparison(document, comparison, session.scheme, self.key)
        self.panel.show_comparison(comparison, document.text, self.key)
        self._enable()
        if comparison is not None:  # the status bar's counts, for review
            open_ = [i for i in comparison.disagreements if not i.resolved]
            self.window.counts.setText(
                f"· review: {len(comparison.disagreements)} disagreements here, "
                f"{len(open_)} undecided, {len(comparison.agreements)} agreed"
            )

    def go_to_item(self, key: str) -> None:
        if self.comparison is None or not _has(self.comparison, key):
            return
        self.key = key
        self.view.set_current(key)
        self.panel.select_item(key)
        self._enable()

    def _text(self) -> str:
        return self.view._document.text if self.view._document else ""

    def _document_chosen(self, doc_id: str) -> None:
        if self.active:
            key, comparison = self._pending or (None, None)
            self._pending = None
            self.show(
                doc_id, key, comparison if comparison and comparison.doc_id == doc_id else None
            )

    def _go(self, doc_id: str, key: str | None, comparison: Comparison | None = None) -> None:
        """Show `doc_id` at `key`, the library following to it."""
        if doc_id == self.doc_id:
            self.show(doc_id, key, comparison)
            return
        self._pending = (key, comparison)
        if not self.window.library.select(doc_id) or self.doc_id != doc_id:
            self._pending = None
            self.show(doc_id, key, comparison)

    # Stepping

    def step(self, *, forward: bool) -> None:
        if len(self.annotators) < 2:
            self._tell("Tick at least two annotators to compare.")
            return
        find = self.service.next_disagreement if forward else self.service.previous_disagreement
        found = find(self.annotators, self.doc_id, self.key, unresolved=True)
        if found is None:
            where = "after" if forward else "before"
            self._tell(f"No undecided disagreement {where} this one.")
            return
        if found.doc_id == self.doc_id and self.comparison is not None:
            self.go_to_item(found.item.key)  # the comparison shown is current
        else:
            self._go(found.doc_id, found.item.key, found.comparison)
        self._tell("")

    def _tell(self, message: str) -> None:
        if message:
            self.window.statusBar().showMessage(message, MESSAGE_MS)
        else:
            self.window.statusBar().clearMessage()

    # Agreement

    def show_agreement(self) -> None:
        from annotator.ui.review.agreement_dialog import AgreementDialog

        document = None
        if self.active and self.doc_id is not None and self.view.title.text():
            document = (self.doc_id, self.view.title.text())
        elif self.window.editor is not None:
            editor = self.window.editor
            document = (editor.doc_id, editor.document.title)
        dialog = AgreementDialog(
            self.service, self.annotators, parent=self.window, document=document
        )
        dialog.exec()
        dialog.deleteLater()


def _has(comparison: Comparison, key: str) -> bool:
    return any(i.key == key for i in comparison.items)


def _swap(action: QAction, old: Callable[[], None], new: Callable[[], None]) -> None:
    with contextlib.suppress(RuntimeError, TypeError):
        action.triggered.disconnect(old)
    action.triggered.connect(new)
