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
from typing import TYPE_CHECKING, TypeVar

from annotator.core.commands import Command
from annotator.core.library import DocumentQuery
from annotator.core.model import AnnotatedDocument
from annotator.nlp import models
from annotator.services.library import ProjectSession
from annotator.services.suggestion_plan import SuggestionCounts, plan_suggestions, scheme_label
from annotator.services.writer_process import WriterProcess, WriterProcessError

if TYPE_CHECKING:
    from annotator.nlp.suggesting import TextSuggestions

T = TypeVar("T")
Entity = tuple[int, int, str]
"""(start, end, label) of an entity the model found."""

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
    from annotator.nlp.suggesting import suggest_text

    records: dict[str, AnnotatedDocument] | None = {} if keep_records else None
    language = session.scheme.language or model.language
    speaker_label = session.scheme.speaker_label
    found = compute_entities(
        session, model, doc_ids, should_stop=should_stop, batch_size=batch_size, records=records
    )
    for doc_id, text, entities in found:
        suggestions = suggest_text(text, entities, language=language, speaker_label=speaker_label)
        record = records.pop(doc_id, None) if records is not None else None
        yield DocumentSuggestions(doc_id, suggestions, record)


def compute_entities(
    session: ProjectSession,
    model: models.LoadedModel,
    doc_ids: Sequence[str],
    *,
    should_stop: Callable[[], bool] = lambda: False,
    batch_size: int = BATCH_SIZE,
    records: dict[str, AnnotatedDocument] | None = None,
) -> Iterator[tuple[str, str, tuple[Entity, ...]]]:
    """(id, text, the model's entities) of each document, in order; with `records`, the
    documents as read are kept there by id."""
    from annotator.nlp.suggesting import entities_in

    ids: list[str] = []  # nlp.pipe keeps the order; the ids wait in a queue beside it

    def texts() -> Iterator[str]:
        for doc_id in doc_ids:
            if should_stop():
                return
            try:
                if records is not None:
                    record = records[doc_id] = session.document(doc_id)
                    text = record.document.text
                else:
                    text = session.bare_document(doc_id).text  # the text alone: one query
            except KeyError:  # removed meanwhile
                continue
            ids.append(doc_id)
            yield text

    found = entities_in(model.nlp, texts(), batch_size=batch_size)
    for number, (text, entities) in enumerate(found):
        yield ids[number], text, entities
        if should_stop():
            return


def complete_suggestions(
    session: ProjectSession, found: Iterable[tuple[str, tuple[Entity, ...]]], language: str
) -> list[DocumentSuggestions]:
    """The quotation rules over documents whose entities are known, read here (the writer
    process's half: the model's process sends ids and entities only)."""
    from annotator.nlp.suggesting import suggest_text

    speaker_label = session.scheme.speaker_label
    completed: list[DocumentSuggestions] = []
    for doc_id, entities in found:
        try:
            record = session.document(doc_id)
        except KeyError:  # removed meanwhile
            continue
        text = record.document.text
        suggestions = suggest_text(text, entities, language=language, speaker_label=speaker_label)
        completed.append(DocumentSuggestions(doc_id, suggestions, record))
    return completed


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
    language = session.scheme.language or model.language
    if writer_process and not session.read_only and len(ids) >= PROCESS_FROM:
        process = _start_writer_process(session, model.source, language, stored)
    if process is None:
        found = chunks(compute_suggestions(session, model, ids, keep_records=True), batch)
        counts = _store_here(SuggestionWriter(session, model.source), found, stored)
    else:
        # The writer process runs the quotation rules too: it reads each document anyway.
        entities = chunks(((d, e) for d, _, e in compute_entities(session, model, ids)), batch)
        try:
            for items in entities:
                process.write(items)
            counts = process.finish()
        except WriterProcessError:
            if process.stored_any:
                raise
            # It never stored anything (say, a main script without the __main__ guard,
            # which "spawn" runs again): do its part here instead.
            writer = SuggestionWriter(session, model.source)
            rest = chain(process.unstored, entities)
            found = (complete_suggestions(session, items, language) for items in rest)
            counts = _store_here(writer, found, stored)
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
    session: ProjectSession, source: str, language: str, stored: Callable[[int], None]
) -> WriterProcess | None:
    try:
        return WriterProcess(
            session.path,
            annotator=session.annotator,
            source=source,
            language=language,
            on_stored=stored,
        )
    except OSError:  # no processes here (a sandbox): store in this one
        return None


def open_reader(path: Path) -> ProjectSession:
    """A read-only session of its own (for a worker thread: connections stay in their thread)."""
    return ProjectSession.open(path, read_only=True)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
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
    "complete_suggestions",
    "compute_entities",
    "compute_suggestions",
    "document_ids",
    "open_reader",
    "plan_suggestions",
    "project_model",
    "scheme_label",
    "set_project_model",
    "suggest_documents",
]
