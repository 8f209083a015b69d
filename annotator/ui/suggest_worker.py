"""Making suggestions without freezing the window: the model runs in a worker thread.

`SuggestWorker` (a QThread) opens its own read-only session (SQLite connections stay in their
thread), loads the model, and sends the suggestions for a few documents at a time. `SuggestRun`
lives on the GUI thread: it stores each batch through the window's session (a short
transaction) as it arrives, so the event loop is never held for long, and shows progress with
Cancel. After Cancel, what was stored stays (each document's suggestions are whole) and the
rest is dropped.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections import deque
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.library import DocumentQuery
from annotator.services import suggesting
from annotator.services.library import ProjectSession

BATCH_DOCUMENTS = 8
"""Documents per batch sent to the GUI thread: one transaction of a few milliseconds."""
PIPE_BATCH = 8
"""Texts per nlp.pipe batch in the worker: spaCy holds the GIL through each network layer
over a whole batch, so smaller batches keep the window's waits short (32: 30-60 ms)."""
WRITE_SPANS = 40
"""Suggestions stored per transaction on the GUI thread (~0.25 ms each): short event-loop
turns whatever the size of the documents."""
WRITE_SWITCH_INTERVAL = 0.00002
"""Seconds the worker may hold the GIL while the GUI thread waits for it, during a write."""


class SuggestWorker(QThread):
    """Runs the model over documents; reads only, never writes."""

    model_loaded = Signal(str)
    """The model's source name ("de_news_ner 1.0.0"), once it is loaded."""
    counted = Signal(int)
    """How many documents will be looked at."""
    batch_ready = Signal(object, int)
    """A list of `DocumentSuggestions`, and how many documents are done with it."""
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        spec: str,
        *,
        doc_ids: Sequence[str] | None = None,
        query: DocumentQuery | None = None,
        batch_size: int = BATCH_DOCUMENTS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.spec = spec
        self.doc_ids = list(doc_ids) if doc_ids is not None else None
        self.query = query
        self.batch_size = batch_size
        self._stop = threading.Event()
        self._stored = threading.Event()
        self._ids: list[str] = []

    def stop(self) -> None:
        """Ask the worker to finish after the document it is on."""
        self._stop.set()
        self._stored.set()

    def batch_stored(self) -> None:
        """The GUI thread has stored the last batch: go on."""
        self._stored.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        try:
            self._run()
        except AnnotatorError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: say so rather than die silently in a thread
            traceback.print_exc()
            self.failed.emit(f"Making suggestions failed: {error}")

    def _run(self) -> None:
        reader = suggesting.open_reader(self.path)
        try:
            model = self._prepare(reader)
            if model is None:
                return
            found = suggesting.compute_suggestions(
                reader, model, self._ids, should_stop=self.stopped_now, batch_size=PIPE_BATCH
            )
            done = 0
            for batch in suggesting.chunks(found, self.batch_size):
                done += len(batch)
                # Wait while the GUI thread stores the batch: a worker computing meanwhile
                # takes the GIL back at each SQL statement, and a write of a few milliseconds
                # took 100 ms.
                self._stored.clear()
                self.batch_ready.emit(batch, done)
                self._stored.wait()
                if self.stopped:
                    return
        finally:
            reader.close()

    def _prepare(self, reader: ProjectSession) -> suggesting.LoadedModel | None:
        """List the documents and load the model; None if stopped meanwhile."""
        self._ids = suggesting.document_ids(reader, self.doc_ids, self.query)
        self.counted.emit(len(self._ids))
        if self.stopped:
            return None
        model = suggesting.load_model(self.spec)
        self.model_loaded.emit(model.source)
        return model

    def stopped_now(self) -> bool:
        return self._stop.is_set()


