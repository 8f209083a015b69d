"""What every format module offers, and what readers and writers are given and give back.

A format is one module in `annotator/formats/`, named in `registry.FORMATS` by its dotted path
(loaded only when used, so `annotator formats` and `--help` stay quick). It defines:

    def sniff(head: bytes) -> int            # 0: not this format, 1: could be, 2: surely is
    def read(path: Path, options: ReadOptions, *, name: str) -> Iterator[ReadItem]
    def write(records: Iterable[AnnotatedDocument], target: Path,
              context: ExportContext) -> WriteReport

(only what `can_read` / `can_write` in its registry entry promise). `head` is the first 8 KiB
of a file. `name` is the file's path relative to the folder given (ids for documents that have
none). A reader streams: it yields one `ReadItem` per document and raises
`InputError(message, file=..., line=...)` on the first problem, and the import is then undone.
Readers that can, build native JSON objects and let `native.parse_document` check them, so
every format is validated the same way (offsets, labels, overlaps the scheme forbids).

A writer writes `target` (a temporary path the export renames into place when everything was
written; a folder for formats whose `output` is "folder") and may write more files beside it
with `context.beside(name)` (shared by all splits: the first writer writes it). It consumes
the records once, keeping at most one document in memory, and returns what it wrote and what
the format could not carry (`WriteReport.lost`), never dropping anything silently.
Token-based writers check every span against the tokens (`formats.tokens`) and follow
`context.misaligned`.

To add a format: write the module, add a `FormatInfo` to `registry.FORMATS`, add a section to
docs/formats.md, a round-trip property test and bad-input tests in tests/formats/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from annotator.core.labels import LabelScheme
from annotator.core.model import AnnotatedDocument

Misaligned = Literal["error", "snap", "skip"]
MISALIGNED_CHOICES: tuple[Misaligned, ...] = ("error", "snap", "skip")
EXAMPLES_KEPT = 20
"""How many examples of each kind of loss a report keeps (the counts are always complete)."""


class ReadItem(NamedTuple):
    record: AnnotatedDocument
    file: str
    line: int | None
    """Where the document starts (None for formats without lines, e.g. spaCy's DocBin)."""
    done: int
    """Bytes of the file read so far (for progress)."""

    @property
    def origin(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass
class ReadOptions:
    scheme: LabelScheme
    annotator: str
    """Who is named on spans that do not say who made them."""
    add_labels: bool = False
    """Accept labels the scheme lacks (the caller adds them); otherwise they are an error."""
    new_labels: set[str] = field(default_factory=set)
    """Filled while reading: the labels that were not in the scheme."""
    relation_ids: set[str] = field(default_factory=set)
    """Filled while reading: the relation ids given so far (each must be new)."""
    notes: Counter[str] = field(default_factory=Counter)
    """Filled while reading: what a reader passed over on purpose (e.g. rejected Prodigy
    tasks), counted, for the import's summary."""
    _extended: tuple[frozenset[str], LabelScheme] | None = None

    def effective_scheme(self) -> LabelScheme:
        """The scheme with the new labels found so far (as the caller will add them)."""
        if not self.new_labels:
            return self.scheme
        if self._extended is None or self._extended[0] != self.new_labels:
            labels = frozenset(self.new_labels)
            self._extended = (labels, self.scheme.with_labels(sorted(labels)))
        return self._extended[1]


@dataclass(frozen=True, slots=True)
class Loss:
    """One thing a writer left out or changed: which document, which span, and its text."""

    doc_id: str
    span_id: str = ""
    label: str = ""
    text: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "span_id": self.span_id, "label": self.label,
                "text": self.text}  # fmt: skip


@dataclass
class WriteReport:
    """What a writer wrote, and what the format could not carry, by kind."""

    documents: int = 0
    spans: int = 0
    lost: Counter[str] = field(default_factory=Counter)
    """Kind of loss ("speaker links", "spans overlapping others (BIO)", ...) -> how many."""
    examples: dict[str, list[Loss]] = field(default_factory=dict)
    """Kind -> the first few losses of that kind, to show a person."""
    labels: Counter[str] = field(default_factory=Counter)
    """Spans written, by label."""

    def lose(self, kind: str, count: int = 1, example: Loss | None = None) -> None:
        if count <= 0:
            return
        self.lost[kind] += count
        if example is not None:
            kept = self.examples.setdefault(kind, [])
            if len(kept) < EXAMPLES_KEPT:
                kept.append(example)

    def wrote(self, label: str) -> None:
        self.spans += 1
        self.labels[label] += 1

    def merge(self, other: WriteReport) -> None:
        self.documents += other.documents
        self.spans += other.spans
        self.lost.update(other.lost)
        self.labels.update(other.labels)
        for kind, found in other.examples.items():
            kept = self.examples.setdefault(kind, [])
            kept.extend(found[: max(0, EXAMPLES_KEPT - len(kept))])

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "spans": self.spans,
            "labels": dict(sorted(self.labels.items())),
            "not_carried": dict(sorted(self.lost.items())),
            "examples": {k: [e.as_dict() for e in v] for k, v in sorted(self.examples.items())},
        }

    def describe_losses(self) -> list[str]:
        """One line per kind of loss, for a summary on the terminal."""
        lines = []
        for kind, count in sorted(self.lost.items()):
            line = f"{count:,} {kind}"
            example = next(iter(self.examples.get(kind, ())), None)
            if example is not None:
                what = [example.label] if example.label else []
                if example.text:
                    text = example.text
                    what.append(repr(text if len(text) <= 50 else text[:49] + "…"))
                line += (
                    f" (e.g. document {example.doc_id!r}{': ' + ' '.join(what) if what else ''})"
                )
            lines.append(line)
        return lines


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What a writer needs besides the records."""

    scheme: LabelScheme
    """The project's scheme with the export's renames applied: the label list of BIO tags."""
    misaligned: Misaligned = "error"
    """Spans off token boundaries: stop with an error, snap them outward to whole tokens, or
    skip them (reported either way)."""
    language: str = ""
    """The language for the tokenizer ("de", "en"; default: the scheme's, else "xx")."""
    beside: Callable[[str], Path | None] = field(default=lambda name: None)
    """A temporary path for another file of the output (e.g. "labels.json"), renamed into
    place beside the target with it; None when another split of the export has written it
    already (such files are shared by all splits)."""

    documents: int | None = None
    """About how many documents will come (when known): a large export starts its worker
    processes at once, and this process never loads the tokenizer."""
    workers: int | None = None
    """Worker processes that tokenize for a large export (None: one, where there are two
    CPUs or more; 0: none, all in this process)."""

    @property
    def tokenizer_language(self) -> str:
        return self.language or self.scheme.language or "xx"
