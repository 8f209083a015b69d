"""What review mode decides: each key's decision through `ReviewService` (one edit each,
in the session annotator's name), accepting what the annotators agree on, and undo/redo.

A part of `mode.ReviewMode`, kept apart from how it shows and steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from annotator.core.errors import AnnotatorError
from annotator.ui.review.colours import letter
from annotator.ui.review.edit_dialog import EditDecision

if TYPE_CHECKING:
    from annotator.review.compare import Comparison
    from annotator.services.review import ReviewService
    from annotator.ui.main_window import MainWindow
    from annotator.ui.review.review_view import ReviewView


class Decisions:
    """Needs `window`, `service`, `view`, `annotators`, `doc_id`, `key`, `comparison`, and
    `show`, `_go`, `_text`, `_tell` (given by ReviewMode)."""

    window: MainWindow
    service: ReviewService
    view: ReviewView
    annotators: list[str]
    doc_id: str | None
    key: str | None
    comparison: Comparison | None

    def take_letters(self, *numbers: int) -> None:
        names = [self.annotators[n] for n in numbers if n < len(self.annotators)]
        if len(names) == len(numbers):
            self.take(names)

    def take(self, names: list[str]) -> None:
        if self.doc_id is None or self.key is None:
            self._tell("No disagreement is chosen: press N for the next one.")
            return
        doc_id, key = self.doc_id, self.key
        item = self.comparison.item(key) if self.comparison else None
        empty = item is not None and names and not any(item.versions.get(n) for n in names)
        try:
            # A version of nothing ("only A has it", taking B's) is the decision "neither".
            self.service.adjudicate(doc_id, key, self.annotators, [] if empty else names)
        except (AnnotatorError, ValueError) as error:
            self._tell(f"Not done: {error}")
            self.show(doc_id, key)
            return
        self.show(doc_id, key)
        self._changed(_took(names, self.annotators) + (" Nothing is here." if empty else ""))

    def edit(self) -> None:
        if self.doc_id is None or self.comparison is None or self.key is None:
            return
        item = self.comparison.item(self.key)
        dialog = EditDecision(item, self._text(), self.window.session.scheme, parent=self.window)
        if dialog.exec() != EditDecision.DialogCode.Accepted:
            dialog.deleteLater()
            return
        spans = dialog.spans()
        dialog.deleteLater()
        doc_id, key = self.doc_id, self.key
        try:
            self.service.adjudicate_spans(doc_id, key, self.annotators, spans)
        except (AnnotatorError, ValueError) as error:
            self._tell(f"Not done: {error}")
            return
        self.show(doc_id, key)
        self._changed("Your own version is in the gold layer.")

    def accept_agreed_here(self) -> None:
        if self.doc_id is None:
            return
        try:
            added = self.service.accept_agreed(self.doc_id, self.annotators)
        except AnnotatorError as error:
            self._tell(f"Not done: {error}")
            return
        self.show(self.doc_id, self.key)
        self._changed(f"{added} agreed span(s) of this document put into the gold layer.")

    def accept_agreed_everywhere(self) -> int:
        names = " and ".join(self.annotators)
        answer = QMessageBox.question(
            self.window,
            "Accept Agreed Spans Everywhere",
            f"Put every span that {names} agree on, in every document all of them worked on, "
            "into the gold layer?\n\nEach document is one edit: Ctrl+Z takes them back one "
            "document at a time.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return 0
        progress = QProgressDialog("Accepting agreed spans...", "", 0, 0, self.window)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def report(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        try:
            added = self.service.accept_agreed_everywhere(self.annotators, progress=report)
        except AnnotatorError as error:
            self._tell(f"Not done: {error}")
            return 0
        finally:
            progress.close()
            progress.deleteLater()
        self.show(self.doc_id, self.key)
        self._changed(f"{added} agreed span(s) put into the gold layer.")
        return added

    def undo(self) -> None:
        self._history(undo=True)

    def redo(self) -> None:
        self._history(undo=False)

    def _history(self, *, undo: bool) -> None:
        session = self.window.session
        what = session.undo_text() if undo else session.redo_text()
        if what is None:
            self._tell("Nothing to undo." if undo else "Nothing to redo.")
            return
        try:
            entry = self.service.undo() if undo else self.service.redo()
        except AnnotatorError as error:
            self._tell(f"Not done: {error}")
            return
        doc_id = getattr(entry.command, "doc_id", self.doc_id)
        self._go(doc_id, self.key if doc_id == self.doc_id else None)
        self._changed(("Undone: " if undo else "Redone: ") + what)

    def _changed(self, message: str) -> None:
        self._tell(message)
        self.window.save_state.setText("All changes saved")
        self.window.model.refresh()


def _took(names: list[str], annotators: list[str]) -> str:
    if not names:
        return "Decided: neither."
    who = " and ".join(f"{letter(annotators.index(n))} ({n})" for n in names)
    return f"Took the version of {who}."
