"""brat standoff: a NAME.txt and a NAME.ann for each document, in a folder or a zip.

    T1<TAB>PER 0 13<TAB>Angela Merkel          a span: label, offsets, the text it covers
    T2<TAB>QUOTE 31 50<TAB>„Wir schaffen das.“
    R1<TAB>speaker Arg1:T2 Arg2:T1           the speaker link: quotation, then speaker
    A1<TAB>type T2 Direct                    an attribute (a flag when it has no value)
    #1<TAB>AnnotatorNotes T2<TAB>sicher?     a comment

Offsets count code points of the .txt (brat reads it as UTF-8 text without touching line ends),
the same as Python's string indices. brat's lines cannot hold a line break, so a span across
one is written as fragments split at the line breaks (`T3<TAB>QUOTE 0 12;14 20<TAB>...`), as brat
itself does; on import, fragments apart only by white space are joined again, and any other
discontinuous span is refused (Annotator's spans are continuous). The file name is the document
id, %-escaped where it is not a safe file name. An annotation.conf listing the labels, the
speaker relation and the attributes is written beside the documents.

Written as a folder, or as a zip when the output's name ends in .zip; read from either (and a
single .ann with its .txt). Not carried: document meta (titles), states, who made a span and
when; attribute values that are not one word.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote

from annotator.core.errors import InputError, ValidationError
from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import SPEAKER, AnnotatedDocument
from annotator.formats import native
from annotator.formats.brat_collection import Entry, decode, entries
from annotator.formats.losses import report_uncarried
from annotator.formats.protocol import ExportContext, Loss, ReadItem, ReadOptions, WriteReport
from annotator.formats.sniffing import first_line

NAME = "brat"
CONF = "annotation.conf"
NOT_IMPORTED = "brat annotations other than spans, speaker links, attributes and notes"
ODD_ATTRIBUTES = "span attributes brat cannot hold (values that are not one word)"
FLATTENED_COMMENTS = "span comments with line breaks or tabs, written on one line"
LONG_IDS = "document ids too long for a file name, shortened"
SPLIT_LINE_ENDS = "spans starting or ending inside a \\r\\n, moved before it (brat reads it as one)"
_T_LINE = re.compile(rb"^T\d+\t\S+ \d+ \d+")
_BREAKS = re.compile(r"[\r\n]+")
_CRLF = re.compile(r"\r\n")
_ONE_LINE = str.maketrans({"\t": " ", "\r": " ", "\n": " "})
_STAGED = re.compile(r"\.(.+)\.[0-9a-f]{12}\.partial")
_MAX_STEM = 200


def sniff(head: bytes) -> int:
    if head.startswith(b"PK\x03\x04"):
        return 1  # a zip: brat is the only format that reads one
    line, _ = first_line(head)
    return 2 if _T_LINE.match(line) else 0


def sniff_folder(path: Path) -> bool:
    return next(path.rglob("*.ann"), None) is not None


# Reading


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    done = 0
    found = False
    for entry in entries(path):
        found = True
        done += len(entry.text) + len(entry.ann or b"")
        yield ReadItem(_document(entry, options), entry.ann_name, None, done)
    if not found:
        raise InputError(
            "there are no brat documents here (NAME.txt with NAME.ann)", file=str(path)
        )


@dataclass
class _Parsed:
    spans: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """The .ann line of each span."""
    by_id: dict[str, int] = field(default_factory=dict)
    links: list[tuple[str, str, int]] = field(default_factory=list)


def _document(entry: Entry, options: ReadOptions) -> AnnotatedDocument:
    text = decode(entry.text, entry.text_name)
    if entry.ann is None:
        data = {"id": entry.doc_id, "text": text}
        return _parse(data, options, entry, _Parsed())
    ann = decode(entry.ann, entry.ann_name)
    ends = LineEnds(text)
    parsed = _Parsed()
    later: list[tuple[int, str]] = []
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        kind = line[:1]
        if kind == "T":
            _text_bound(line, number, ends, parsed, entry)
        elif kind in ("R", "A", "M", "#"):
            later.append((number, line))
        else:
            options.notes[NOT_IMPORTED] += 1
    for number, line in later:  # they may name spans defined further down
        _reference(line, number, parsed, options, entry)
    for quote_id, speaker_id, number in parsed.links:
        quotation = parsed.spans[parsed.by_id[quote_id]]
        if "speaker" in quotation:
            raise InputError(f"{quote_id} has a speaker already", file=entry.ann_name, line=number)
        speaker = parsed.spans[parsed.by_id[speaker_id]]
        quotation["speaker"] = {"start": speaker["start"], "end": speaker["end"]}
    return _parse({"id": entry.doc_id, "text": text, "spans": parsed.spans}, options, entry, parsed)


def _text_bound(line: str, number: int, ends: LineEnds, parsed: _Parsed, entry: Entry) -> None:
    def bad(message: str) -> InputError:
        return InputError(message, file=entry.ann_name, line=number)

    parts = line.split("\t")
    if len(parts) < 2:
        raise bad("expected ID<TAB>LABEL START END<TAB>TEXT")
    ident, middle = parts[0], parts[1]
    label, _, ranges = middle.partition(" ")
    fragments = []
    for piece in ranges.split(";"):
        bounds = piece.split()
        if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
            raise bad(f"{ident}: {piece.strip()!r} is not START END offsets")
        fragments.append((int(bounds[0]), int(bounds[1])))
    fragments.sort()
    start, end = fragments[0][0], fragments[-1][1]
    text = ends.brat_text
    if not all(0 <= s < e <= len(text) for s, e in fragments):
        where = f"{start}-{end}" if len(fragments) == 1 else ranges
        raise bad(
            f"{ident} ({label}): offsets {where} are out of range or empty (the text has "
            f"{len(text)} characters, a line end counted as one)"
        )
    if len(fragments) > 1:
        gaps = [text[a_end:b_start] for (_, a_end), (b_start, _) in pairwise(fragments)]
        if any(gap.strip() or not gap for gap in gaps):
            raise bad(
                f"{ident} is a discontinuous span ({ranges}); Annotator's spans are continuous: "
                "join its fragments or make one span of each in brat"
            )
    if len(parts) >= 3:
        written = " ".join(text[s:e] for s, e in fragments)
        if _squash(parts[2]) != _squash(written):
            raise bad(
                f"{ident} ({label} {start}-{end}): its text {parts[2]!r} is not what the offsets "
                f"hold ({written!r}); offsets may have shifted (brat counts code points)"
            )
    if ident in parsed.by_id:
        raise bad(f"{ident} is defined twice")
    parsed.by_id[ident] = len(parsed.spans)
    span = {"start": ends.from_brat(start), "end": ends.from_brat(end), "label": label}
    parsed.spans.append(span)
    parsed.lines.append(number)


class LineEnds:
    """Offsets as brat counts them. brat reads a .txt with universal newlines (its
    `open_textfile`), so a \\r\\n is one character to it; the .txt keeps the text as it is,
    and offsets in the .ann are converted both ways."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.crs = [m.start() for m in _CRLF.finditer(text)] if "\r\n" in text else []
        self.brat_crs = [position - index for index, position in enumerate(self.crs)]

    @property
    def brat_text(self) -> str:
        return self.text.replace("\r\n", "\n") if self.crs else self.text

    def to_brat(self, position: int) -> int:
        return position - bisect_left(self.crs, position) if self.crs else position

    def from_brat(self, position: int) -> int:
        return position + bisect_left(self.brat_crs, position) if self.crs else position

    def splits(self, position: int) -> bool:
        """Whether `position` lies between the \\r and the \\n of a line end."""
        return bool(self.crs) and position - 1 in self.crs


