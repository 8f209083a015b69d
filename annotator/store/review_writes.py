"""Many edits in one transaction: each its own entry in the edit log (and its own undo), one
commit for all, so that adjudicating thousands of documents does not wait for a disk flush
per document."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.commands import Command
from annotator.store.project import Project


def apply_each(project: Project, commands: Sequence[Command], annotator: str) -> list[int]:
    """Apply and log every command, all or none; their numbers in the edit log."""
    with project._transaction():
        history = project._history()
        return [history.do(command, annotator) for command in commands]


__all__ = ["apply_each"]
