"""Bringing in another annotator's work: `annotator merge PROJECT OTHER [--as NAME]`.

OTHER is a project file (`.annotator`) or Annotator JSON lines (`.jsonl`). Its documents are
matched to the project's by id and the hash of their text (a document under another id but
with the same text matches too); those that match nothing, or whose text differs, are listed
and left out. Their spans, speaker links and document states come in under their annotators'
names, or all under `--as NAME`. Everything is checked first (labels, offsets, overlaps) and
written in one transaction: on any error nothing is merged.

Merging the same file twice adds nothing twice: a span already there (the same id, or the
same annotator, offsets and label) is left alone; a span of the same id that the other
annotator changed since replaces their old one. A span of the same id belonging to someone
else here (both started from one shared file, say) comes in under an id derived from both.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, DocumentState, Relation, Span
from annotator.core.validation import overlap_problems, relation_problems, span_problems
from annotator.formats import native
from annotator.formats.protocol import ReadOptions
from annotator.formats.textfile import SNIFF_BYTES
from annotator.store import Project, ReadOnlyProjectError
from annotator.store.merging import (
    MergeWrites,
    document_hashes,
    documents_by_hash,
    existing_records,
    write_merge,
)

_SQLITE_MAGIC = b"SQLite format 3\x00"
_DERIVED = uuid.UUID("6f1d3c52-54a4-4e0c-9d0e-6a1f4f3c2b11")


@dataclass
class MergeSummary:
    source: str
    documents: int = 0
    """Documents matched and merged."""
    spans_added: int = 0
    spans_updated: int = 0
    spans_unchanged: int = 0
    relations_added: int = 0
    states_set: int = 0
    annotators: set[str] = field(default_factory=set)
    unmatched: list[str] = field(default_factory=list)
    """Documents of the file the project does not have (by id or text)."""
    text_differs: list[str] = field(default_factory=list)
    """Documents whose id the project has, with another text."""

    def __str__(self) -> str:
        who = ", ".join(sorted(self.annotators)) or "nobody"
        text = (
            f"Merged {self.documents:,} documents from {self.source} ({who}): "
            f"{self.spans_added:,} spans added, {self.spans_updated:,} updated, "
            f"{self.spans_unchanged:,} already there; {self.relations_added:,} speaker links, "
            f"{self.states_set:,} document states"
        )
        if self.unmatched:
            text += f"; {len(self.unmatched):,} documents match none of the project's"
        if self.text_differs:
            text += f"; {len(self.text_differs):,} documents have another text here"
        return text


def merge_file(
    project: Project, path: Path, *, as_name: str | None = None, annotator: str
) -> MergeSummary:
    """Merge `path` into `project` in `annotator`'s name; raises InputError and changes nothing
    when the file cannot be read or does not fit the project."""
    path = Path(path)
    rename = (as_name or "").strip() or None
    summary = MergeSummary(source=path.name)
    writes = MergeWrites()
    batch: list[tuple[AnnotatedDocument, str]] = []
    for record, origin in _records(project, path, rename):
        batch.append((record, origin))
        if len(batch) >= 500:
            _plan_batch(project, batch, rename, writes, summary)
            batch = []
    _plan_batch(project, batch, rename, writes, summary)
    if not summary.documents:
        raise InputError(
            "none of its documents is in this project (compared by id and by text)",
            file=str(path),
        )
    write_merge(project, writes, annotator=annotator, description=f"Merge {summary}")
    return summary


def _records(
    project: Project, path: Path, rename: str | None
) -> Iterator[tuple[AnnotatedDocument, str]]:
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    if head.startswith(_SQLITE_MAGIC):
        with _opened(path) as other:
            for record in other.iter_records():
                yield record, f"{path} (document {record.document.id!r})"
        return
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        options = ReadOptions(scheme=project.scheme, annotator=rename or path.stem)
        for item in native.read(path, options):
            yield item.record, item.origin
        return
    raise InputError(
        "is neither an Annotator project file nor Annotator JSON lines", file=str(path)
    )


@contextmanager
def _opened(path: Path) -> Iterator[Project]:
    """The other project, read-only; one in an older format is read from an upgraded copy,
    so that merging never changes the file it reads."""
    try:
        other = Project.open(path, read_only=True)
    except ReadOnlyProjectError:
        with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
            copy = Path(folder) / path.name
            shutil.copyfile(path, copy)
            with Project.open(copy) as upgraded:
                yield upgraded
        return
    with other:
        yield other


def _plan_batch(project, batch, rename, writes: MergeWrites, summary: MergeSummary) -> None:
    if not batch:
        return
    hashes = document_hashes(project, [r.document.id for r, _ in batch])
    by_text = documents_by_hash(project, [r.document.text_hash for r, _ in batch])
    matched: list[tuple[AnnotatedDocument, str, str]] = []
    for record, origin in batch:
        doc_id, text_hash = record.document.id, record.document.text_hash
        if doc_id in hashes:
            if hashes[doc_id] != text_hash:
                summary.text_differs.append(doc_id)
                continue
            local = doc_id
        elif text_hash in by_text:
            local = by_text[text_hash]
        else:
            summary.unmatched.append(doc_id)
            continue
        matched.append((record, local, origin))
    here = existing_records(project, [local for _, local, _ in matched])
    scheme = project.scheme
    for record, local, origin in matched:
        _plan_document(scheme, record, here[local], rename, origin, writes, summary)


def _plan_document(scheme, record, here, rename, origin, writes, summary) -> None:
    def owner(name: str) -> str:
        return rename or name

    local = here.document.id
    text = here.document.text
    existing = {s.id: s for s in here.spans}
    by_content = {(s.annotator, s.start, s.end, s.label): s for s in existing.values()}
    local_ids: dict[str, str] = {}
    incoming: list[Span] = []
    for span in record.spans:
        mine = span
        if span.doc_id != local or owner(span.annotator) != span.annotator:
            mine = dataclasses.replace(span, doc_id=local, annotator=owner(span.annotator))
        problems = span_problems(mine, text, scheme)
        if problems:
            raise _error(origin, f"{mine.label} {mine.start}-{mine.end}: " + "; ".join(problems))
        same = by_content.get((mine.annotator, mine.start, mine.end, mine.label))
        found = existing.get(mine.id)
        if found is not None and found.annotator != mine.annotator:
            derived = uuid.uuid5(_DERIVED, f"{mine.id}/{mine.annotator}").hex
            mine = dataclasses.replace(mine, id=derived)
            found = existing.get(derived)
        summary.annotators.add(mine.annotator)
        if found is None and same is not None:
            local_ids[span.id] = same.id
            summary.spans_unchanged += 1
            continue
        local_ids[span.id] = mine.id
        if found is not None and _same(found, mine):
            summary.spans_unchanged += 1
            continue
        if found is None:
            summary.spans_added += 1
        else:
            summary.spans_updated += 1
        incoming.append(mine)
    layer = {s.id: s for s in existing.values()}
    layer.update((s.id, s) for s in incoming)
    touched = {s.annotator for s in incoming}
    problems = overlap_problems([s for s in layer.values() if s.annotator in touched], scheme)
    if problems:
        raise _error(origin, problems[0])
    relations = {r.id: r for r in here.relations}
    linked = {(r.head, r.tail, r.kind) for r in relations.values()}
    for relation in record.relations:
        head, tail = local_ids.get(relation.head), local_ids.get(relation.tail)
        mine = Relation(
            doc_id=local,
            head=head or relation.head,
            tail=tail or relation.tail,
            annotator=owner(relation.annotator),
            kind=relation.kind,
            id=relation.id,
            created=relation.created,
        )
        if (mine.head, mine.tail, mine.kind) in linked:
            continue
        if mine.id in relations:
            mine = Relation(**{**mine.as_dict(), "id": uuid.uuid5(_DERIVED, mine.id + local).hex})
        problems = relation_problems(mine, layer, scheme)
        if problems:
            raise _error(origin, "; ".join(problems))
        # A quotation has one speaker: the file's link replaces one made before.
        for old in relations.values():
            if old.kind == mine.kind and old.head == mine.head and old.id != mine.id:
                writes.unlink.append(old.id)
        writes.relations.append(mine)
        summary.relations_added += 1
    states = {s.annotator: s for s in here.states}
    for state in record.states:
        mine = DocumentState(local, owner(state.annotator), state.state, state.modified)
        known = states.get(mine.annotator)
        if known is None or known.state is not mine.state:
            writes.states.append(mine)
            summary.states_set += 1
    writes.spans.extend(incoming)
    summary.documents += 1


def _same(a: Span, b: Span) -> bool:
    """Equal but for the times (a file without them gets new ones each time it is read)."""
    return dataclasses.replace(a, created=b.created, modified=b.modified) == b


def _error(origin: str, message: str) -> InputError:
    file, _, line = origin.rpartition(":")
    if line.isdigit():
        return InputError(message, file=file, line=int(line))
    return InputError(message, file=origin)


__all__ = ["MergeSummary", "merge_file"]
