"""Annotator's own JSON lines format: one document a line, nothing lost (see docs/formats.md).

    {"id": "...", "text": "...", "meta": {...},
     "spans": [{"id", "start", "end", "label", "text", "annotator", "source", "model",
                "status", "attrs", "comment", "created", "modified",
                "speaker": {"id", "start", "end", "text",                # quotations only
                            "relation": {"id", "annotator", "created"}}}],
     "states": {"annotator": {"state": "done", "modified": "..."}, ...}}

Only `text` is required. A speaker is given by offsets (and optionally the id of its span); on
import it becomes a relation to the span at those offsets, or to a new span with the scheme's
speaker label when there is none. The shape matches `shared/data/quotes_wikinews/`. A state may
also be given as just its name (`{"anna": "done"}`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from annotator.core.clock import new_id, now
from annotator.core.errors import InputError, ValidationError
from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import (
    SPEAKER,
    AnnotatedDocument,
    Document,
    DocumentState,
    Relation,
    Source,
    Span,
    Status,
    text_hash,
)
from annotator.core.offsets import check_unicode
from annotator.core.validation import overlap_problems, span_problems
from annotator.formats.protocol import ExportContext, ReadItem, ReadOptions, WriteReport
from annotator.formats.sniffing import first_json_keys
from annotator.formats.textfile import iter_lines

NAME = "jsonl"
SPAN_KEYS = {
    "id", "start", "end", "label", "text", "annotator", "source", "model", "status", "attrs",
    "comment", "created", "modified", "speaker",
}  # fmt: skip
DOCUMENT_KEYS = {"id", "text", "meta", "spans", "states"}
# Top-level keys that mark another tool's JSON lines (Prodigy, displaCy, doccano, HF).
FOREIGN_KEYS = frozenset({"tokens", "ents", "answer", "_input_hash", "_task_hash", "label",
                          "labels", "entities", "ner_tags", "relations"})  # fmt: skip
# The enums' values as plain strings, looked up once: `Status.X.value` costs a property call,
# and an import reads hundreds of thousands of spans.
_HUMAN, _MODEL = Source.HUMAN.value, Source.MODEL.value
_PENDING, _ACCEPTED = Status.PENDING.value, Status.ACCEPTED.value
_STATUSES = frozenset(s.value for s in Status)
# A JSON escape of a UTF-16 surrogate: only such escapes can make a string that is not Unicode.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def sniff(head: bytes) -> int:
    """Sure for lines with our own span fields, possible for any JSON lines with "text"."""
    keys = first_json_keys(head)
    if keys is None or "text" not in keys:
        return 0
    if keys & FOREIGN_KEYS:
        return 0
    return 2 if keys & {"spans", "states"} else 1


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    """A document for each non-empty line of `path`."""
    return read_lines(path, options)


def read_lines(
    path: Path,
    options: ReadOptions,
    convert: Callable[[Any], Any] | None = None,
    decode: Callable[[str], Any] = json.loads,
) -> Iterator[ReadItem]:
    """A document for each non-empty JSON line of `path`; `convert` turns another tool's
    object into ours first (raising ValidationError for what it cannot take, None for a line
    to pass over), so that every JSON lines format is checked by `parse_document` and says
    the file and line alike. `decode` reads a line as `json.loads` does (or leaves out what
    the format does not need)."""
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    with stream:
        empty = True
        for number, line, done in iter_lines(stream, path):
            if not line.strip():
                continue
            empty = False
            try:
                data = decode(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    f"not valid JSON ({error.msg} at column {error.colno})",
                    file=str(path),
                    line=number,
                ) from None
            if _SURROGATE_ESCAPE.search(line) and (where := _lone_surrogate(data, "")):
                raise InputError(where, file=str(path), line=number)
            try:
                if convert is not None:
                    data = convert(data)
                    if data is None:  # a line the format says to pass over
                        continue
                record = parse_document(data, options, default_id=None)
            except (ValidationError, ValueError, TypeError) as error:
                raise InputError(str(error), file=str(path), line=number) from None
            yield ReadItem(record, str(path), number, done)
        if empty:
            raise InputError("the file is empty: there is no document to import", file=str(path))


def parse_document(data: Any, options: ReadOptions, *, default_id: str | None) -> AnnotatedDocument:
    """One document from its JSON object; raises ValidationError saying what is wrong."""
    if not isinstance(data, Mapping):
        raise ValidationError(f"a line must hold a JSON object, not {_kind(data)}")
    text = data.get("text")
    if not isinstance(text, str):
        raise ValidationError(
            'missing "text"' if text is None else f'"text" must be a string, not {_kind(text)}'
        )
    if not text.strip():
        raise ValidationError('"text" is empty')
    check_unicode(text)
    doc_id = data.get("id")
    if doc_id is None or doc_id == "":
        doc_id = default_id or f"doc-{text_hash(text)[:16]}"
    elif isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise ValidationError(f'"id" must be a string or a number, not {_kind(doc_id)}')
    doc_id = str(doc_id)
    meta = {} if data.get("meta") is None else data["meta"]
    if not isinstance(meta, Mapping):
        raise ValidationError(f'"meta" must be an object, not {_kind(meta)}')
    meta = dict(meta)
    for key, value in data.items():  # keep what we do not know, rather than lose it
        if key not in DOCUMENT_KEYS:
            meta.setdefault(key, value)
    document = Document(id=doc_id, text=text, meta=meta)

    raw_spans = [] if data.get("spans") is None else data["spans"]
    if not isinstance(raw_spans, list):
        raise ValidationError(f'"spans" must be a list, not {_kind(raw_spans)}')
    spans: list[Span] = []
    speakers: list[tuple[Span, Mapping[str, Any], int]] = []
    for index, raw in enumerate(raw_spans, start=1):
        span = _parse_span(raw, index, doc_id, text, options)
        spans.append(span)
        if raw.get("speaker"):
            speakers.append((span, raw["speaker"], index))
    relations = [
        _speaker_relation(quote, speaker, index, spans, text, options)
        for quote, speaker, index in speakers
    ]
    scheme = (
        options.scheme.with_labels(options.new_labels) if options.new_labels else options.scheme
    )
    problems = overlap_problems(spans, scheme)
    if problems:
        raise ValidationError(
            problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
        )
    return AnnotatedDocument(
        document=document,
        spans=tuple(spans),
        relations=tuple(relations),
        states=tuple(_parse_states(data.get("states"), doc_id)),
    )


def _parse_span(raw: Any, index: int, doc_id: str, text: str, options: ReadOptions) -> Span:
    where = f"span {index}"
    if not isinstance(raw, Mapping):
        raise ValidationError(f"{where} must be an object, not {_kind(raw)}")
    for key in ("start", "end", "label"):
        if key not in raw:
            raise ValidationError(f'{where} has no "{key}"')
    label = raw["label"]
    if not isinstance(label, str) or not label:
        raise ValidationError(f'{where}: "label" must be a non-empty string')
    attrs = {} if raw.get("attrs") is None else raw["attrs"]
    if not isinstance(attrs, Mapping):
        raise ValidationError(f'{where}: "attrs" must be an object')
    attrs = dict(attrs)
    for key, value in raw.items():  # fields of other tools (e.g. quote_type) are kept as attrs
        if key not in SPAN_KEYS:
            attrs.setdefault(key, value)
    source = raw.get("source") or _HUMAN
    if not isinstance(source, str) or source not in (_HUMAN, _MODEL):
        raise ValidationError(f'{where}: "source" must be "human" or "model", not {source!r}')
    status = raw.get("status") or (_PENDING if source == _MODEL else _ACCEPTED)
    if not isinstance(status, str) or status not in _STATUSES:
        raise ValidationError(
            f'{where}: "status" must be pending, accepted or rejected, not {status!r}'
        )
    created = _text_field(raw, "created", where) or now()
    span = Span(
        doc_id=doc_id,
        start=raw["start"],
        end=raw["end"],
        label=label,
        annotator=_text_field(raw, "annotator", where) or options.annotator,
        id=_id_field(raw, where),
        source=source,
        model=_text_field(raw, "model", where) or None,
        status=status,
        attrs=attrs,
        comment=_text_field(raw, "comment", where),
        created=created,
        modified=_text_field(raw, "modified", where) or created,
    )
    problems = span_problems(span, text, options.scheme)
    if label not in options.scheme and options.add_labels:
        options.new_labels.add(label)
        problems = [p for p in problems if not p.startswith("unknown label")]
    if problems:
        raise ValidationError(f"{where} ({label} {span.start}-{span.end}): " + "; ".join(problems))
    expected = raw.get("text")
    if expected is not None and expected != text[span.start : span.end]:
        raise ValidationError(
            f'{where} ({label} {span.start}-{span.end}): its "text" {expected!r} is not what '
            f"the offsets hold ({text[span.start : span.end]!r}); offsets may have shifted"
        )
    return span


def _speaker_relation(
    quote: Span,
    raw: Any,
    index: int,
    spans: list[Span],
    text: str,
    options: ReadOptions,
) -> Relation:
    where = f"span {index} ({quote.label} {quote.start}-{quote.end}): speaker"
    label = options.scheme.get(quote.label)  # None: a new label, which will be an entity
    if label is None or label.kind is not LabelKind.QUOTATION:
        raise ValidationError(f"{where}: only quotations have speakers, not {quote.label}")
    if not isinstance(raw, Mapping) or "start" not in raw or "end" not in raw:
        raise ValidationError(f'{where} must be an object with "start" and "end"')
    start, end = raw["start"], raw["end"]
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        raise ValidationError(
            f"{where} offsets {start!r}-{end!r} are out of range or empty "
            f"(the text has {len(text)} characters)"
        )
    if raw.get("text") is not None and raw["text"] != text[start:end]:
        raise ValidationError(
            f'{where}: its "text" {raw["text"]!r} is not what the offsets hold '
            f"({text[start:end]!r})"
        )
    target = _find_speaker_span(raw.get("id"), start, end, spans, options.scheme)
    if target is None:
        target = Span(
            doc_id=quote.doc_id,
            start=start,
            end=end,
            label=options.scheme.speaker_label,
            annotator=quote.annotator,
            source=quote.source,
            model=quote.model,
            status=quote.status,
            created=quote.created,
        )
        spans.append(target)
    link = {} if raw.get("relation") is None else raw["relation"]
    if not isinstance(link, Mapping):
        raise ValidationError(f'{where}: "relation" must be an object, not {_kind(link)}')
    relation = Relation(
        doc_id=quote.doc_id,
        head=quote.id,
        tail=target.id,
        annotator=_text_field(link, "annotator", where) or quote.annotator,
        kind=SPEAKER,
        id=_id_field(link, f"{where} relation"),
        created=_text_field(link, "created", where) or quote.created,
    )
    if relation.id in options.relation_ids:
        raise ValidationError(f"{where}: relation id {relation.id!r} is used twice in this import")
    options.relation_ids.add(relation.id)
    return relation


def _find_speaker_span(
    span_id: Any, start: int, end: int, spans: Iterable[Span], scheme: LabelScheme
) -> Span | None:
    candidates = [s for s in spans if s.start == start and s.end == end]
    for span in candidates:
        if span_id is not None and span.id == span_id:
            return span
    entities = [
        s
        for s in candidates
        if (lab := scheme.get(s.label)) is None or lab.kind is LabelKind.ENTITY
    ]
    entities.sort(key=lambda s: s.label != scheme.speaker_label)
    return entities[0] if entities else None


def _parse_states(raw: Any, doc_id: str) -> list[DocumentState]:
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        raise ValidationError('"states" must be an object {annotator: state}')
    states = []
    for annotator, value in raw.items():
        state, modified = value, None
        if isinstance(value, Mapping):
            state, modified = value.get("state"), value.get("modified")
        if modified is not None and not isinstance(modified, str):
            raise ValidationError(f'the state of {annotator!r}: "modified" must be a string')
        try:
            states.append(
                DocumentState(
                    doc_id=doc_id, annotator=annotator, state=state, modified=modified or now()
                )
            )
        except ValueError:
            raise ValidationError(
                f"state {state!r} of {annotator!r} is not one of new, in_progress, done, skipped"
            ) from None
    return states


def _text_field(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f'{where}: "{key}" must be a string, not {_kind(value)}')
    return value


def _id_field(raw: Mapping[str, Any], where: str) -> str:
    value = raw.get("id")
    if value is None or value == "":
        return new_id()
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(f'{where}: "id" must be a string or a number')
    return str(value)


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        float: "a decimal number",
    }.get(type(value), "null" if value is None else "a number")


def _lone_surrogate(value: Any, path: str) -> str | None:
    """Where in a JSON value a string holds a lone surrogate (not Unicode), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            return (
                f'"{path}" has a lone surrogate (U+{ord(value[error.start]):04X}) at offset '
                f"{error.start}: it is not valid Unicode"
            )
        return None
    children: Iterable[tuple[str, Any]] = ()
    if isinstance(value, Mapping):
        children = ((f"{path}.{key}" if path else key, item) for key, item in value.items())
        bad_key = next((k for k in value if _lone_surrogate(k, "") is not None), None)
        if bad_key is not None:
            return f"a key in {path or 'the line'} has a lone surrogate: it is not valid Unicode"
    elif isinstance(value, list):
        children = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    for child_path, item in children:
        if found := _lone_surrogate(item, child_path):
            return found
    return None


