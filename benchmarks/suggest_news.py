"""Pre-annotating the 1,878 news articles against raw `nlp.pipe` of the same pipeline.

    python -m benchmarks.suggest_news model FOLDER            the pipeline to use (prints it)
    python -m benchmarks.suggest_news build PROJECT           the articles in a new project
    python -m benchmarks.suggest_news raw PROJECT SPEC        nlp.pipe over the same texts
    python -m benchmarks.suggest_news suggest PROJECT SPEC    suggest_documents (CLI path)
    python -m benchmarks.suggest_news window PROJECT SPEC     the window's worker + GUI writes
    python -m benchmarks.suggest_news control PROJECT SPEC    the timer beside raw nlp.pipe

Each prints JSON. Loading the model is not timed in `raw` and `suggest` (both load it first);
`window` times the whole run as the window does it (the worker loads the model) and records the
longest gap between ticks of a 5 ms timer on the GUI thread: the longest the event loop stalled.
The pipeline is the built-in model where it is built, else a stand-in with spaCy's own CNN
entity recognizer (blank German + untrained "ner", initialised), which runs like a small
trained one (same network, same cost per token).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.baseline import peak_rss_mb
from benchmarks.data import ARTICLES

TICK_MS = 5


def pick_model(folder: Path) -> dict[str, Any]:
    from annotator.nlp import models

    try:
        models.resolve(models.BUILTIN)
    except models.ModelMissingError:
        pass
    else:
        return {"spec": models.BUILTIN, "about": "the built-in model (resources/models)"}
    import spacy

    nlp = spacy.blank("de")
    ner = nlp.add_pipe("ner")
    for label in ("PER", "LOC", "ORG", "MISC"):
        ner.add_label(label)
    nlp.initialize()
    nlp.meta.update({"name": "cnn_standin", "version": "0.0.0"})
    path = folder / "cnn-standin"
    nlp.to_disk(path)
    return {
        "spec": str(path),
        "about": "a stand-in (the built-in model is not built): spaCy's CNN ner, untrained",
    }


def build(project: Path) -> dict[str, Any]:
    from annotator.resources import load_scheme
    from annotator.services.importing import import_paths
    from annotator.store import Project

    with Project.create(project, load_scheme("german-news")) as opened:
        summary = import_paths(opened, [ARTICLES], annotator="bench")
    return {"documents": summary.documents}


def _texts(project: Path) -> list[str]:
    from annotator.services.library import ProjectSession
    from annotator.services.suggesting import document_ids

    with ProjectSession.open(project, read_only=True) as session:
        return [session.document(d).document.text for d in document_ids(session)]


def raw(project: Path, spec: str) -> dict[str, Any]:
    from annotator.nlp.models import load_model
    from annotator.nlp.suggesting import BATCH_SIZE

    texts = _texts(project)
    nlp = load_model(spec).nlp
    started, cpu = time.perf_counter(), time.process_time()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "documents": len(texts), "entities": entities,
            "characters": sum(map(len, texts)), "peak_rss_mb": peak_rss_mb()}  # fmt: skip


def suggest(project: Path, spec: str) -> dict[str, Any]:
    from annotator.nlp.models import load_model
    from annotator.services.library import ProjectSession
    from annotator.services.suggesting import suggest_documents

    load_model(spec)
    with ProjectSession.open(project, annotator="bench") as session:
        started, cpu = time.perf_counter(), time.process_time()
        counts = suggest_documents(session, spec=spec)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "documents": counts.documents,
            "entities": counts.entities,
            "quotations": counts.quotations, "speakers": counts.speakers,
            "peak_rss_mb": peak_rss_mb()}  # fmt: skip


def window(project: Path, spec: str) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.core.library import DocumentQuery
    from annotator.services.library import ProjectSession
    from annotator.ui.suggest_worker import SuggestRun

    app = QApplication.instance() or QApplication([])
    writes: list[float] = []
    write = SuggestRun._write

    def timed_write(self: SuggestRun, items: list) -> None:
        began = time.perf_counter()
        write(self, items)
        writes.append(time.perf_counter() - began)

    SuggestRun._write = timed_write  # the GUI thread's own share of each stall
    collections: list[float] = []
    when: list[float] = []
    began_gc = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began_gc[0] = time.perf_counter()
        elif info["generation"] == 2:
            collections.append(time.perf_counter() - began_gc[0])
            when.append(round(began_gc[0] - (loaded_at[0] or began_gc[0] + 1e9), 2))

    gc.callbacks.append(on_gc)
    gaps: list[float] = []
    last = [time.perf_counter()]

    loaded_at = [0.0]
    after_load: list[float] = []

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        if loaded_at[0] and last[0] > loaded_at[0]:
            after_load.append(now - last[0])
        last[0] = now

    with ProjectSession.open(project, annotator="bench") as session:
        run = SuggestRun(session, spec, query=DocumentQuery(), quiet=True)
        summary: list[str] = []
        loop = QEventLoop()
        run.finished.connect(lambda text: (summary.append(text), loop.quit()))
        run.worker.model_loaded.connect(lambda _: loaded_at.__setitem__(0, time.perf_counter()))
        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        started = time.perf_counter()
        timer.start()
        last[0] = time.perf_counter()
        run.start()
        loop.exec()
        timer.stop()
        seconds = time.perf_counter() - started
        run.wait()
        counts = run.writer.counts if run.writer else None
    app.processEvents()
    gaps.sort()
    return {
        "seconds": seconds,
        "documents": counts.documents if counts else 0,
        "max_stall_ms": (gaps[-1] * 1000 - TICK_MS) if gaps else 0.0,
        "p99_gap_ms": gaps[int(len(gaps) * 0.99)] * 1000 if gaps else 0.0,
        "max_stall_after_load_ms": max(after_load, default=0.0) * 1000 - TICK_MS,
        "full_collections": len(collections),
        "longest_full_collection_ms": max(collections, default=0.0) * 1000,
        "full_collections_after_load_s": [w for w in when if w > -1e8],
        "longest_write_ms": max(writes, default=0.0) * 1000,
        "model_load_s": loaded_at[0] - started if loaded_at[0] else None,
        "summary": summary[0] if summary else "",
        "peak_rss_mb": peak_rss_mb(),
    }


def control(project: Path, spec: str) -> dict[str, Any]:
    """The same timer while a plain QThread runs raw nlp.pipe and nothing is stored: the
    stalls that the machine, the GIL and spaCy cause on their own."""
    from PySide6.QtCore import QEventLoop, QThread, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.nlp.models import load_model
    from annotator.nlp.suggesting import BATCH_SIZE

    app = QApplication.instance() or QApplication([])
    texts = _texts(project)
    nlp = load_model(spec).nlp

    class Pipe(QThread):
        def run(self) -> None:
            for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
                pass

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    thread = Pipe()
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    started = time.perf_counter()
    timer.start()
    last[0] = time.perf_counter()
    thread.start()
    loop.exec()
    timer.stop()
    thread.wait()
    app.processEvents()
    return {
        "seconds": time.perf_counter() - started,
        "max_stall_ms": max(gaps, default=0.0) * 1000 - TICK_MS,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "model":
        result = pick_model(Path(rest[0]))
    elif command == "build":
        result = build(Path(rest[0]))
    else:
        commands = {"raw": raw, "suggest": suggest, "window": window, "control": control}
        result = commands[command](Path(rest[0]), rest[1])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
