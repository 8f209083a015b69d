"""Score the quotation rules on a reference file and print a table.

    python -m annotator.nlp.quotes_eval GOLD.jsonl [--lang de] [--limit N] [--errors]
    python -m annotator.nlp.quotes_eval SEED.gold.json [--no-entities]

GOLD.jsonl holds one article a line in the Wikinews quotation corpus shape (`text`, `spans`
with `label` QUOTE, `quote_type`, `speaker` {start, end, text}); only Direct quotations count.
A `.gold.json` reference (the seed article: `file`, `entities`, `quotes` with speaker names)
is read beside its text file; its entities are given to the speaker rules unless
`--no-entities`. The Wikinews files carry no entity spans, so there the rules propose names.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.nlp.evaluation import (
    Counts,
    QuotePart,
    SpeakerRef,
    compare,
    exact_scores,
    lenient_scores,
    speaker_accuracy,
)
from annotator.nlp.quoting import suggest_quotations

Article = tuple[str, list[QuotePart], list[tuple[int, int, str]]]


def read_jsonl(path: Path, *, quote_type: str = "Direct") -> Iterator[Article]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            gold = [
                _reference(span)
                for span in record.get("spans", [])
                if span.get("label") == "QUOTE" and span.get("quote_type", quote_type) == quote_type
            ]
            entities = [
                (s["start"], s["end"], s["label"])
                for s in record.get("spans", [])
                if s.get("label") != "QUOTE"
            ]
            yield record["text"], gold, entities


def _reference(span: dict[str, Any]) -> QuotePart:
    speaker = span.get("speaker")
    speakers = ()
    if speaker:
        speakers = (SpeakerRef(speaker.get("start"), speaker.get("end"), speaker.get("text", "")),)
    return QuotePart(span["start"], span["end"], speakers)


def read_seed(path: Path) -> Article:
    reference = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / reference["file"]).read_text(encoding="utf-8")
    gold = [
        QuotePart(
            q["start"],
            q["end"],
            (SpeakerRef(None, None, q["speaker"]),) if q.get("speaker") else (),
        )
        for q in reference["quotes"]
    ]
    entities = [(e["start"], e["end"], e["label"]) for e in reference.get("entities", [])]
    return text, gold, entities


def evaluate(
    articles: Sequence[Article] | Iterator[Article], *, language: str, use_entities: bool
) -> Counts:
    total = Counts()
    for text, gold, entities in articles:
        suggestions = suggest_quotations(
            text, entities=entities if use_entities else (), language=language
        )
        predicted: list[tuple[QuotePart, SpeakerRef | None]] = []
        for suggestion in suggestions:
            speaker = suggestion.speaker
            ref = None
            if speaker is not None:
                ref = SpeakerRef(speaker.start, speaker.end, speaker.text_in(text))
            for start, end in suggestion.quotation.parts:
                mention = speaker.mention if speaker is not None else None
                predicted.append((QuotePart(start, end, mention=mention), ref))
        total.add(compare(text, gold, predicted))
    return total


def table(counts: Counts) -> str:
    exact, lenient = exact_scores(counts), lenient_scores(counts)
    rows = [
        ("", "P", "R", "F1", "speaker acc."),
        (
            "exact",
            f"{exact.precision:.3f}",
            f"{exact.recall:.3f}",
            f"{exact.f1:.3f}",
            f"{speaker_accuracy(counts):.3f} ({counts.speaker_exact_right}/"
            f"{counts.speaker_exact_total})",
        ),
        (
            "lenient",
            f"{lenient.precision:.3f}",
            f"{lenient.recall:.3f}",
            f"{lenient.f1:.3f}",
            f"{speaker_accuracy(counts, lenient=True):.3f} ({counts.speaker_lenient_right}/"
            f"{counts.speaker_lenient_total})",
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.append(
        f"reference quotations {counts.gold}, predicted {counts.predicted}, "
        f"exact {counts.exact}, overlapping {counts.lenient}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotator.nlp.quotes_eval")
    parser.add_argument("gold", type=Path, help="a .jsonl corpus or a .gold.json reference")
    parser.add_argument("--lang", default="de", help="language of the rules (de, en)")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N articles")
    parser.add_argument("--no-entities", action="store_true", help="ignore entity spans")
    parser.add_argument("--errors", action="store_true", help="list wrong speakers")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"quotes_eval: no such file: {args.gold}", file=sys.stderr)
        return 2
    if args.gold.name.endswith(".gold.json"):
        articles: list[Article] = [read_seed(args.gold)]
    else:
        articles = list(read_jsonl(args.gold))
    if args.limit:
        articles = articles[: args.limit]
    counts = evaluate(articles, language=args.lang, use_entities=not args.no_entities)
    print(f"{args.gold.name}: {len(articles)} article(s), Direct quotations")
    print(table(counts))
    if args.errors:
        for quote, gold, predicted in counts.mistakes:
            print(f"  {quote!r}\n      reference: {gold}\n      predicted: {predicted}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
