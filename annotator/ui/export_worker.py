"""Running an export (or its dry run) in a worker thread, with progress and Cancel.

The job is a service function that opens the project itself in the worker thread
(`services.export_jobs`): SQLite connections stay in the thread that opened them, and the
window's session is never touched from the worker. The export writes under temporary names
and renames at the end, so a cancelled one leaves nothing behind.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
"""job(progress, should_stop) -> result; raises AnnotatorError for what a person should read."""
PROGRESS_STEPS = 1000


class JobThread(QThread):
    """Runs one job; says how far it got, and what came of it."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    """An AnnotatorError (ExportCancelled when stopped), or another error for a bug."""

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self._stop = threading.Event()
        self._shown = -1
        self.outcome: Any = None
        """The job's result or the error that stopped it, once the thread has finished."""

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _progress(self, done: int, total: int) -> None:
        step = done * PROGRESS_STEPS // total if total else 0
        if step != self._shown:  # a signal a step, not one a document
            self._shown = step
            self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            self.outcome = self.job(self._progress, self._stop.is_set)
        except (AnnotatorError, OSError) as error:
            self.outcome = error
            self.failed.emit(error)
        except Exception as error:  # a bug: say so rather than die silently in a thread
            traceback.print_exc()
            self.outcome = error
            self.failed.emit(error)
        else:
            self.succeeded.emit(self.outcome)


def run_with_progress(parent: QWidget, title: str, label: str, job: Job) -> Any:
    """Run `job` in a worker thread behind a modal progress dialog with Cancel; returns its
    result, or the error that stopped it (the export's ExportCancelled after Cancel)."""
    dialog = QProgressDialog(label, "Cancel", 0, PROGRESS_STEPS, parent)
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(420)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    thread = JobThread(job, parent)
    loop = QEventLoop()

    def progressed(done: int, total: int) -> None:
        if thread.stopped:
            return
        if dialog.wasCanceled():  # closed by Escape, say, rather than by its button
            cancel()
            return
        dialog.setValue(min(done * PROGRESS_STEPS // total if total else 0, PROGRESS_STEPS - 1))

    def cancel() -> None:
        if thread.stopped:
            return
        thread.stop()
        dialog.setLabelText("Cancelling: removing what was written…")
        dialog.setCancelButton(None)  # type: ignore[arg-type]

    thread.progressed.connect(progressed)
    thread.finished.connect(loop.quit)
    dialog.canceled.connect(cancel)
    thread.start()
    if not thread.isFinished():
        loop.exec()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    thread.deleteLater()
    # A job that finished before it saw the Cancel has written its files: its result stands.
    return thread.outcome