class SuggestRun(QObject):
    """One run of suggestions for a window: the worker, the writes, the progress dialog."""

    stored = Signal(list)
    """Ids of documents that received suggestions (after each batch)."""
    finished = Signal(str)
    """A sentence saying what was done (or why not)."""

    def __init__(
        self,
        session: ProjectSession,
        spec: str,
        *,
        doc_ids: Sequence[str] | None = None,
        query: DocumentQuery | None = None,
        quiet: bool = False,
        parent: QWidget | None = None,
        batch_size: int = BATCH_DOCUMENTS,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.spec = spec
        self.cancelled = False
        self.error = ""
        self.source = ""
        self.total = 0
        self.done = 0
        self.writer: suggesting.SuggestionWriter | None = None
        self._queue: deque = deque()
        self._draining = False
        self._worker_done = False
        self._finished = False
        self.worker = SuggestWorker(
            session.path, spec, doc_ids=doc_ids, query=query, batch_size=batch_size, parent=self
        )
        self.worker.counted.connect(self._counted)
        self.worker.model_loaded.connect(self._model_loaded)
        self.worker.batch_ready.connect(self._store)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._worker_finished)
        self.dialog: QProgressDialog | None = None
        if not quiet:
            self.dialog = QProgressDialog(
                f"Loading the model: {suggesting.model_title(spec)}…", "Cancel", 0, 0, parent
            )
            self.dialog.setObjectName("suggestProgress")
            self.dialog.setWindowTitle("Suggestions")
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.setMinimumWidth(420)
            self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self.worker.start()

    @property
    def running(self) -> bool:
        return self.worker.isRunning()

    def cancel(self) -> None:
        self.cancelled = True
        self.worker.stop()

    def wait(self, ms: int = 30_000) -> bool:
        return self.worker.wait(ms)

    def _counted(self, total: int) -> None:
        self.total = total
        if self.dialog is not None:
            self.dialog.setMaximum(0)

    def _model_loaded(self, source: str) -> None:
        self.source = source
        self.writer = suggesting.SuggestionWriter(self.session, source)
        if self.dialog is not None:
            self.dialog.setMaximum(max(self.total, 1))
            self.dialog.setValue(0)
            self.dialog.setLabelText(self._progress_text())

    def _progress_text(self) -> str:
        return f"Suggesting with {self.source}: {self.done:,} of {self.total:,} document(s)"

    def _store(self, batch: list, _done: int) -> None:
        if self.cancelled or self.writer is None or self.error:
            self.worker.batch_stored()
            return
        self._queue.extend(batch)
        if not self._draining:
            self._draining = True
            QTimer.singleShot(0, self._drain)

    def _drain(self) -> None:
        """Store the next few queued documents (about WRITE_SPANS suggestions) in one
        transaction, then let the event loop run before the next few."""
        self._draining = False
        if self.cancelled or self.error or self.writer is None:
            self._queue.clear()
        taken: list = []
        size = 0
        while self._queue and (not taken or size < WRITE_SPANS):
            item = self._queue.popleft()
            taken.append(item)
            size += _size(item)
        if taken:
            self._write(taken)
        if self._queue:
            self._draining = True
            QTimer.singleShot(0, self._drain)
            return
        self.worker.batch_stored()
        if self._worker_done:
            self._finish()

    def _write(self, items: list) -> None:
        # The worker waits meanwhile, but it may still be finishing a document: SQLite lets
        # go of the GIL in every statement, and a busy thread keeps it for up to the switch
        # interval (5 ms) each time. A short interval while writing hands it back at once.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(WRITE_SWITCH_INTERVAL)
        try:
            changed = self.writer.write(items)
        except AnnotatorError as error:  # e.g. the file went read-only or busy
            self.error = f"Suggestions stopped: {error}"
            self.worker.stop()
            self._queue.clear()
            return
        finally:
            sys.setswitchinterval(interval)
        self.done += len(items)
        if self.dialog is not None:
            self.dialog.setValue(self.done)
            self.dialog.setLabelText(self._progress_text())
        if changed:
            self.stored.emit(changed)

    def _failed(self, message: str) -> None:
        self.error = message

    def _worker_finished(self) -> None:
        self._worker_done = True
        if not self._draining:
            self._finish()

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.finished.emit(self.summary())

    def summary(self) -> str:
        if self.error:
            return self.error
        counts = self.writer.counts if self.writer is not None else None
        if counts is None:
            return "Stopped before the model was loaded." if self.cancelled else "Nothing to do."
        text = f"Suggestions by {self.source} for {counts}."
        if self.cancelled:
            text = f"Stopped. {text}"
        return text


def _size(item: suggesting.DocumentSuggestions) -> int:
    found = item.suggestions
    parts = sum(len(q.quotation.parts) for q in found.quotations)
    return len(found.entities) + parts + len(found.speaker_entities())


__all__ = ["BATCH_DOCUMENTS", "SuggestRun", "SuggestWorker"]
