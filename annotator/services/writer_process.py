"""Storing suggestions in a process of its own while this one runs the model (command line).

In one thread the model and the store take turns, and storing a document's suggestions (the
one door: four SQL statements a span and an edit-log entry a document) came to some 8% of the
model's own time. A writer process stores each batch while the model works on the next, so
where a second core is free the model hardly waits. The process receives each document's id
and the model's entities, reads the document through its own session, runs the quotation rules
on it and stores exactly what `SuggestionWriter` stores in this process: it is one (the rules
and the writer are the same code). At most four batches are in flight, so
memory stays flat. It starts with "spawn" (safe in a program with threads) and imports no
spaCy. Each batch is its own transaction, as in this process: after a failure or an
interruption, the batches stored stay.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError

IN_FLIGHT = 4
"""Batches sent and not yet stored, at most."""
POLL_SECONDS = 0.5
STOP = None


class WriterProcessError(AnnotatorError):
    """The writer process failed or went away; what it stored before stays."""

    code = "A510"


class WriterProcess:
    """`write(batch)` sends a batch; `finish()` waits for the last and returns the counts."""

    def __init__(
        self,
        path: Path,
        *,
        annotator: str,
        source: str,
        language: str,
        on_stored: Callable[[int], None] | None = None,
    ) -> None:
        from multiprocessing import get_context  # here: the window imports this module at start

        context = get_context("spawn")
        self._inbox = context.Queue()
        self._outbox = context.Queue()
        self._on_stored = on_stored
        self.unstored: deque[list[Any]] = deque()
        """Batches given to `write` and not yet stored, in order."""
        self.stored_any = False
        self._process = context.Process(
            target=serve,
            args=(str(path), annotator, source, language, self._inbox, self._outbox),
            name="annotator-suggestion-writer",
            daemon=True,
        )
        self._process.start()

    def write(self, batch: Sequence[Any]) -> None:
        self.unstored.append(list(batch))
        while len(self.unstored) > IN_FLIGHT:
            self._receive()
        self._inbox.put(self.unstored[-1])

    def finish(self) -> Any:
        """Wait for every batch to be stored; the writer's `SuggestionCounts`."""
        while self.unstored:
            self._receive()
        self._inbox.put(STOP)
        counts = self._reply("done")
        self._process.join(timeout=10)
        return counts

    def close(self) -> None:
        """Stop the process (after `finish`, or when the run ends early)."""
        if self._process.is_alive():
            self._inbox.put(STOP)
            self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        # Batches a dead process never read must not hold this one at exit.
        self._inbox.cancel_join_thread()
        self._inbox.close()
        self._outbox.close()

    def _receive(self) -> None:
        stored = self._reply("stored")
        self.unstored.popleft()
        self.stored_any = True
        if self._on_stored is not None:
            self._on_stored(stored)

    def _reply(self, expected: str) -> Any:
        import queue

        while True:
            try:
                kind, value = self._outbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self._process.is_alive():
                    raise WriterProcessError(
                        "the process storing the suggestions stopped "
                        f"(exit code {self._process.exitcode})"
                    ) from None
                continue
            if kind == "error":
                raise WriterProcessError(value)
            if kind == expected:
                return value


def serve(path: str, annotator: str, source: str, language: str, inbox: Any, outbox: Any) -> None:
    """The writer process: complete and store each batch from `inbox`, answer in `outbox`."""
    from annotator.services.library import ProjectSession
    from annotator.services.suggesting import SuggestionWriter, complete_suggestions

    # Ctrl+C reaches the whole process group: the model's process decides, and asks this one
    # to store what it was sent and stop (`close`), rather than dying mid-batch with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with ProjectSession.open(Path(path), annotator=annotator) as session:
            writer = SuggestionWriter(session, source)
            while (batch := inbox.get()) is not STOP:
                writer.write(complete_suggestions(session, batch, language))
                outbox.put(("stored", len(batch)))
            outbox.put(("done", writer.counts))
    except AnnotatorError as error:
        outbox.put(("error", str(error)))


__all__ = ["WriterProcess", "WriterProcessError"]
