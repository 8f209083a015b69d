"""Pre-annotation: a model's entities and the quotation rules' quotations, stored as suggestions.

Suggestions are pending spans (`Source.MODEL`, the model's name and version, `Status.PENDING`)
and speaker links, added as one ordinary edit per document in the name of whoever asked for
them (so undo takes a document's suggestions back). Human spans are never touched. A
suggestion is left out where the document already has a span of the same kind over it (a
person's, or a suggestion made before: running twice adds nothing twice), and where a person
rejected the same span (same offsets and label) before.

The work is in two halves so that the window can run the model in a worker thread:
`compute_suggestions` reads texts through its own session and runs the model (no writes);
`SuggestionWriter.write` stores a batch of results in one transaction on the session's thread
(what is new of them: `suggestion_plan`). `suggest_documents` does both for the command line
and benchmarks, storing in a writer process (`writer_process`) when there are many documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.commands import Command
from annotator.core.library import DocumentQuery
from annotator.core.model import AnnotatedDocument
from annotator.nlp import models
from annotator.services.library import ProjectSession
from annotator.services.suggestion_plan import SuggestionCounts, plan_suggestions, scheme_label
from annotator.services.writer_process import WriterProcess, WriterProcessError

if TYPE_CHECKING:
    from annotator.nlp.suggesting import TextSuggestions

BATCH_SIZE = 32
"""Texts a call of nlp.pipe takes at a time (the quotation rules and their word lists are
imported only when suggestions are made, not when the window starts)."""

LoadedModel = models.LoadedModel
MODEL_SETTING = "model"
WRITE_BATCH = 100
"""Documents stored per transaction."""
PROCESS_FROM = 300
"""Documents from which the command line stores suggestions in a process of its own (starting
it takes some 0.3 s; a hundred news articles take the model about 1.5 s)."""

Progress = Callable[[int, int], None]
# The project's model


def project_model(session: ProjectSession) -> str:
    """The model spec chosen for the project, else the default for its language."""
    chosen = session.setting(MODEL_SETTING)
    if isinstance(chosen, str) and chosen.strip():
        return chosen
    return models.default_spec(session.scheme.language or "de")


def set_project_model(session: ProjectSession, spec: str) -> models.ModelChoice:
    """Make `spec` the project's model; ModelMissingError (nothing stored) if it is not there."""
    choice = models.resolve(spec)
    session.set_setting(MODEL_SETTING, spec)
    return choice


def load_model(spec: str) -> models.LoadedModel:
    """The pipeline `spec` names, loaded once (slow the first time: call it off the GUI thread)."""
    return models.load_model(spec)


def installed_models() -> list[str]:
    """Installed spaCy pipeline packages (imports spaCy: not at start-up)."""
    return models.installed_packages()


def model_title(spec: str) -> str:
    """How the window names a model spec (without looking whether it is installed)."""
    return models.title_of(spec)


def builtin_available() -> bool:
    try:
        models.resolve(models.BUILTIN)
    except models.ModelMissingError:
        return False
    return True


# Running the model (no writes: safe in a worker thread with its own session)


@dataclass(frozen=True, slots=True)
class DocumentSuggestions:
    doc_id: str
    suggestions: TextSuggestions
    record: AnnotatedDocument | None = None
    """The document as read before the model ran, where the writer may trust it (one thread,
    nothing else writing meanwhile); else the writer reads it again."""


def document_ids(
    session: ProjectSession,
    doc_ids: Sequence[str] | None = None,
    query: DocumentQuery | None = None,
) -> list[str]:
    """`doc_ids` that the project has (in the order given), else the documents `query` lists
    (default: all), in its order."""
    if doc_ids is not None:
        return [d for d in dict.fromkeys(doc_ids) if session.has_document(d)]
    query = query or DocumentQuery()
    total = session.document_count(query)
    ids: list[str] = []
    while len(ids) < total:
        page = session.documents(query, offset=len(ids), limit=1000)
        if not page:
            break
        ids += [summary.id for summary in page]
    return ids


def compute_suggestions(
    session: ProjectSession,
    model: models.LoadedModel,
    doc_ids: Sequence[str],
    *,
    should_stop: Callable[[], bool] = lambda: False,
    batch_size: int = BATCH_SIZE,
    keep_records: bool = False,
) -> Iterator[DocumentSuggestions]:
    """Run the model and the quotation rules over the documents, in order."""
    records: dict[str, AnnotatedDocument] = {}

    def texts() -> Iterator[tuple[str, str]]:
        for doc_id in doc_ids:
            if should_stop():
                return
            try:
                if keep_records:
                    record = records[doc_id] = session.document(doc_id)
                    text = record.document.text
                else:
                    text = session.bare_document(doc_id).text  # the text alone: one query
            except KeyError:  # removed meanwhile
                continue
            yield text, doc_id

    language = session.scheme.language or model.language
    pairs = _pipe_with_ids(model, texts(), language, session.scheme.speaker_label, batch_size)
    for doc_id, suggestions in pairs:
        yield DocumentSuggestions(doc_id, suggestions, records.pop(doc_id, None))
        if should_stop():
            return