def _squash(text: str) -> str:
    return "".join(text.split())


def _reference(line: str, number: int, parsed: _Parsed, options: ReadOptions, entry: Entry) -> None:
    def span_of(ident: str) -> dict[str, Any]:
        if ident not in parsed.by_id:
            raise InputError(f"{ident} is not a span (T line) of this file",
                             file=entry.ann_name, line=number)  # fmt: skip
        return parsed.spans[parsed.by_id[ident]]

    parts = line.split("\t")
    fields = parts[1].split() if len(parts) > 1 else []
    if not fields:
        raise InputError("expected ID<TAB>what it says", file=entry.ann_name, line=number)
    if line[0] == "R":
        args = dict(arg.partition(":")[::2] for arg in fields[1:])
        if fields[0].lower() != SPEAKER:
            options.notes[NOT_IMPORTED] += 1
            return
        if set(args) != {"Arg1", "Arg2"}:
            raise InputError("expected speaker Arg1:QUOTATION Arg2:SPEAKER",
                             file=entry.ann_name, line=number)  # fmt: skip
        span_of(args["Arg1"]), span_of(args["Arg2"])
        parsed.links.append((args["Arg1"], args["Arg2"], number))
    elif line[0] in "AM":
        if len(fields) < 2:
            raise InputError("expected ID<TAB>NAME T-ID [VALUE]", file=entry.ann_name, line=number)
        value: Any = " ".join(fields[2:]) if len(fields) > 2 else True
        span_of(fields[1]).setdefault("attrs", {})[fields[0]] = value
    elif fields[0] == "AnnotatorNotes" and len(fields) > 1 and fields[1].startswith("T"):
        span = span_of(fields[1])
        note = parts[2] if len(parts) > 2 else ""
        span["comment"] = f"{span['comment']}\n{note}" if span.get("comment") else note
    else:
        options.notes[NOT_IMPORTED] += 1


