"""`annotator predict`, `suggest`, `evaluate` and `model`: the model's side of the command line.

spaCy is imported (through `annotator.nlp`) only when one of these runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from annotator.cli.progress import progress_bar
from annotator.core.errors import InputError
from annotator.formats.textfile import iter_lines, read_text
from annotator.nlp import models
from annotator.nlp.evaluation import (
    Counts,
    QuotePart,
    SpeakerRef,
    compare,
    exact_scores,
    lenient_scores,
    speaker_accuracy,
)
from annotator.nlp.ner.scores import score_entities
from annotator.nlp.quotes_eval import table as quotes_table
from annotator.nlp.suggesting import as_span_dicts, suggest_texts
from annotator.services import suggesting
from annotator.services.library import ProjectSession
from annotator.services.user import current_annotator

Record = tuple[int, dict[str, Any]]


def read_records(path: Path) -> Iterator[Record]:
    """(line number, record) of a JSON lines file, or the whole of a text file as one record."""
    if path.suffix.lower() != ".jsonl":
        text = read_text(path)
        yield 1, {"id": path.name, "text": text}
        return
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", file=str(path)) from None
    with stream:
        for number, line, _ in iter_lines(stream, path):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    f"not valid JSON ({error.msg})", file=str(path), line=number
                ) from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(
                    'each line must be a JSON object with a "text" string',
                    file=str(path),
                    line=number,
                )
            yield number, record


def _check_input(path: Path) -> None:
    if not path.is_file():
        raise InputError("no such file", file=str(path))


def _count_lines(path: Path) -> int:
    if path.suffix.lower() != ".jsonl":
        return 1
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip())


# predict


def predict(args: argparse.Namespace) -> int:
    _check_input(args.input)
    model = models.load_model(args.model or models.default_spec(args.lang or "de"))
    total = _count_lines(args.input)
    output: Path | None = None if args.output == "-" else Path(args.output)
    if output is None:
        count = _predict(args.input, model, sys.stdout, total, args.lang)
    else:
        # Written beside the target and renamed at the end: bad input leaves no half file.
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=output.parent, suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                count = _predict(args.input, model, out, total, args.lang)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    where = "standard output" if output is None else str(output)
    print(f"Predicted {count:,} document(s) with {model.source} into {where}.", file=sys.stderr)
    return 0


def _predict(path: Path, model: models.LoadedModel, out: TextIO, total: int, lang: str) -> int:
    records: list[dict[str, Any]] = []

    def texts() -> Iterator[str]:
        for _, record in read_records(path):
            records.append(record)
            yield record["text"]

    count = 0
    with progress_bar("Predicting", unit="doc") as update:
        found = suggest_texts(model.nlp, texts(), language=lang or model.language)
        for count, suggestions in enumerate(found, start=1):
            record = records[count - 1]
            records[count - 1] = {}  # written: let it go
            record["spans"] = as_span_dicts(record["text"], suggestions)
            record["model"] = model.source
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            update(count, total)
    return count


# suggest


def suggest(args: argparse.Namespace) -> int:
    annotator = (args.annotator or "").strip() or current_annotator()
    with ProjectSession.open(args.project, annotator=annotator) as session:
        spec = args.model or suggesting.project_model(session)
        doc_ids = _names(args.docs) if args.docs else None
        if doc_ids is not None:
            missing = [d for d in doc_ids if not session.has_document(d)]
            if missing:
                raise InputError(f"--docs: no document {missing[0]!r} in {args.project}")
        with progress_bar("Suggesting", unit="doc") as update:
            counts = suggesting.suggest_documents(
                session, spec=spec, doc_ids=doc_ids, progress=update
            )
        source = models.load_model(spec).source
    print(f"Suggestions by {source} for {counts}.")
    return 0


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


# model


def model(args: argparse.Namespace) -> int:
    with ProjectSession.open(args.project, read_only=not args.spec) as session:
        if args.spec:
            choice = suggesting.set_project_model(session, args.spec)
            print(f"{session.name}: suggestions now come from {choice.title}.")
            return 0
        spec = suggesting.project_model(session)
        print(f"{session.name}: {spec}")
    installed = models.installed_packages()
    print("installed spaCy pipelines: " + (", ".join(installed) if installed else "none"))
    return 0


# evaluate


def evaluate(args: argparse.Namespace) -> int:
    _check_input(args.gold)
    model = models.load_model(args.model or models.default_spec(args.lang or "de"))
    language = args.lang or model.language
    records = [record for _, record in read_records(args.gold)]
    texts = [record["text"] for record in records]
    with progress_bar("Evaluating", unit="doc") as update:
        predicted = []
        for number, found in enumerate(suggest_texts(model.nlp, texts, language=language), 1):
            predicted.append(found)
            update(number, len(texts))
    if args.kind == "ner":
        figures = _ner(args.gold, records, predicted)
    else:
        figures = _quotes(records, predicted)
    figures = {"gold": str(args.gold), "model": model.source, "documents": len(records)} | figures
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"{args.gold.name}: {len(records):,} document(s), model {model.source}")
        print(figures.pop("table"))
    return 0


GOLD_LABELS = {"OTH": "MISC"}
"""GermEval 2014's names for our labels; its deriv/part labels ("deutsche" from Deutschland)
are no entities of ours and are left out."""


def _gold_label(label: str) -> str | None:
    if label == "QUOTE" or label.endswith(("deriv", "part")):
        return None
    return GOLD_LABELS.get(label, label)


def _ner(path: Path, records: list[dict[str, Any]], predicted: list) -> dict[str, Any]:
    gold = [
        [
            (s["start"], s["end"], label)
            for s in r.get("spans", [])
            if (label := _gold_label(str(s.get("label", "")))) is not None
        ]
        for r in records
    ]
    if not any(gold):
        raise InputError(
            "has no entity spans to compare with (for quotations: --kind quotes)", file=str(path)
        )
    scores = score_entities(gold, [list(p.entities) for p in predicted])

    def row(s: Any) -> dict[str, float | int]:
        return {
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "gold": s.gold,
            "predicted": s.predicted,
        }

    return {
        "kind": "ner",
        "per_label": {label: row(s) for label, s in scores.per_label.items()},
        "micro": row(scores.micro),
        "table": scores.table(),
    }


def _quotes(records: list[dict[str, Any]], predicted: list) -> dict[str, Any]:
    total = Counts()
    for record, found in zip(records, predicted, strict=True):
        text = record["text"]
        gold = [
            _reference(span)
            for span in record.get("spans", [])
            if span.get("label") == "QUOTE" and span.get("quote_type", "Direct") == "Direct"
        ]
        parts: list[tuple[QuotePart, SpeakerRef | None]] = []
        for suggestion in found.quotations:
            speaker = suggestion.speaker
            ref = SpeakerRef(speaker.start, speaker.end, speaker.text_in(text)) if speaker else None
            mention = speaker.mention if speaker is not None else None
            for start, end in suggestion.quotation.parts:
                parts.append((QuotePart(start, end, mention=mention), ref))
        total.add(compare(text, gold, parts))
    exact, lenient = exact_scores(total), lenient_scores(total)
    return {
        "kind": "quotes",
        "exact": {"precision": exact.precision, "recall": exact.recall, "f1": exact.f1},
        "lenient": {"precision": lenient.precision, "recall": lenient.recall, "f1": lenient.f1},
        "speaker_accuracy": speaker_accuracy(total),
        "speaker_accuracy_lenient": speaker_accuracy(total, lenient=True),
        "gold": total.gold,
        "predicted": total.predicted,
        "table": quotes_table(total),
    }


def _reference(span: dict[str, Any]) -> QuotePart:
    speaker = span.get("speaker")
    speakers: tuple[SpeakerRef, ...] = ()
    if isinstance(speaker, dict):
        speakers = (SpeakerRef(speaker.get("start"), speaker.get("end"), speaker.get("text", "")),)
    return QuotePart(span["start"], span["end"], speakers)
