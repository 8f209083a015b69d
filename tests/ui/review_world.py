"""Two annotators' versions of the sample articles, merged into one project: the review tests'
world (and the review screenshots').

"anna" has the sample's spans; "ben" has them with changes: some left out, some relabelled,
some with other boundaries, one quotation without its speaker.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.resources import load_scheme, sample_files
from annotator.services.library import ProjectSession
from annotator.services.merge_session import merge_into
from annotator.store import Project

SWAP = {"LOC": "ORG", "ORG": "LOC", "PER": "MISC", "MISC": "PER"}


def german_samples() -> list[dict]:
    path = next(p for p in sample_files() if p.name.startswith("de-"))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_versions(folder: Path, documents: int = 3) -> tuple[Path, Path]:
    """anna.jsonl and ben.jsonl for the first `documents` annotated German samples."""
    docs = [d for d in german_samples() if d.get("spans")][:documents]
    anna, ben = [], []
    for doc in docs:
        text = doc["text"]
        mine = [dict(s, annotator="anna") for s in doc["spans"]]
        theirs = []
        entity = 0
        for span in doc["spans"]:
            span = dict(span, annotator="ben", id=None)
            span.pop("id")
            if span["label"] != "QUOTE":
                entity += 1
                if entity % 5 == 0:
                    continue  # ben missed it
                if entity % 4 == 0:
                    span["label"] = SWAP.get(span["label"], span["label"])
                elif entity % 7 == 0 and span["end"] - span["start"] > 3:
                    span["end"] -= 1
                    span.pop("text", None)
            elif "speaker" in span and not any("dropped" in s for s in theirs):
                span.pop("speaker")
                span["dropped"] = True
            theirs.append(span)
        for span in theirs:
            span.pop("dropped", None)
            span.pop("text", None) if span.get("text") != text[
                span["start"] : span["end"]
            ] else None
        keep = {"id": doc["id"], "text": text}
        anna.append({**keep, "spans": mine, "states": {"anna": "done"}})
        ben.append({**keep, "spans": theirs, "states": {"ben": "done"}})
    paths = []
    for name, rows in (("anna", anna), ("ben", ben)):
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        paths.append(path)
    return paths[0], paths[1]


def build_review_project(folder: Path, documents: int = 3) -> Path:
    """A project of the German samples' texts (no spans) with anna's and ben's merged in."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = folder / "texts.jsonl"
    texts.write_text(
        "".join(
            json.dumps(
                {"id": d["id"], "text": d["text"], "meta": d.get("meta", {})}, ensure_ascii=False
            )
            + "\n"
            for d in german_samples()
        ),
        "utf-8",
    )
    path = folder / "review.annotator"
    from annotator.services.importing import import_paths

    with Project.create(path, load_scheme("german-news"), name="Review") as project:
        import_paths(project, [texts], annotator="import")
    anna, ben = write_versions(folder, documents)
    with ProjectSession.open(path, annotator="reviewer") as session:
        merge_into(session, anna)
        merge_into(session, ben)
    return path
