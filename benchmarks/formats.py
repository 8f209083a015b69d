"""Export and import of the 10k project (10,000 documents, 200,000 spans) in every format.

    python -m benchmarks.formats export FORMAT PROJECT OUT
    python -m benchmarks.formats import FORMAT PROJECT IN

Each prints one JSON object like `benchmarks.worker`. The token-based formats tokenize in
worker processes, so besides this process's own peak memory ("main_peak_rss_mb") it reports
each worker's ("worker_peak_rss_mb") and the sum of all ("peak_rss_mb", which the target is
for). Spans that do not
fall on spaCy's tokens (the benchmark's words are found by a regular expression) are snapped.
The runner registers one benchmark per format and direction: export_FORMAT, import_FORMAT.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.baseline import peak_rss_mb

EXPORTED = ("spacy-jsonl", "spacy", "prodigy", "hf", "conll")
"""Formats measured here (native JSON lines is export_10k and import_10k)."""


def export_as(fmt: str, project_path: str, target: str) -> dict:
    from annotator.formats import parallel
    from annotator.services.exporting import ExportRequest, export
    from annotator.store import Project

    started = time.perf_counter()
    project = Project.open(project_path)
    summary = export(project, target, ExportRequest(format=fmt, misaligned="snap"))
    project.close()
    seconds = time.perf_counter() - started
    workers = dict(parallel.LAST_RUN["worker_peak_rss_mb"])
    return {
        "seconds": seconds,
        "documents": summary.documents,
        "spans": summary.spans,
        "not_carried": dict(summary.report.lost),
        "workers": len(workers),
        "worker_peak_rss_mb": max(workers.values(), default=0.0),
        "total_peak_rss_mb": peak_rss_mb() + sum(workers.values()),
    }


def import_as(fmt: str, project_path: str, source: str) -> dict:
    from annotator.resources import load_scheme
    from annotator.services.importing import import_paths
    from annotator.store import Project
    from benchmarks.data import ANNOTATOR

    started = time.perf_counter()
    project = Project.create(project_path, load_scheme("german-news"))
    summary = import_paths(project, [Path(source)], annotator=ANNOTATOR, format_name=fmt)
    project.close()
    return {
        "seconds": time.perf_counter() - started,
        "documents": summary.documents,
        "spans": summary.spans,
        "relations": summary.relations,
    }


def main(argv: list[str]) -> None:
    action, fmt, *arguments = argv
    result = {"export": export_as, "import": import_as}[action](fmt, *arguments)
    result["main_peak_rss_mb"] = peak_rss_mb()
    # The runner holds the target against "peak_rss_mb": all the processes together.
    result["peak_rss_mb"] = result.setdefault("total_peak_rss_mb", result["main_peak_rss_mb"])
    print(json.dumps(result))


if __name__ == "__main__":  # worker processes import this module again: run only when asked
    main(sys.argv[1:])