# Writing


def document_json(record: AnnotatedDocument) -> dict[str, Any]:
    text = record.document.text
    speaker_of = {r.head: r for r in record.relations if r.kind == SPEAKER}
    by_id = {s.id: s for s in record.spans}
    spans = []
    for span in record.spans:
        item: dict[str, Any] = {
            "id": span.id,
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "text": text[span.start : span.end],
            "annotator": span.annotator,
            "source": span.source.value,
        }
        if span.model:
            item["model"] = span.model
        item["status"] = span.status.value
        item["attrs"] = dict(span.attrs)
        item["comment"] = span.comment
        item["created"] = span.created
        item["modified"] = span.modified
        relation = speaker_of.get(span.id)
        if relation is not None and (speaker := by_id.get(relation.tail)) is not None:
            item["speaker"] = {
                "id": speaker.id,
                "start": speaker.start,
                "end": speaker.end,
                "text": text[speaker.start : speaker.end],
                "relation": {
                    "id": relation.id,
                    "annotator": relation.annotator,
                    "created": relation.created,
                },
            }
        spans.append(item)
    data: dict[str, Any] = {
        "id": record.document.id,
        "text": text,
        "meta": dict(record.document.meta),
        "spans": spans,
    }
    if record.states:
        data["states"] = {
            s.annotator: {"state": s.state.value, "modified": s.modified} for s in record.states
        }
    return data


def write_stream(records: Iterable[AnnotatedDocument], out: TextIO) -> WriteReport:
    """Write each document as one line: everything, so nothing is reported lost."""
    report = WriteReport()
    for record in records:
        out.write(json.dumps(document_json(record), ensure_ascii=False))
        out.write("\n")
        report.documents += 1
        for span in record.spans:
            report.wrote(span.label)
    return report


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    with target.open("x", encoding="utf-8", newline="\n") as out:
        return write_stream(records, out)
