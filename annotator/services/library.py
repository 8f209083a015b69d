"""What the window asks of an open project: the library listing and whole documents.

`ProjectSession` is the one door from the UI to a project file (the UI may not import the
store). It is narrow on purpose: it hands out core records (`DocumentSummary`,
`AnnotatedDocument`, `LabelScheme`) and takes edits as core commands; it says nothing about
tables or SQL. `services.editing.DocumentEditor` builds the commands for one open document.

A session belongs to the thread that opened it (SQLite connections do not travel).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.core.commands import Command
from annotator.core.errors import ConflictError
from annotator.core.history import HistoryEntry
from annotator.core.labels import LabelScheme
from annotator.core.library import DocumentQuery, DocumentSummary
from annotator.core.model import AnnotatedDocument, Document, Span
from annotator.services.scheme_change import problems_of_change
from annotator.services.user import current_annotator
from annotator.store import Project

PAGE_SIZE = 200
"""How many rows of the library a view asks for at a time."""


class ProjectSession:
    """An open project, as the window sees it. Use `ProjectSession.open`; close it when done."""

    def __init__(self, project: Project, *, annotator: str) -> None:
        self._project = project
        self.annotator = annotator
        """Whose document states the library shows and whose name edits will carry."""

    @classmethod
    def open(
        cls, path: Path | str, *, read_only: bool = False, annotator: str | None = None
    ) -> ProjectSession:
        """Open a project file; raises an `AnnotatorError` (ProjectError) saying what is wrong."""
        project = Project.open(path, read_only=read_only)
        return cls(project, annotator=annotator or current_annotator())

    def close(self) -> None:
        self._project.close()

    def __enter__(self) -> ProjectSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # About the project

    @property
    def project(self) -> Project:
        """The open project, for the other services (review, merging, suggestions) that work
        on it below the session; the window itself goes through the session's methods."""
        return self._project

    @property
    def path(self) -> Path:
        return self._project.path

    @property
    def name(self) -> str:
        return self._project.name

    @property
    def read_only(self) -> bool:
        return self._project.read_only

    @property
    def scheme(self) -> LabelScheme:
        return self._project.scheme

    def set_scheme(self, scheme: LabelScheme, *, renamed: Mapping[str, str] | None = None) -> None:
        """Make `scheme` the project's label scheme, unless that would strand spans.

        A label that spans use (rejected suggestions included) may not be removed, renamed or
        change its kind, and a used label's attributes and overlap rules may only change where
        every span still fits (`services.scheme_change`): else ConflictError names each label
        with its number of spans, and nothing changes. `renamed` ({old: new}) only makes the
        message say "rename".
        """
        problems = problems_of_change(
            self.scheme,
            scheme,
            spans_by_label=self._project.stats()["spans_by_label"],
            records=self._project.iter_records,
            renamed=renamed,
        )
        if problems:
            raise ConflictError("The label scheme was not changed. " + ". ".join(problems) + ".")
        self._project.set_scheme(scheme, self.annotator)

    def setting(self, key: str, default: Any = None) -> Any:
        """A project-wide setting kept in the file (e.g. the model that makes suggestions)."""
        return self._project.setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self._project.set_setting(key, value)

    def stats(self) -> dict[str, Any]:
        """Counts of documents, characters, spans by label/status/source/annotator, states."""
        return self._project.stats()

    # The library

    def document_count(self, query: DocumentQuery | None = None) -> int:
        return self._project.document_count(query)

    def largest_position_and_length(self) -> tuple[int, int]:
        """The last position in the library and the longest text's length (0, 0 if empty)."""
        return self._project.largest_position_and_length()

    def documents(
        self, query: DocumentQuery | None = None, *, offset: int = 0, limit: int = PAGE_SIZE
    ) -> list[DocumentSummary]:
        """One page of the library, in the query's order."""
        if offset < 0 or limit < 0:
            raise ValueError(f"offset and limit must not be negative (got {offset}, {limit})")
        return self._project.list_documents(query, offset=offset, limit=limit)

    def position_of(self, doc_id: str, query: DocumentQuery | None = None) -> int | None:
        """The 0-based row of a document in the library, or None where the query hides it."""
        return self._project.position_of(doc_id, query)

    def has_document(self, doc_id: str) -> bool:
        return self._project.has_document(doc_id)

    # Edits (each saved before the call returns)

    def apply(self, command: Command) -> int:
        """Apply and save an edit in the session annotator's name; its number in the log."""
        return self._project.apply(command, self.annotator)

    def apply_many(self, commands: Sequence[Command]) -> list[int]:
        """Apply and save several edits in one transaction (all or none), each undone alone."""
        return self._project.apply_many(commands, self.annotator)

    def undo(self) -> HistoryEntry:
        """Take back the annotator's latest edit, in whichever document it was."""
        return self._project.undo(self.annotator)

    def redo(self) -> HistoryEntry:
        return self._project.redo(self.annotator)

    def undo_text(self) -> str | None:
        """What undo would take back ("Add PER 'Trump'"), or None."""
        entry = self._project.next_undo(self.annotator)
        return entry.command.describe() if entry else None

    def redo_text(self) -> str | None:
        entry = self._project.next_redo(self.annotator)
        return entry.command.describe() if entry else None

    def bare_document(self, doc_id: str) -> Document:
        """A document's text and metadata alone; KeyError if there is none."""
        return self._project.get_document(doc_id)

    def spans_before(self, doc_id: str, position: int) -> list[Span]:
        """The spans that start before `position`, in reading order: what the first screens
        of a long document show while the rest of it loads."""
        return self._project.spans(doc_id, before=position)

    def document(self, doc_id: str) -> AnnotatedDocument:
        """A document with all its spans, speaker links and states; KeyError if there is none."""
        return self.with_annotations(self._project.get_document(doc_id))

    def with_annotations(self, document: Document) -> AnnotatedDocument:
        """A document already read, with all its spans, speaker links and states."""
        project, doc_id = self._project, document.id
        return AnnotatedDocument(
            document=document,
            spans=tuple(project.spans(doc_id)),
            relations=tuple(project.relations(doc_id)),
            states=tuple(project.states(doc_id).values()),
        )


__all__ = ["PAGE_SIZE", "ProjectSession"]
