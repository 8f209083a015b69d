"""Hugging Face token classification: JSON lines `{"id", "tokens", "ner_tags"}`, tags as ids.

The shape of the `conll2003` dataset on the Hub (without its POS and chunk columns), loadable
with `datasets.load_dataset("json", data_files=...)`. The tag names, whose positions are the
ids, are written to `labels.json` beside the file (`["O", "B-PER", "I-PER", ...]`, O and then B-
and I- of each label in the scheme's order); with a split one `labels.json` serves every split.
Words are spaCy's tokens (see `tokens`), tags BIO (see `bio` for what overlapping spans lose).
Not carried: the text's exact spacing and line breaks, meta, speaker links, attributes,
comments, states.

Read: `tokens` and `ner_tags` as ids (named by `labels.json` beside the file, or by the labels
of a `manifest.json` there) or as tag strings; the text is the words joined by spaces.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError, ValidationError
from annotator.core.model import AnnotatedDocument
from annotator.formats import native
from annotator.formats.bio import rebuild_text, spans_from_tags, tag_document, tag_names
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
from annotator.formats.tokens import TokenDoc, Tokens

NAME = "hf"
LABELS_FILE = "labels.json"


def sniff(head: bytes) -> int:
    keys = first_json_keys(head)
    return 2 if keys is not None and {"tokens", "ner_tags"} <= keys else 0


def write(
    records: Iterable[AnnotatedDocument], target: Path, context: ExportContext
) -> WriteReport:
    report = WriteReport()
    names = tag_names(context.scheme)
    labels_path = context.beside(LABELS_FILE)
    if labels_path is not None:
        with labels_path.open("x", encoding="utf-8", newline="\n") as out:
            json.dump(names, out, ensure_ascii=False)
            out.write("\n")

    def uncarried(record: AnnotatedDocument) -> None:
        report_uncarried(record, report)

    settings = (context.scheme, {name: index for index, name in enumerate(names)})
    return write_text_encoded(target, records, context, encode, settings, report, before=uncarried)


def encode(
    doc: TokenDoc, tokens: Tokens, policy: Misaligned, settings: Any
) -> tuple[str, WriteReport]:
    scheme, ids = settings
    report = WriteReport(documents=1)
    tagged = tag_document(doc, tokens, policy, scheme, report)
    item = {"id": doc.doc_id, "tokens": tagged.words, "ner_tags": [ids[t] for t in tagged.tags]}
    return json.dumps(item, ensure_ascii=False) + "\n", report


def read(path: Path, options: ReadOptions, *, name: str = "") -> Iterator[ReadItem]:
    names = _tag_names(path)

    def convert(data: Any) -> Any:
        return to_native(data, names)

    return native.read_lines(path, options, convert)


def to_native(data: Any, names: list[str] | None) -> Any:
    if not isinstance(data, Mapping):
        return data
    words, tags = data.get("tokens"), data.get("ner_tags")
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise ValidationError('"tokens" must be a list of non-empty strings')
    if not words:
        raise ValidationError('"tokens" is empty')
    if not isinstance(tags, list) or len(tags) != len(words):
        raise ValidationError(f'"ner_tags" must be a list as long as "tokens" ({len(words)})')
    tags = [_tag_name(tag, index, names) for index, tag in enumerate(tags, start=1)]
    text, offsets = rebuild_text([words])
    spans = [
        {"start": offsets[first][0], "end": offsets[last - 1][1], "label": label}
        for first, last, label in spans_from_tags(tags)
    ]
    meta = {k: v for k, v in data.items() if k not in ("id", "tokens", "ner_tags")}
    return {"id": data.get("id"), "text": text, "meta": meta, "spans": spans}


def _tag_name(tag: Any, index: int, names: list[str] | None) -> str:
    if isinstance(tag, str):
        return tag
    if type(tag) is not int:
        raise ValidationError(f"ner_tags {index}: {tag!r} is not a tag id or name")
    if names is None:
        raise ValidationError(
            f"ner_tags are ids but there is no {LABELS_FILE} beside the file to name them"
        )
    if not 0 <= tag < len(names):
        raise ValidationError(f"ner_tags {index}: id {tag} is out of range (0-{len(names) - 1})")
    return names[tag]


def _tag_names(path: Path) -> list[str] | None:
    """The tag names from labels.json beside the file, or from the manifest's labels."""
    labels, manifest = path.with_name(LABELS_FILE), path.with_name("manifest.json")
    try:
        if labels.is_file():
            names = json.loads(labels.read_text(encoding="utf-8"))
            if isinstance(names, list) and all(isinstance(n, str) for n in names):
                return names
            raise InputError("must be a JSON list of tag names", file=str(labels))
        if manifest.is_file():
            found = json.loads(manifest.read_text(encoding="utf-8")).get("labels")
            if isinstance(found, list) and all(isinstance(n, str) for n in found):
                return ["O", *(f"{p}-{label}" for label in found for p in ("B", "I"))]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as error:
        raise InputError(f"cannot read the tag names ({error})", file=str(labels)) from None
    return None
