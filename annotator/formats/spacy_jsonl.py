"""spaCy's and displaCy's JSON lines: `{"text", "ents": [{"start", "end", "label"}]}`.

The shape displaCy's manual mode renders and that scripts turn into `Doc.ents` with
`doc.char_span`. Offsets are Python string indices, as in Annotator; nested and overlapping
spans are written as they are (a script making `Doc.ents` of them must choose). Also written:
`id`, and `meta` (with `title`) when the document has any; read back when present. Not carried:
speaker links, span attributes, comments, who made a span and when, document states.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.model import AnnotatedDocument
from annotator.formats import native
from annotator.formats.losses import DUPLICATES, report_uncarried
from annotator.formats.protocol import ExportContext, Loss, ReadItem, ReadOptions, WriteReport
from annotator.formats.sniffing import first_json_keys

NAME = "spacy-jsonl"


def sniff(head: bytes) -> int:
    keys = first_json_keys(head)
    if keys is None:
        return 0
    return 2 if "ents" in keys and "tokens" not in keys else 0


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    return native.read_lines(path, options, to_native)


def to_native(data: Any) -> Any:
    if not isinstance(data, Mapping):
        return data  # parse_document says what is wrong
    ents = data.get("ents", [])
    if not isinstance(ents, list):
        raise ValidationError('"ents" must be a list')
    spans = []
    for index, ent in enumerate(ents, start=1):
        if not isinstance(ent, Mapping):
            raise ValidationError(f"ent {index} must be an object")
        spans.append({key: ent[key] for key in ("start", "end", "label") if key in ent})
    meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else {}
    meta = dict(meta)
    for key, value in data.items():
        if key not in ("text", "ents", "id", "meta"):
            meta.setdefault(key, value)
    return {"id": data.get("id"), "text": data.get("text"), "meta": meta, "spans": spans}


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    report = WriteReport()
    with target.open("x", encoding="utf-8", newline="\n") as out:
        for record in records:
            ents, seen = [], set()
            for span in sorted(record.spans, key=lambda s: (s.start, -s.end, s.label)):
                key = (span.start, span.end, span.label)
                if key in seen:
                    text = record.document.text[span.start : span.end]
                    report.lose(DUPLICATES, 1, Loss(record.document.id, span.id, span.label, text))
                    continue
                seen.add(key)
                ents.append({"start": span.start, "end": span.end, "label": span.label})
                report.wrote(span.label)
            item: dict[str, Any] = {"id": record.document.id, "text": record.document.text,
                                    "ents": ents}  # fmt: skip
            if record.document.meta:
                item["meta"] = dict(record.document.meta)
            out.write(json.dumps(item, ensure_ascii=False))
            out.write("\n")
            report.documents += 1
            report_uncarried(record, report)
    return report
