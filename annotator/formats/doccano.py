"""doccano's JSON lines, in its two shapes for spans (see docs/formats.md):

    sequence labelling   {"id", "text", "label": [[start, end, "LABEL"], ...]}
    relation extraction  {"id", "text", "entities": [{"id", "label", "start_offset",
                          "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}

Offsets are Python string indices (code points), as in Annotator: an emoji counts one. doccano's
editor counts UTF-16 code units instead (an emoji two, doccano#2290), so the report names the
documents with such characters, whose spans doccano would show shifted.
Written: the sequence shape, until the first document with a speaker link; then the file so far
is rewritten in the relation shape (line by line, so memory stays constant) and the rest follows
in it, since doccano takes one shape a file. A speaker link is a relation of type "speaker"
from the quotation to its speaker. `meta` is written when the document has any.
Not carried: span attributes, comments, who made a span and when, document states.

Read: both shapes (and "labels" for "label", as older doccano wrote it). Relations of other
types have no place in Annotator: they are counted in the import's summary, not imported.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from annotator.core.errors import ValidationError
from annotator.core.model import SPEAKER, AnnotatedDocument
from annotator.formats import native
from annotator.formats.losses import report_uncarried
from annotator.formats.protocol import ExportContext, Loss, ReadItem, ReadOptions, WriteReport
from annotator.formats.sniffing import first_json_keys

NAME = "doccano"
OTHER_RELATIONS = "doccano relations other than speaker, not imported"
ASTRAL = (
    "documents with emoji or other characters beyond U+FFFF: offsets here are code points, "
    "doccano's editor counts such a character as two (doccano#2290)"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_OWN_KEYS = {"id", "text", "label", "labels", "entities", "relations", "meta"}


def sniff(head: bytes) -> int:
    keys = first_json_keys(head)
    if keys is None or keys & {"tokens", "spans", "ents", "ner_tags"}:
        return 0
    return 2 if keys & {"label", "labels", "entities"} else 0


# Reading


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    def convert(data: Any) -> Any:
        return to_native(data, options)

    return native.read_lines(path, options, convert)


def to_native(data: Any, options: ReadOptions) -> Any:
    if not isinstance(data, Mapping):
        return data  # parse_document says what is wrong
    if "entities" in data:
        spans = _entities(data, options)
    else:
        spans = _triples(data.get("label", data.get("labels")))
    meta = dict(data["meta"]) if isinstance(data.get("meta"), Mapping) else {}
    if isinstance(data.get("label"), list) and data["label"] and spans == []:
        meta.setdefault("label", data["label"])  # text classification: categories, kept
    for key, value in data.items():
        if key not in _OWN_KEYS:
            meta.setdefault(key, value)
    return {"id": data.get("id"), "text": data.get("text"), "meta": meta, "spans": spans}


def _triples(raw: Any) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValidationError('"label" must be a list of [start, end, "LABEL"]')
    if raw and all(isinstance(item, str) for item in raw):
        return []  # a text classification's categories (to_native keeps them in meta)
    spans = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, list) or len(item) != 3:
            raise ValidationError(f'label {index} must be a list [start, end, "LABEL"]')
        start, end, label = item
        spans.append({"start": start, "end": end, "label": label})
    return spans


def _entities(data: Mapping[str, Any], options: ReadOptions) -> list[dict[str, Any]]:
    raw = data.get("entities")
    if not isinstance(raw, list):
        raise ValidationError('"entities" must be a list')
    spans, by_id = [], {}
    for index, entity in enumerate(raw, start=1):
        if not isinstance(entity, Mapping):
            raise ValidationError(f"entity {index} must be an object")
        for key in ("start_offset", "end_offset", "label"):
            if key not in entity:
                raise ValidationError(f'entity {index} has no "{key}"')
        span = {"start": entity["start_offset"], "end": entity["end_offset"],
                "label": entity["label"]}  # fmt: skip
        if entity.get("id") is not None:
            if entity["id"] in by_id:
                raise ValidationError(f"entity {index}: id {entity['id']!r} is used twice")
            by_id[entity["id"]] = span
        spans.append(span)
    relations = data.get("relations") or []
    if not isinstance(relations, list):
        raise ValidationError('"relations" must be a list')
    for index, relation in enumerate(relations, start=1):
        if not _add_speaker(relation, index, by_id):
            options.notes[OTHER_RELATIONS] += 1
    return spans


def _add_speaker(relation: Any, index: int, by_id: dict[Any, dict[str, Any]]) -> bool:
    """Make a speaker relation a speaker of its quotation; False for other relations."""
    if not isinstance(relation, Mapping):
        raise ValidationError(f"relation {index} must be an object")
    for key in ("from_id", "to_id"):
        if relation.get(key) not in by_id:
            raise ValidationError(
                f"relation {index}: {key} {relation.get(key)!r} is not the id of an entity"
            )
    if str(relation.get("type", "")).lower() != SPEAKER:
        return False
    quote, speaker = by_id[relation["from_id"]], by_id[relation["to_id"]]
    if "speaker" in quote:
        raise ValidationError(f"relation {index}: the quotation has a speaker already")
    quote["speaker"] = {"start": speaker["start"], "end": speaker["end"]}
    return True


# Writing


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    report = WriteReport()
    with_relations = False
    ids = _Ids()
    out: TextIO = target.open("x", encoding="utf-8", newline="\n")
    try:
        for record in records:
            if record.relations and not with_relations:
                out.close()
                _rewrite_with_entities(target, ids)
                out = target.open("a", encoding="utf-8", newline="\n")
                with_relations = True
            item = _relation_item(record, ids) if with_relations else _label_item(record)
            out.write(json.dumps(item, ensure_ascii=False))
            out.write("\n")
            report.documents += 1
            for span in record.spans:
                report.wrote(span.label)
            report_uncarried(record, report, speakers=True)
            if record.spans and _ASTRAL.search(record.document.text):
                report.lose(ASTRAL, 1, Loss(record.document.id))
    finally:
        out.close()
    return report


def _label_item(record: AnnotatedDocument) -> dict[str, Any]:
    spans = sorted(record.spans, key=lambda s: (s.start, -s.end, s.label))
    # "label" before "text", so that a long text does not hide what the line is (sniffing).
    item: dict[str, Any] = {"id": record.document.id,
                            "label": [[s.start, s.end, s.label] for s in spans],
                            "text": record.document.text}  # fmt: skip
    if record.document.meta:
        item["meta"] = dict(record.document.meta)
    return item


class _Ids:
    """Running entity and relation ids, unique in the file (as doccano's are in a project)."""

    def __init__(self) -> None:
        self.entity = 0
        self.relation = 0

    def next_entity(self) -> int:
        self.entity += 1
        return self.entity

    def next_relation(self) -> int:
        self.relation += 1
        return self.relation


def _relation_item(record: AnnotatedDocument, ids: _Ids) -> dict[str, Any]:
    spans = sorted(record.spans, key=lambda s: (s.start, -s.end, s.label))
    number = {span.id: ids.next_entity() for span in spans}
    entities = [{"id": number[s.id], "label": s.label, "start_offset": s.start,
                 "end_offset": s.end} for s in spans]  # fmt: skip
    relations = [
        {"id": ids.next_relation(), "from_id": number[r.head], "to_id": number[r.tail],
         "type": SPEAKER}
        for r in record.relations
        if r.kind == SPEAKER and r.head in number and r.tail in number
    ]  # fmt: skip
    item: dict[str, Any] = {"id": record.document.id, "entities": entities,
                            "relations": relations, "text": record.document.text}  # fmt: skip
    if record.document.meta:
        item["meta"] = dict(record.document.meta)
    return item


def _rewrite_with_entities(target: Path, ids: _Ids) -> None:
    """Turn the lines written so far from the sequence shape into the relation shape."""
    temp = target.with_name(target.name + ".entities")
    with (
        target.open(encoding="utf-8") as old,
        temp.open("x", encoding="utf-8", newline="\n") as new,
    ):
        for line in old:
            item = json.loads(line)
            entities = [{"id": ids.next_entity(), "label": label, "start_offset": start,
                         "end_offset": end} for start, end, label in item.pop("label")]  # fmt: skip
            text = item.pop("text")
            rest = {key: item.pop(key) for key in list(item) if key != "id"}
            item.update(entities=entities, relations=[], text=text, **rest)
            new.write(json.dumps(item, ensure_ascii=False))
            new.write("\n")
    os.replace(temp, target)
