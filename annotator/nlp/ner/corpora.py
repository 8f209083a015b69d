"""The training corpora: where they are, how their labels map to PER, LOC, ORG and MISC.

Only corpora under CC BY may shape the shipped weights (see `../shared/data/README.md`):
GermEval 2014 (its `test.jsonl` trains, `dev.jsonl` tunes and is never trained on), MobIE,
SmartData and Sturm, plus the raw text of the Wikinews articles (ids `wikinews-...`) as
unlabelled text. A label mapped to None is dropped: its words count as outside any entity.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LABELS = ("PER", "LOC", "ORG", "MISC")

GERMEVAL = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
MOBIE = {"person": "PER", "location": "LOC", "organization": "ORG"}
SMARTDATA = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
STURM = {"pers": "PER", "place": "LOC"}
# Our labels each extra corpus does not annotate at all.
MISSING = {"mobie": {"MISC"}, "smartdata": {"MISC"}, "sturm": {"ORG", "MISC"}}


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    entities: tuple[tuple[int, int, str], ...]


def map_label(label: str, mapping: dict[str, str]) -> str | None:
    """Our label for a corpus label: exact, else by its prefix before '-' or '_'
    (`location-city` -> LOC, `ORGANIZATION_COMPANY` -> ORG); GermEval's deriv/part -> None."""
    if label in mapping:
        return mapping[label]
    for sep in ("-", "_"):
        head = label.split(sep, 1)[0]
        if head != label and head in mapping:
            return mapping[head]
    return None


def read_examples(path: Path, mapping: dict[str, str]) -> list[Example]:
    examples = []
    for record in read_jsonl(path):
        entities = []
        for span in record.get("spans", []):
            label = map_label(span["label"], mapping)
            if label is not None:
                entities.append((span["start"], span["end"], label))
        examples.append(Example(record["text"], tuple(sorted(entities))))
    return examples


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True, slots=True)
class DataDir:
    """The shared data folder (`../shared/data` from the repository)."""

    root: Path

    def missing(self) -> list[Path]:
        needed = [self.germeval_train, self.germeval_dev, self.wikinews]
        return [path for path in needed if not path.is_file()]

    @property
    def germeval_train(self) -> Path:
        return self.root / "germeval2014" / "test.jsonl"

    @property
    def germeval_dev(self) -> Path:
        return self.root / "germeval2014" / "dev.jsonl"

    @property
    def wikinews(self) -> Path:
        return self.root / "news" / "articles.jsonl"

    def extra(self) -> dict[str, tuple[Path, dict[str, str]]]:
        return {
            "mobie": (self.root / "mobie" / "train.jsonl", MOBIE),
            "smartdata": (self.root / "smartdata" / "train.jsonl", SMARTDATA),
            "sturm": (self.root / "sturm" / "train.jsonl", STURM),
        }

    def wikinews_texts(self) -> list[str]:
        """The Wikinews articles only: the other articles there may not shape weights."""
        return [
            r["text"]
            for r in read_jsonl(self.wikinews)
            if str(r.get("id", "")).startswith("wikinews-")
        ]
