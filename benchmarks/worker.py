"""One measurement in a process of its own, so that its peak memory is its own.

    python -m benchmarks.worker import PROJECT INPUT.jsonl
    python -m benchmarks.worker export PROJECT OUTPUT.jsonl
    python -m benchmarks.worker build PROJECT DOCUMENTS
    python -m benchmarks.worker open PROJECT SPAWNED_AT

Prints one JSON object: the figures, "seconds" (wall time of the work alone, after the imports)
and "peak_rss_mb" (the process's own maximum resident set size).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.baseline import peak_rss_mb  # one definition for both sides of the ratio


def import_10k(project_path: str, source: str) -> dict:
    from annotator.resources import load_scheme
    from annotator.services.importing import import_paths
    from annotator.store import Project
    from benchmarks.data import ANNOTATOR

    scheme = load_scheme("german-news")
    started = time.perf_counter()
    project = Project.create(project_path, scheme)
    summary = import_paths(project, [Path(source)], annotator=ANNOTATOR)
    project.close()  # the last connection: SQLite checkpoints the WAL into the file here
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "documents": summary.documents,
        "spans": summary.spans,
        "relations": summary.relations,
    }


def export_10k(project_path: str, target: str) -> dict:
    from annotator.services.exporting import export_jsonl
    from annotator.store import Project

    started = time.perf_counter()
    project = Project.open(project_path)
    summary = export_jsonl(project, target)
    project.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "documents": summary.documents, "spans": summary.spans}


def build_library(project_path: str, count: str) -> dict:
    """A large project, written straight through the store's import sink (not measured)."""
    from annotator.formats import native
    from annotator.resources import load_scheme
    from annotator.store import Project
    from benchmarks import data

    started = time.perf_counter()
    articles = data.load_articles()
    project = Project.create(project_path, load_scheme("german-news"))
    options = native.ReadOptions(scheme=project.scheme, annotator=data.ANNOTATOR)
    records = data.documents(articles, int(count), spans_per_document=2)
    with project.importing(data.ANNOTATOR, "benchmark library") as sink:
        for number, raw in enumerate(records, start=1):
            record = native.parse_document(raw, options, default_id=None)
            sink.add(record, origin=f"generated:{number}")
    documents = project.document_count()
    project.close()
    return {"seconds": time.perf_counter() - started, "documents": documents}


def open_100k(project_path: str, spawned_at: str) -> dict:
    from annotator.store import Project

    started = time.perf_counter()
    project = Project.open(project_path)
    page = project.list_documents(limit=100)
    total = project.document_count()
    seconds = time.perf_counter() - started
    # perf_counter is CLOCK_MONOTONIC on Linux, one clock for every process: so this counts
    # from the parent starting this process (interpreter start and imports included).
    since_spawn = time.perf_counter() - float(spawned_at)
    project.close()
    if len(page) != 100:
        raise SystemExit(f"the first page has {len(page)} rows, not 100")
    return {"seconds": seconds, "since_spawn": since_spawn, "documents": total}


ACTIONS = {"import": import_10k, "export": export_10k, "build": build_library, "open": open_100k}


def main(argv: list[str]) -> None:
    action, *arguments = argv
    result = ACTIONS[action](*arguments)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
