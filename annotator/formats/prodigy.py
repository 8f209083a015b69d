"""Prodigy's JSON lines tasks: `text`, `tokens`, `spans` with character and token offsets.

Written, one task a document, as Prodigy's `ner.manual`, `spans.manual` and `rel.manual`
recipes save them (`prodigy db-in` takes the file; Prodigy adds its hashes):

    {"id": "...", "text": "...", "meta": {...},
     "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label", "text"}],
     "relations": [{"head", "child", "head_span", "child_span", "label": "SPEAKER"}],
     "answer": "accept"}

Tokens are spaCy's (see `tokens`), whitespace tokens included as Prodigy has them;
`token_end` is inclusive. Nested and overlapping spans are written as they are. A speaker link
is a relation from the quotation (head) to its speaker (child); `head` and `child` are the last
tokens of the two spans. Not carried: attributes, comments, who made a span and when, states.

Read: `text` and `spans` (character offsets; tokens are not needed), tasks answered "accept"
or not answered; those answered "reject" or "ignore" are passed over and counted. The document
id is `id` (or else `meta.id`); `_annotator_id` names the annotator of the spans; SPEAKER
relations become speaker links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from json.encoder import encode_basestring as json_string
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.model import AnnotatedDocument
from annotator.formats import native
from annotator.formats.losses import report_uncarried
from annotator.formats.parallel import write_text_encoded
from annotator.formats.protocol import (
    ExportContext,
    Misaligned,
    ReadItem,
    ReadOptions,
    WriteReport,
)
from annotator.formats.sniffing import first_json_keys
from annotator.formats.tokens import Alignment, TokenDoc, Tokens

NAME = "prodigy"
SPEAKER_RELATION = "SPEAKER"
SKIPPED = "Prodigy tasks answered reject or ignore, not imported"
_OWN_KEYS = {"text", "tokens", "spans", "relations", "answer", "meta", "id", "_input_hash",
             "_task_hash", "_view_id", "_session_id", "_timestamp", "_annotator_id"}  # fmt: skip


def sniff(head: bytes) -> int:
    keys = first_json_keys(head)
    if keys is None or "ner_tags" in keys:
        return 0
    return 2 if keys & {"answer", "_input_hash", "_task_hash", "tokens"} else 0


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    report = WriteReport()

    def uncarried(record: AnnotatedDocument) -> None:
        report_uncarried(record, report, speakers=True, meta=True)

    return write_text_encoded(
        target, records, context, encode, context.scheme, report, before=uncarried
    )


def encode(
    doc: TokenDoc, tokens: Tokens, policy: Misaligned, settings: Any
) -> tuple[str, WriteReport]:
    report = WriteReport(documents=1)
    text = doc.text
    alignment = Alignment(doc, tokens, policy, report)
    spans, by_id = [], {}
    for span_id, first, last, label, start, end in alignment.align_all(settings):
        item = {"start": start, "end": end, "token_start": first, "token_end": last - 1,
                "label": label, "text": text[start:end]}  # fmt: skip
        by_id[span_id] = item
        spans.append(item)
        report.wrote(label)
    relations = []
    for head, tail in doc.links:
        if head in by_id and tail in by_id:
            quote, speaker = by_id[head], by_id[tail]
            relations.append({
                "head": quote["token_end"],
                "child": speaker["token_end"],
                "head_span": _span_ref(quote),
                "child_span": _span_ref(speaker),
                "label": SPEAKER_RELATION,
            })  # fmt: skip
    head = json.dumps({"id": doc.doc_id, "text": text, "meta": doc.meta}, ensure_ascii=False)
    tail: dict[str, Any] = {"spans": spans}
    if relations:
        tail["relations"] = relations
    tail["answer"] = "accept"
    # The tokens as json.dumps writes them, made here: a third of the time of the whole export.
    quoted = json_string
    words = ", ".join([
        f'{{"text": {quoted(text[s:e])}, "start": {s}, "end": {e}, "id": {i}, "ws": {_JSON[ws]}}}'
        for i, (s, e, ws) in enumerate(
            zip(tokens.starts, tokens.ends, tokens.space_after, strict=True))
    ])  # fmt: skip
    tail_json = json.dumps(tail, ensure_ascii=False)
    return f'{head[:-1]}, "tokens": [{words}], {tail_json[1:]}\n', report


_JSON = {True: "true", False: "false"}


def _span_ref(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in ("start", "end", "token_start", "token_end", "label")}


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    def convert(data: Any) -> Any:
        return to_native(data, options)

    return native.read_lines(path, options, convert, decode=without_tokens)


def without_tokens(line: str) -> Any:
    """`json.loads(line)`, with "tokens" null: a task's tokens (most of a line, and of the
    time to read it) are not needed. Where the end of the array cannot be told for certain
    from counting characters, the line is read whole."""
    start = line.find(_TOKENS)
    end = line.find("}]", start) + 2
    if start < 0 or end < 2:
        return json.loads(line)
    # It ends there when, escapes left out, its quotes pair up (the "}]" is not in a string)
    # and it holds no other "[" or "]" (not even in a string: such a line is read whole).
    tokens = line[start + len(_KEY) : end]
    if "\\" in tokens:
        tokens = _ESCAPE.sub("", tokens)
    if tokens.count("[") == 1 and tokens.count("]") == 1 and tokens.count('"') % 2 == 0:
        try:
            data = json.loads(f"{line[:start]}{_KEY}null{line[end:]}")
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and "tokens" in data and data["tokens"] is None:
            return data
    return json.loads(line)


_KEY = '"tokens": '
_TOKENS = _KEY + "[{"
_ESCAPE = re.compile(r"\\.")


def to_native(data: Any, options: ReadOptions) -> Any:
    if not isinstance(data, Mapping):
        return data
    answer = data.get("answer", "accept")
    if answer in ("reject", "ignore"):
        options.notes[SKIPPED] += 1
        return None
    if answer != "accept":
        raise ValidationError(f'"answer" must be accept, reject or ignore, not {answer!r}')
    raw_spans = data.get("spans") or []
    if not isinstance(raw_spans, list):
        raise ValidationError('"spans" must be a list')
    annotator = data.get("_annotator_id")
    spans = []
    for index, raw in enumerate(raw_spans, start=1):
        if not isinstance(raw, Mapping):
            raise ValidationError(f"span {index} must be an object")
        span = {key: raw[key] for key in ("start", "end", "label", "text") if key in raw}
        if isinstance(annotator, str) and annotator:
            span["annotator"] = annotator
        spans.append(span)
    for index, relation in enumerate(data.get("relations") or [], start=1):
        _add_speaker(relation, index, spans)
    meta = dict(data["meta"]) if isinstance(data.get("meta"), Mapping) else {}
    doc_id = data.get("id", meta.get("id"))
    for key, value in data.items():
        if key not in _OWN_KEYS:
            meta.setdefault(key, value)
    return {"id": doc_id, "text": data.get("text"), "meta": meta, "spans": spans}


def _add_speaker(relation: Any, index: int, spans: list[dict[str, Any]]) -> None:
    if not isinstance(relation, Mapping) or str(relation.get("label", "")).upper() != "SPEAKER":
        return  # other relations have no place in Annotator's model
    head, child = relation.get("head_span"), relation.get("child_span")
    if not isinstance(head, Mapping) or not isinstance(child, Mapping):
        raise ValidationError(f'relation {index}: "head_span" and "child_span" are needed')
    wanted = (head.get("start"), head.get("end"), head.get("label"))
    quote = next(
        (s for s in spans if (s.get("start"), s.get("end"), s.get("label")) == wanted), None
    )
    if quote is None:
        raise ValidationError(f"relation {index}: its head_span is not one of the spans")
    quote["speaker"] = {"start": child.get("start"), "end": child.get("end")}