def _pipe_with_ids(
    model: models.LoadedModel,
    pairs: Iterator[tuple[str, str]],
    language: str,
    speaker_label: str,
    batch_size: int,
) -> Iterator[tuple[str, TextSuggestions]]:
    # nlp.pipe keeps the order; the ids wait in a queue beside it.
    ids: list[str] = []

    def texts() -> Iterator[str]:
        for text, doc_id in pairs:
            ids.append(doc_id)
            yield text

    from annotator.nlp.suggesting import suggest_texts

    found = suggest_texts(
        model.nlp, texts(), language=language, speaker_label=speaker_label, batch_size=batch_size
    )
    for number, suggestions in enumerate(found):
        yield ids[number], suggestions


# Storing (on the session's own thread)


class SuggestionWriter:
    """Stores the suggestions for documents of `session`, a batch per transaction."""

    def __init__(self, session: ProjectSession, source: str) -> None:
        self.session = session
        self.source = source
        self.counts = SuggestionCounts()

    def write(self, batch: Sequence[DocumentSuggestions]) -> list[str]:
        """Store a batch in one transaction; the ids of the documents that changed."""
        planned: list[Command] = []
        changed: list[str] = []
        scheme = self.session.scheme
        for item in batch:
            record = item.record
            if record is None:
                try:
                    record = self.session.document(item.doc_id)
                except KeyError:
                    continue
            self.counts.documents += 1
            command = plan_suggestions(
                record,
                item.suggestions,
                scheme=scheme,
                annotator=self.session.annotator,
                model=self.source,
                counts=self.counts,
            )
            if command is not None:
                planned.append(command)
                changed.append(item.doc_id)
        if planned:
            self.session.apply_many(planned)
        self.counts.changed += changed
        return changed


# Both halves, for the command line


def suggest_documents(
    session: ProjectSession,
    *,
    spec: str | None = None,
    doc_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    batch: int = WRITE_BATCH,
    writer_process: bool = True,
) -> SuggestionCounts:
    """Suggest for `doc_ids` (default: all) with `spec` (default: the project's model).

    For many documents the suggestions are stored by a process of its own while the model
    goes on (`writer_process`); for a few, or where it cannot start, in this one."""
    model = models.load_model(spec or project_model(session))
    ids = document_ids(session, doc_ids)
    done = [0]

    def stored(count: int) -> None:
        done[0] += count
        if progress is not None:
            progress(done[0], len(ids))

    process = None
    if writer_process and not session.read_only and len(ids) >= PROCESS_FROM:
        process = _start_writer_process(session, model.source, stored)
    found = chunks(compute_suggestions(session, model, ids, keep_records=process is None), batch)
    if process is None:
        counts = _store_here(SuggestionWriter(session, model.source), found, stored)
    else:
        try:
            for items in found:
                process.write(items)
            counts = process.finish()
        except WriterProcessError:
            if process.stored_any:
                raise
            # It never stored anything (say, a main script without the __main__ guard,
            # which "spawn" runs again): store everything here instead.
            writer = SuggestionWriter(session, model.source)
            counts = _store_here(writer, chain(process.unstored, found), stored)
        finally:
            process.close()
    if progress is not None:
        progress(len(ids), len(ids))
    return counts


def _store_here(
    writer: SuggestionWriter,
    batches: Iterable[Sequence[DocumentSuggestions]],
    stored: Callable[[int], None],
) -> SuggestionCounts:
    for items in batches:
        writer.write(items)
        stored(len(items))
    return writer.counts


def _start_writer_process(
    session: ProjectSession, source: str, stored: Callable[[int], None]
) -> WriterProcess | None:
    try:
        return WriterProcess(
            session.path, annotator=session.annotator, source=source, on_stored=stored
        )
    except OSError:  # no processes here (a sandbox): store in this one
        return None


def open_reader(path: Path) -> ProjectSession:
    """A read-only session of its own (for a worker thread: connections stay in their thread)."""
    return ProjectSession.open(path, read_only=True)


def chunks(items: Iterable[DocumentSuggestions], size: int) -> Iterator[list[DocumentSuggestions]]:
    batch: list[DocumentSuggestions] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


__all__ = [
    "MODEL_SETTING",
    "DocumentSuggestions",
    "SuggestionCounts",
    "SuggestionWriter",
    "compute_suggestions",
    "document_ids",
    "open_reader",
    "plan_suggestions",
    "project_model",
    "scheme_label",
    "set_project_model",
    "suggest_documents",
]
