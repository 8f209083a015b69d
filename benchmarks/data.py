"""The input of the benchmarks: real German news articles, copied to any number of documents.

Each copy gets a unique id and its own spans: entities (PER, LOC, ORG, MISC) on whole words that
never overlap each other, and a few quotations, some with a speaker that is one of the PER
spans. Everything is drawn from one seeded generator, so every run reads the same file.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO.parent / "shared" / "data" / "news" / "articles.jsonl"
SEED = 20261125
ANNOTATOR = "bench"
CREATED = "2026-01-15T09:30:00.000Z"
ENTITY_LABELS = ("PER", "LOC", "ORG", "MISC")
QUOTE_TYPES = ("Direct", "Indirect", "Reported")
_WORD = re.compile(r"\w+(?:[-.']\w+)*")


def missing_input() -> str | None:
    """Why the benchmarks cannot run here, or None when the articles are present."""
    if not ARTICLES.is_file():
        return f"the news articles are missing ({ARTICLES})"
    return None


def load_articles() -> list[dict[str, Any]]:
    """The articles, each with the (start, end) of its words."""
    articles = []
    with ARTICLES.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                article = json.loads(line)
                article["words"] = [m.span() for m in _WORD.finditer(article["text"])]
                articles.append(article)
    return articles


def documents(
    articles: list[dict[str, Any]], count: int, *, spans_per_document: int, seed: int = SEED
) -> Iterator[dict[str, Any]]:
    """`count` native JSONL documents, cycling through the articles."""
    rng = random.Random(seed)
    for n in range(count):
        article = articles[n % len(articles)]
        doc_id = f"{article['id']}~{n // len(articles)}"
        document: dict[str, Any] = {
            "id": doc_id,
            "text": article["text"],
            "meta": article["meta"],
            "spans": _spans(rng, doc_id, article, spans_per_document),
        }
        if n % 3 == 0:
            document["states"] = {ANNOTATOR: "done" if n % 2 else "in_progress"}
        yield document


def write_jsonl(path: Path, records: Iterator[dict[str, Any]]) -> tuple[int, int]:
    """Write the documents as JSON lines; returns (documents, spans)."""
    documents = spans = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")
            documents += 1
            spans += len(record["spans"])
    return documents, spans


def _spans(
    rng: random.Random, doc_id: str, article: dict[str, Any], total: int
) -> list[dict[str, Any]]:
    """`total` spans: up to 85% entities on distinct words, the rest quotations (which may
    overlap anything, so short articles still get all their spans)."""
    text, words = article["text"], article["words"]
    entities = min(len(words), total - max(1, total * 3 // 20))
    chosen = sorted(rng.sample(range(len(words)), entities))
    taken = set(chosen)
    spans: list[dict[str, Any]] = []
    for k, index in enumerate(chosen):
        last = index + 1 if index + 1 < len(words) and index + 1 not in taken else index
        if last != index and rng.random() < 0.3:  # two-word names: "Wolfgang Katzian"
            taken.add(last)
        else:
            last = index
        label = "PER" if k == 0 else rng.choice(ENTITY_LABELS)
        spans.append(_span(f"{doc_id}/e{k}", text, words[index][0], words[last][1], label))
    speaker = spans[0] if spans else None
    for k in range(total - len(spans)):
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randint(2, 15))
        quote = _span(f"{doc_id}/q{k}", text, words[first][0], words[last][1], "QUOTE")
        quote["attrs"] = {"type": rng.choice(QUOTE_TYPES)}
        if speaker is not None and k % 2 == 0:
            quote["speaker"] = {
                key: speaker[key] for key in ("id", "start", "end", "text")
            }  # an existing PER span: the import links it and adds no span
        spans.append(quote)
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    return spans


def _span(span_id: str, text: str, start: int, end: int, label: str) -> dict[str, Any]:
    # The shape `annotator export` writes.
    return {
        "id": span_id,
        "start": start,
        "end": end,
        "label": label,
        "text": text[start:end],
        "annotator": ANNOTATOR,
        "source": "human",
        "status": "accepted",
        "attrs": {},
        "comment": "",
        "created": CREATED,
        "modified": CREATED,
    }