def _parse(
    data: dict[str, Any], options: ReadOptions, entry: Entry, parsed: _Parsed
) -> AnnotatedDocument:
    try:
        return native.parse_document(data, options, default_id=entry.doc_id)
    except (ValidationError, ValueError, TypeError) as error:
        message = str(error)
        line = None
        if match := re.match(r"span (\d+)", message):
            line = parsed.lines[int(match.group(1)) - 1]
        elif match := re.match(r"(\S+) (\d+)-(\d+) overlaps", message):
            wanted = (int(match.group(2)), int(match.group(3)), match.group(1))
            line = next(
                (n for s, n in zip(parsed.spans, parsed.lines, strict=True)
                 if (s["start"], s["end"], s["label"]) == wanted), None,
            )  # fmt: skip
        file = entry.ann_name if line is not None or parsed.spans else entry.text_name
        raise InputError(message, file=file, line=line) from None


# Writing


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    report = WriteReport()
    as_zip = _final_name(target).lower().endswith(".zip")
    if as_zip:
        archive = zipfile.ZipFile(target, "x", zipfile.ZIP_DEFLATED, compresslevel=1)

        def put(name: str, data: bytes) -> None:
            archive.writestr(name, data)
    else:
        target.mkdir()

        def put(name: str, data: bytes) -> None:
            (target / name).write_bytes(data)

    attributes: dict[str, Counter[str]] = {}
    try:
        for record in records:
            stem = _file_stem(record.document.id, report)
            put(f"{stem}.txt", record.document.text.encode("utf-8"))
            put(f"{stem}.ann", _ann(record, report, attributes).encode("utf-8"))
            report.documents += 1
            report_uncarried(record, report, speakers=True, attributes=True, comments=True,
                             meta=False)  # fmt: skip
        put(CONF, annotation_conf(context.scheme).encode("utf-8"))
    finally:
        if as_zip:
            archive.close()
    return report


def _final_name(target: Path) -> str:
    """The name the export gives the output (the writer gets a temporary one)."""
    match = _STAGED.fullmatch(target.name)
    return match.group(1) if match else target.name


def _file_stem(doc_id: str, report: WriteReport) -> str:
    stem = quote(doc_id, safe=" -_,()+=@'!~")
    stem = "%2E" + stem[1:] if stem.startswith(".") else stem
    if len(stem.encode()) > _MAX_STEM:
        digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        stem = f"{stem[:150].rstrip('%')}~{digest}"
        report.lose(LONG_IDS, 1, Loss(doc_id))
    return stem


