"""Undo and redo over a persistent edit log.

Each annotator has one linear history across the project: undo takes back their latest edit
that is still in force, redo re-does their most recently undone one, and a new edit drops what
could have been redone (as in every editor). The log itself is the store's business; this module
only decides what happens, through the small `HistoryLog` protocol, so that the same rules hold
for the SQLite store and for `memory.MemoryProject`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from annotator.core.commands import Command, EditTarget
from annotator.core.errors import NothingToRedo, NothingToUndo


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    annotator: str
    command: Command


class HistoryLog(Protocol):
    def append_done(self, command: Command, annotator: str) -> int:
        """Record a new edit as done; return its sequence number."""

    def latest_done(self, annotator: str) -> HistoryEntry | None: ...

    def latest_undone(self, annotator: str) -> HistoryEntry | None:
        """The entry the next redo re-does: the one undone last."""

    def mark(self, seq: int, *, undone: bool, by: str) -> None:
        """Record that an entry was undone or redone (the audit trail keeps both)."""

    def drop_undone(self, annotator: str) -> None:
        """Forget the redo branch of `annotator`: a new edit replaces it."""


class History:
    """Do, undo and redo commands on a target, remembering them in a log."""

    def __init__(self, target: EditTarget, log: HistoryLog) -> None:
        self.target = target
        self.log = log

    def do(self, command: Command, annotator: str) -> int:
        command.apply(self.target)
        self.log.drop_undone(annotator)
        return self.log.append_done(command, annotator)

    def undo(self, annotator: str) -> HistoryEntry:
        entry = self.log.latest_done(annotator)
        if entry is None:
            raise NothingToUndo("Nothing to undo.")
        entry.command.inverse().apply(self.target)
        self.log.mark(entry.seq, undone=True, by=annotator)
        return entry

    def redo(self, annotator: str) -> HistoryEntry:
        entry = self.log.latest_undone(annotator)
        if entry is None:
            raise NothingToRedo("Nothing to redo.")
        entry.command.apply(self.target)
        self.log.mark(entry.seq, undone=False, by=annotator)
        return entry
