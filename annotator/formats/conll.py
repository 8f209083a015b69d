"""CoNLL-2003 / GermEval-style BIO: a word and its tag a line, blank lines between sentences.

Written: `-DOCSTART-\\tO` and a blank line before each document, then `word<TAB>TAG` lines, a
blank line where the text had a line break. Words are spaCy's tokens (see `tokens`); tags are
BIO (see `bio` for what is left out when spans overlap). Not carried: the text's exact spacing,
document ids and meta, speaker links, attributes, comments, states.

Read: words in the first column and the tag in the last, split by tabs (or by spaces when a
line has no tab), so CoNLL-2003's four columns (`EU NNP B-NP B-ORG`) read too; GermEval 2014's
`index<TAB>word<TAB>outer<TAB>inner` gives both levels (the inner as nested spans). Lines
starting with "#" that are not a word and a tag are comments (GermEval's source lines, kept in
`meta`). With `-DOCSTART-` lines, they separate documents and blank lines separate sentences
(joined by line breaks); without, each blank-line block is a document. The text is rebuilt
from the words (see `bio.rebuild_text`), so offsets are exact in the imported text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError, ValidationError
from annotator.core.model import AnnotatedDocument
from annotator.formats import native
from annotator.formats.bio import rebuild_text, spans_from_tags, tag_document
from annotator.formats.losses import report_uncarried
from annotator.formats.parallel import write_text_encoded
from annotator.formats.protocol import (
    ExportContext,
    Misaligned,
    ReadItem,
    ReadOptions,
    WriteReport,
)
from annotator.formats.sniffing import first_line
from annotator.formats.textfile import text_lines
from annotator.formats.tokens import TokenDoc, Tokens

NAME = "conll"
DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"^(?:O|[BIESLU]-\S+)$")


def sniff(head: bytes) -> int:
    line, _ = first_line(head)
    if line.startswith(DOCSTART.encode()):
        return 2
    lines = [x for x in head.decode("utf-8", "replace").splitlines()[:50] if x.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the last may be cut off
    words = [x for x in lines if not x.startswith("#")]
    if words and all(_TAG.match(_columns(x)[-1]) and len(_columns(x)) >= 2 for x in words):
        return 2
    return 0


# Writing


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    report = WriteReport()

    def uncarried(record: AnnotatedDocument) -> None:
        report_uncarried(record, report)

    return write_text_encoded(
        target, records, context, encode, context.scheme, report, before=uncarried
    )


def encode(
    doc: TokenDoc, tokens: Tokens, policy: Misaligned, scheme: Any
) -> tuple[str, WriteReport]:
    report = WriteReport(documents=1)
    tagged = tag_document(doc, tokens, policy, scheme, report)
    lines = [f"{DOCSTART}\tO", ""]
    ends = set(tagged.sentence_ends)
    for index, (word, tag) in enumerate(zip(tagged.words, tagged.tags, strict=True)):
        lines.append(f"{word}\t{tag}")
        if index in ends:
            lines.append("")
    if lines[-1] != "":
        lines.append("")
    return "\n".join(lines) + "\n", report


# Reading


@dataclass
class _Document:
    line: int
    sentences: list[list[str]] = field(default_factory=lambda: [[]])
    tags: list[list[str]] = field(default_factory=lambda: [[]])
    inner: list[list[str]] = field(default_factory=lambda: [[]])
    comments: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not any(self.sentences)

    def end_sentence(self) -> None:
        if self.sentences[-1]:
            self.sentences.append([])
            self.tags.append([])
            self.inner.append([])


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    count = 0
    # Tags seen before whose label is known (or may be added): the common line takes one
    # split and one look-up.
    known: set[str] = {"O"}
    with stream:
        by_docstart: bool | None = None
        current: _Document | None = None
        for number, line in text_lines(stream, path):
            if not line or line.isspace():
                if current is None:
                    continue
                if by_docstart:
                    current.end_sentence()
                elif not current.empty():
                    count += 1
                    yield _finish(current, path, name, count, options, stream.tell())
                    current = None
                continue
            if by_docstart is None:
                by_docstart = line.startswith(DOCSTART)
            if line.startswith(DOCSTART):
                if current is not None and not current.empty():
                    count += 1
                    yield _finish(current, path, name, count, options, stream.tell())
                current = _Document(number)
                continue
            if current is None:
                current = _Document(number)
            columns = line.split("\t") if "\t" in line else line.split()
            if len(columns) == 2 and columns[1] in known and columns[0] and line[0] != "#":
                word, tag, inner = columns[0], columns[1], "O"
            else:
                if line.startswith("#") and (len(columns) < 2 or not _TAG.match(columns[-1])):
                    current.comments.append(line[1:].strip())
                    continue
                word, tag, inner = _word(columns, path, number)
                _check_labels(tag, inner, options, path, number)
                known.update((tag, inner))
            current.sentences[-1].append(word)
            current.tags[-1].append(tag)
            current.inner[-1].append(inner)
        if current is not None and not current.empty():
            count += 1
            yield _finish(current, path, name, count, options, stream.tell())
    if count == 0:
        raise InputError("the file is empty: there is no document to import", file=str(path))


def _check_labels(tag: str, inner: str, options: ReadOptions, path: Path, number: int) -> None:
    scheme = options.scheme
    for each in (tag, inner):
        label = each.partition("-")[2]
        if label and label not in scheme and not options.add_labels:
            raise InputError(
                f"unknown label {label!r} (the scheme {scheme.name!r} has: "
                f"{', '.join(scheme.names)}); import with --add-labels to add it",
                file=str(path),
                line=number,
            )


def _columns(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split()


def _word(columns: list[str], path: Path, number: int) -> tuple[str, str, str]:
    """(word, tag, inner tag) of a line: CoNLL's first and last column, or GermEval's."""
    if len(columns) < 2:
        raise InputError(
            "expected a word and its tag separated by a tab or a space "
            f"(found {len(columns)} column{'s' if len(columns) != 1 else ''})",
            file=str(path),
            line=number,
        )
    germeval = len(columns) == 4 and columns[0].isdigit() and _TAG.match(columns[2])
    word, tag, inner = (columns[1], columns[2], columns[3]) if germeval else (
        columns[0], columns[-1], "O")  # fmt: skip
    for each in (tag, inner):
        if not _TAG.match(each):
            raise InputError(
                f"{each[:40]!r} is not a tag (O, or B-/I- and a label)", file=str(path), line=number
            )
    if not word:
        raise InputError("a word is empty", file=str(path), line=number)
    return word, tag, inner


def _finish(
    document: _Document, path: Path, name: str, count: int, options: ReadOptions, done: int
) -> ReadItem:
    sentences = [s for s in document.sentences if s]
    tags = [t for t in document.tags if t]
    inner = [t for t in document.inner if t]
    text, offsets = rebuild_text(sentences)
    flat_tags = [tag for sentence in tags for tag in sentence]
    flat_inner = [tag for sentence in inner for tag in sentence]
    spans = []
    for first, last, label in [*spans_from_tags(flat_tags), *spans_from_tags(flat_inner)]:
        spans.append({"start": offsets[first][0], "end": offsets[last - 1][1], "label": label})
    meta: dict[str, Any] = {"source_file": name or path.name}
    if document.comments:
        meta["comments"] = document.comments
    data = {"id": f"{name or path.name}#{count}", "text": text, "meta": meta, "spans": spans}
    try:
        record = native.parse_document(data, options, default_id=None)
    except (ValidationError, ValueError) as error:
        raise InputError(str(error), file=str(path), line=document.line) from None
    return ReadItem(record, str(path), document.line, done)