def _ann(record: AnnotatedDocument, report: WriteReport, attributes: dict) -> str:
    text = record.document.text
    doc_id = record.document.id
    ends = LineEnds(text)
    lines, ids = [], {}
    spans = sorted(record.spans, key=lambda s: (s.start, -s.end, s.label))
    for number, span in enumerate(spans, start=1):
        ids[span.id] = f"T{number}"
        covered = text[span.start : span.end]
        if "\n" not in covered and "\r" not in covered and not ends.crs:  # the usual case
            if "\t" in covered:
                covered = covered.translate(_ONE_LINE)
            lines.append(f"T{number}\t{span.label} {span.start} {span.end}\t{covered}")
            report.wrote(span.label)
            continue
        fragments = _fragments(text, span.start, span.end)
        if ends.splits(span.start) or ends.splits(span.end):
            report.lose(SPLIT_LINE_ENDS, 1, Loss(doc_id, span.id, span.label, covered))
        offsets = ";".join(f"{ends.to_brat(s)} {ends.to_brat(e)}" for s, e in fragments)
        covered = " ".join(text[s:e] for s, e in fragments).translate(_ONE_LINE)
        lines.append(f"T{number}\t{span.label} {offsets}\t{covered}")
        report.wrote(span.label)
    extra: list[str] = []
    attribute_number = note_number = 0
    for span in spans:
        for name, value in span.attrs.items():
            if _one_word(name) and (value is True or (isinstance(value, str) and _one_word(value))):
                attribute_number += 1
                tail = "" if value is True else f" {value}"
                extra.append(f"A{attribute_number}\t{name} {ids[span.id]}{tail}")
                attributes.setdefault(name, Counter())[span.label] += 1
            else:
                report.lose(
                    ODD_ATTRIBUTES, 1, Loss(doc_id, span.id, span.label, f"{name}={value!r}")
                )
        if span.comment:
            note_number += 1
            flat = span.comment.translate(_ONE_LINE)
            if flat != span.comment:
                report.lose(FLATTENED_COMMENTS, 1, Loss(doc_id, span.id, span.label, span.comment))
            extra.append(f"#{note_number}\tAnnotatorNotes {ids[span.id]}\t{flat}")
    relations = [
        r for r in record.relations if r.kind == SPEAKER and r.head in ids and r.tail in ids
    ]
    for number, relation in enumerate(relations, start=1):
        lines.append(f"R{number}\t{SPEAKER} Arg1:{ids[relation.head]} Arg2:{ids[relation.tail]}")
    return "".join(f"{line}\n" for line in [*lines, *extra])


def _one_word(value: str) -> bool:
    return bool(value) and len(value.split()) == 1 and value.split()[0] == value


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks (brat's lines cannot hold one); one piece when it starts or
    ends at a break, so that its offsets come back as they were."""
    pieces, position = [], start
    for match in _BREAKS.finditer(text, start, end):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, end))
    if any(s >= e for s, e in pieces):
        return [(start, end)]
    return pieces


def annotation_conf(scheme: LabelScheme) -> str:
    """brat's configuration for the scheme: its labels, the speaker relation, the attributes
    with a fixed set of values."""
    quotations = [label.name for label in scheme.labels if label.kind is LabelKind.QUOTATION]
    lines = [f"# brat configuration written by Annotator for the label scheme {scheme.name}",
             "[entities]", *(label.name for label in scheme.labels), "", "[relations]"]  # fmt: skip
    if quotations:
        lines.append(f"{SPEAKER}\tArg1:{'|'.join(quotations)}, Arg2:<ENTITY>")
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "",
              "[attributes]"]  # fmt: skip
    by_name: dict[str, tuple[list[str], set[str]]] = {}
    for label in scheme.labels:
        for spec in label.attributes:
            if spec.values and _one_word(spec.name) and all(_one_word(v) for v in spec.values):
                owners, values = by_name.setdefault(spec.name, ([], set()))
                owners.append(label.name)
                values.update(spec.values)
    for name, (owners, values) in by_name.items():
        lines.append(f"{name}\tArg:{'|'.join(owners)}, Value:{'|'.join(sorted(values))}")
    return "\n".join(lines) + "\n"
