"""Label Studio's JSON export: a list of tasks, each with its annotations and predictions.

    [{"id": 1, "data": {"text": "...", "doc_id": "...", "meta": {...}},
      "annotations": [{"id": 1, "created_username": "anna",
                       "result": [{"id": "r1", "from_name": "label", "to_name": "text",
                                   "type": "labels", "origin": "manual",
                                   "value": {"start": 0, "end": 13, "text": "Angela Merkel",
                                             "labels": ["PER"]}},
                                  {"type": "relation", "from_id": "r2", "to_id": "r1",
                                   "direction": "right", "labels": ["speaker"]}], ...}],
      "predictions": [{"model_version": "...", "result": [...]}]}, ...]

One annotation per annotator (named by `created_username`: Label Studio refuses an import
whose `completed_by` names a user it lacks); pending suggestions are predictions (one per
model). Offsets are code points, as Label Studio stores them since its fix of emoji offsets
(label-studio#1559). A span's comment is the region's `meta.text`, an attribute a per-region
`choices` result with the region's id (`from_name` the attribute). The labelling configuration
that shows all this is written beside the file (label-studio-config.xml).

The array is written one task at a time and read one task at a time (a small incremental
parser over `json.JSONDecoder.raw_decode`), so neither holds the whole file. Not carried:
document states, who made a span and when (times are the annotation's), rejected suggestions.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import quoteattr

from annotator.core.errors import InputError, ValidationError
from annotator.core.labels import LabelScheme
from annotator.core.model import SPEAKER, AnnotatedDocument, Span, Status
from annotator.formats import native
from annotator.formats.losses import report_uncarried
from annotator.formats.protocol import ExportContext, Loss, ReadItem, ReadOptions, WriteReport
from annotator.formats.sniffing import is_json_array
from annotator.formats.textfile import SNIFF_BYTES, check_not_binary

NAME = "label-studio"
CONFIG = "label-studio-config.xml"
REJECTED = "rejected suggestions (Label Studio has no place for them)"
ODD_ATTRIBUTES = "span attributes that are not text"
NOT_IMPORTED = "Label Studio results other than labels, speaker relations and per-region choices"
_CHUNK = 1 << 16
_BLANK = re.compile(r"[ \t\r\n]*")


def sniff(head: bytes) -> int:
    if not is_json_array(head):
        return 0
    return 2 if b'"data"' in head and (b'"annotations"' in head or b'"predictions"' in head) else 1


# Writing


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    report = WriteReport()
    config = context.beside(CONFIG)
    if config is not None:
        config.write_text(labelling_config(context.scheme), encoding="utf-8")
    with target.open("x", encoding="utf-8", newline="\n") as out:
        out.write("[")
        for number, record in enumerate(records, start=1):
            task = _task(number, record, report)
            out.write("\n" if number == 1 else ",\n")
            out.write(json.dumps(task, ensure_ascii=False))
            report.documents += 1
            report_uncarried(record, report, speakers=True, attributes=True, comments=True)
        out.write("\n]\n")
    return report


def _task(number: int, record: AnnotatedDocument, report: WriteReport) -> dict:
    document = record.document
    data: dict[str, Any] = {"text": document.text, "doc_id": document.id}
    if document.meta:
        data["meta"] = dict(document.meta)
    by_person: dict[str, list[Span]] = {}
    by_model: dict[str, list[Span]] = {}
    for span in sorted(record.spans, key=lambda s: (s.start, -s.end, s.label)):
        if span.status is Status.REJECTED:
            report.lose(
                REJECTED, 1, Loss(document.id, span.id, span.label, span.text_in(document.text))
            )
        elif span.status is Status.PENDING:
            by_model.setdefault(span.model or "suggestions", []).append(span)
        else:
            by_person.setdefault(span.annotator, []).append(span)
    annotations = []
    for person, spans in by_person.items():
        # Not "completed_by": Label Studio refuses an import naming a user it does not have
        # (label-studio#1184), and gives an annotation without one to the importing user.
        annotations.append({
            "id": number * 1000 + len(annotations) + 1,
            "created_username": person,
            "result": _results(spans, record, report),
            "was_cancelled": False,
            "ground_truth": False,
            "created_at": min(s.created for s in spans),
            "updated_at": max(s.modified for s in spans),
        })  # fmt: skip
    predictions = [{"model_version": model, "result": _results(spans, record, report)}
                   for model, spans in by_model.items()]  # fmt: skip
    return {"id": number, "data": data, "annotations": annotations, "predictions": predictions}


def _results(spans: list[Span], record: AnnotatedDocument, report: WriteReport) -> list[dict]:
    text = record.document.text
    results: list[dict[str, Any]] = []
    ids = {span.id for span in spans}
    for span in spans:
        value = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
        region: dict[str, Any] = {"id": span.id, "from_name": "label", "to_name": "text",
                                  "type": "labels", "origin": "manual",
                                  "value": {**value, "labels": [span.label]}}  # fmt: skip
        if span.comment:
            region["meta"] = {"text": [span.comment]}
        results.append(region)
        report.wrote(span.label)
        for name, choice in span.attrs.items():
            if not isinstance(choice, str):
                loss = Loss(record.document.id, span.id, span.label, f"{name}={choice!r}")
                report.lose(ODD_ATTRIBUTES, 1, loss)
                continue
            results.append({"id": span.id, "from_name": name, "to_name": "text", "type": "choices",
                            "value": {**value, "choices": [choice]}})  # fmt: skip
    for relation in record.relations:
        if relation.kind == SPEAKER and relation.head in ids and relation.tail in ids:
            results.append({"from_id": relation.head, "to_id": relation.tail, "type": "relation",
                            "direction": "right", "labels": [SPEAKER]})  # fmt: skip
    return results


def labelling_config(scheme: LabelScheme) -> str:
    """A Label Studio labelling configuration for the scheme: labels with their colours, the
    speaker relation, a per-region choice for each attribute with a fixed set of values."""
    lines = ["<View>", '  <Relations>', f'    <Relation value="{SPEAKER}"/>', "  </Relations>",
             '  <Labels name="label" toName="text">']  # fmt: skip
    for label in scheme.labels:
        lines.append(
            f"    <Label value={quoteattr(label.name)} background={quoteattr(label.colour)}/>"
        )
    lines.append("  </Labels>")
    lines.append('  <Text name="text" value="$text"/>')
    for label in scheme.labels:
        for spec in label.attributes:
            if not spec.values:
                continue
            lines.append(f'  <Choices name={quoteattr(spec.name)} toName="text" perRegion="true" '
                         f"whenLabelValue={quoteattr(label.name)}>")  # fmt: skip
            lines.extend(f"    <Choice value={quoteattr(v)}/>" for v in spec.values)
            lines.append("  </Choices>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


# Reading


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    with stream:
        count = 0
        reader = _ArrayReader(stream, path)
        for task, line in reader.items():
            count += 1
            try:
                record = native.parse_document(to_native(task, options), options, default_id=None)
            except (ValidationError, ValueError, TypeError) as error:
                raise InputError(f"task {count}: {error}", file=str(path), line=line) from None
            yield ReadItem(record, str(path), line, reader.done)
        if count == 0:
            raise InputError("the file is empty: there is no task to import", file=str(path))


class _ArrayReader:
    """The elements of a JSON array read in pieces, each with the line it starts on."""

    def __init__(self, stream: BinaryIO, path: Path) -> None:
        self.stream = stream
        self.path = path
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.line = 1
        """The line of `text[pos]`."""
        self.done = 0
        self.first = True

    def _more(self) -> bool:
        """Read more of the file (as much again as is held, so a long element costs linear
        time); False at its end."""
        data = self.stream.read(max(_CHUNK, len(self.text) - self.pos))
        if self.first:
            check_not_binary(data[:SNIFF_BYTES], self.path)
            data = data.removeprefix(b"\xef\xbb\xbf")
            self.first = False
        elif b"\x00" in data:
            check_not_binary(data, self.path, self.line)
        self.done += len(data)
        try:
            decoded = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            line = self.line + self.text.count("\n", self.pos) + data.count(b"\n", 0, error.start)
            raise InputError(
                f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
                file=str(self.path), line=line,
            ) from None  # fmt: skip
        self.text = self.text[self.pos :] + decoded
        self.pos = 0
        return bool(data)

    def _skip_blank(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            end = _BLANK.match(self.text, self.pos).end()  # type: ignore[union-attr]
            self.line += self.text.count("\n", self.pos, end)
            self.pos = end
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._more():
                return ""

    def _fail(self, message: str, line: int | None = None) -> InputError:
        return InputError(message, file=str(self.path), line=line or self.line)

    def items(self) -> Iterator[tuple[Any, int]]:
        char = self._skip_blank()
        if char == "":
            return
        if char != "[":
            raise self._fail("a Label Studio export is a JSON list of tasks: [{...}, ...]")
        self.pos += 1
        char = self._skip_blank()
        while char != "]":
            if char == "":
                raise self._fail("the file ends inside the list of tasks (is it cut off?)")
            line = self.line
            yield self._value(), line
            char = self._skip_blank()
            if char == ",":
                self.pos += 1
                char = self._skip_blank()
            elif char not in ("]", ""):
                raise self._fail(f"expected , or ] after a task, not {char!r}")
        self.pos += 1
        if self._skip_blank():
            raise self._fail("there is more after the list of tasks")

    def _value(self) -> Any:
        while True:
            try:
                value, end = json.JSONDecoder().raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                line = self.line + self.text.count("\n", self.pos, error.pos)
                if self._more():
                    continue
                raise self._fail(f"not valid JSON ({error.msg})", line) from None
            self.line += self.text.count("\n", self.pos, end)
            self.pos = end
            return value


def to_native(task: Any, options: ReadOptions) -> dict[str, Any]:
    if not isinstance(task, Mapping):
        raise ValidationError("a task must be a JSON object")
    data = task.get("data")
    if not isinstance(data, Mapping):
        raise ValidationError('missing "data" (with the task\'s "text")')
    meta = dict(data["meta"]) if isinstance(data.get("meta"), Mapping) else {}
    for key, value in data.items():
        if key not in ("text", "doc_id", "meta"):
            meta.setdefault(key, value)
    doc_id = data.get("doc_id", task.get("id"))
    spans: list[dict[str, Any]] = []
    for index, annotation in enumerate(_list(task, "annotations"), start=1):
        if not isinstance(annotation, Mapping):
            raise ValidationError(f"annotation {index} must be an object")
        who = _annotator(annotation, options)
        spans += _regions(_list(annotation, "result"), {"annotator": who}, options)
    for prediction in _list(task, "predictions"):
        if not isinstance(prediction, Mapping):
            raise ValidationError("a prediction must be an object")
        model = prediction.get("model_version")
        fields = {"source": "model", "status": "pending",
                  "model": str(model) if model not in (None, "") else None}  # fmt: skip
        spans += _regions(_list(prediction, "result"), fields, options)
    return {"id": doc_id, "text": data.get("text"), "meta": meta, "spans": spans}


def _list(owner: Mapping[str, Any], key: str) -> list[Any]:
    value = owner.get(key) or []
    if not isinstance(value, list):
        raise ValidationError(f'"{key}" must be a list')
    return value


def _annotator(annotation: Mapping[str, Any], options: ReadOptions) -> str:
    """Who made an annotation: `completed_by` (a user object's email, or an id), else
    `created_username` ("EMAIL, ID" as Label Studio exports it), else the importing user."""
    raw = annotation.get("completed_by")
    if isinstance(raw, Mapping):
        raw = raw.get("email") or raw.get("id")
    if isinstance(raw, str) and raw:
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return f"label-studio-{raw}"
    name = annotation.get("created_username")
    if isinstance(name, str) and name.strip():
        return re.sub(r", \d+$", "", name.strip())
    return options.annotator


def _regions(results: list[Any], fields: dict[str, Any], options: ReadOptions) -> list[dict]:
    regions: dict[str, list[dict[str, Any]]] = {}
    spans: list[dict[str, Any]] = []
    later = []
    for number, result in enumerate(results, start=1):
        if not isinstance(result, Mapping):
            raise ValidationError(f"result {number} must be an object")
        kind = result.get("type")
        if kind == "labels":
            value = result.get("value")
            if not isinstance(value, Mapping) or not isinstance(value.get("labels"), list):
                raise ValidationError(f'result {number}: "value" needs "start", "end", "labels"')
            made = []
            for label in value["labels"]:
                span = {"start": value.get("start"), "end": value.get("end"), "label": label,
                        **fields}  # fmt: skip
                if value.get("text") is not None:
                    span["text"] = value["text"]
                comments = (result.get("meta") or {}).get("text") if isinstance(
                    result.get("meta"), Mapping) else None  # fmt: skip
                if isinstance(comments, list) and comments:
                    span["comment"] = "\n".join(str(c) for c in comments)
                made.append(span)
            spans.extend(made)
            if result.get("id") is not None:
                regions.setdefault(str(result["id"]), []).extend(made)
        else:
            later.append((number, result))
    for number, result in later:
        kind = result.get("type")
        region = regions.get(str(result.get("id")))
        if kind == "choices" and region:
            choices = (result.get("value") or {}).get("choices")
            if isinstance(choices, list) and len(choices) == 1:
                for span in region:
                    span.setdefault("attrs", {})[str(result.get("from_name"))] = choices[0]
                continue
        if kind == "relation" and [str(x).lower() for x in result.get("labels") or []] == [SPEAKER]:
            ends = [regions.get(str(result.get(key))) for key in ("from_id", "to_id")]
            if not all(ends):
                raise ValidationError(f"result {number}: the relation's from_id or to_id is not "
                                      "a region of this annotation")  # fmt: skip
            quote, speaker = ends if result.get("direction") != "left" else ends[::-1]
            for span in quote:  # type: ignore[union-attr]
                span["speaker"] = {"start": speaker[0]["start"], "end": speaker[0]["end"]}  # type: ignore[index]
            continue
        options.notes[NOT_IMPORTED] += 1
    return spans
