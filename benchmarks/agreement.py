"""Agreement and stepping through disagreements: two annotators x 10,000 documents x 20 spans.

    python -m benchmarks.agreement build PROJECT       (the project; not measured)
    python -m benchmarks.agreement measure PROJECT
    python -m benchmarks.agreement baseline PROJECT    (sqlite3 only: read both layers, exact F1)

The second annotator's layer is the first one changed the way people differ: about 8% of
spans left out, 8% relabelled, 6% with another boundary, and an extra span now and then.
`measure` prints JSON: "seconds" for `ReviewService.agreement` over the whole project, the
first step through the disagreements (on a fresh service), 300 further steps (p95 and
slowest), 50 steps back, and a step after an adjudication (the index catches up from the
edit log).
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time

from benchmarks import data
from benchmarks.baseline import peak_rss_mb

DOCUMENTS = 10_000
PAIR = ("anna", "ben")
STEPS = 300


def build(path: str) -> dict:
    from annotator.core.model import (
        AnnotatedDocument,
        DocState,
        Document,
        DocumentState,
        Relation,
        Span,
    )
    from annotator.resources import load_scheme
    from annotator.store import Project

    rng = random.Random(data.SEED)
    started = time.perf_counter()
    project = Project.create(path, load_scheme("german-news"))
    spans_written = 0
    with project.importing("bench", "agreement benchmark") as sink:
        raw_documents = data.documents(data.load_articles(), DOCUMENTS, spans_per_document=20)
        for number, raw in enumerate(raw_documents, start=1):
            doc_id, text = raw["id"], raw["text"]
            spans, relations = [], []
            for who in PAIR:
                made: dict[str, Span] = {}
                reach = 0  # the end of the last entity kept: a wider one must not overlap it
                for k, s in enumerate(raw["spans"]):
                    start, end, label = s["start"], s["end"], s["label"]
                    if who == "ben" and label != "QUOTE":
                        roll = rng.random()
                        if roll < 0.08:
                            continue
                        if roll < 0.16:
                            label = rng.choice([x for x in data.ENTITY_LABELS if x != label])
                        elif roll < 0.22 and start > 0 and text[start - 1] == " ":
                            wider = text.rfind(" ", 0, start - 1) + 1
                            start = wider if wider >= reach else start
                    if label != "QUOTE":
                        reach = end
                    made[s["id"]] = Span(doc_id, start, end, label, who, id=f"{who}/{doc_id}/{k}")
                for s in raw["spans"]:
                    speaker = s.get("speaker")
                    if speaker and s["id"] in made and speaker["id"] in made:
                        head, tail = made[s["id"]].id, made[speaker["id"]].id
                        relations.append(Relation(doc_id, head, tail, who, id=f"{head}>"))
                spans.extend(made.values())
            states = tuple(DocumentState(doc_id, who, DocState.DONE) for who in PAIR)
            record = AnnotatedDocument(
                Document(doc_id, text), tuple(spans), tuple(relations), states
            )
            sink.add(record, origin=f"generated:{number}")
            spans_written += len(spans)
    project.close()
    return {"seconds": time.perf_counter() - started, "spans": spans_written}


def measure(path: str) -> dict:
    from annotator.services.library import ProjectSession
    from annotator.services.review import ReviewService

    session = ProjectSession.open(path, annotator="rita")
    review = ReviewService(session)
    started = time.perf_counter()
    report = review.agreement(list(PAIR))
    seconds = time.perf_counter() - started

    begun = time.perf_counter()
    step = review.next_disagreement(PAIR)
    first_step = time.perf_counter() - begun
    times = []
    for _ in range(STEPS):
        begun = time.perf_counter()
        step = review.next_disagreement(PAIR, step.doc_id, step.item.key)
        times.append(time.perf_counter() - begun)
    backwards = []
    for _ in range(50):
        begun = time.perf_counter()
        step = review.previous_disagreement(PAIR, step.doc_id, step.item.key)
        backwards.append(time.perf_counter() - begun)
    take = [step.item.only()[0]]
    review.adjudicate(step.doc_id, step.item.key, PAIR, take)
    begun = time.perf_counter()
    review.next_disagreement(PAIR, step.doc_id, step.item.key, unresolved=True)
    after_edit = time.perf_counter() - begun
    review.undo()
    session.close()
    times.sort()
    return {
        "seconds": seconds,
        "documents": report.documents,
        "tokens": report.tokens,
        "spans": sum(report.overall.spans.values()),
        "alpha": report.overall.alpha,
        "first_step": first_step,
        "step_p95": times[int(len(times) * 0.95)],
        "step_max": max(times),
        "back_step_max": max(backwards),
        "after_edit_step": after_edit,
    }


def baseline(path: str) -> dict:
    """The floor: read both layers with sqlite3 and count exact matches (F1)."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    layers: dict[str, set] = {who: set() for who in PAIR}
    rows = connection.execute(
        'SELECT annotator, doc_id, start, "end", label FROM spans WHERE annotator IN (?, ?)',
        PAIR,
    )
    for who, *key in rows:
        layers[who].add(tuple(key))
    texts = sum(len(t) for (t,) in connection.execute("SELECT text FROM documents"))
    connection.close()
    both = len(layers["anna"] & layers["ben"])
    f1 = 2 * both / (len(layers["anna"]) + len(layers["ben"]))
    return {"seconds": time.perf_counter() - started, "f1_exact": f1, "characters": texts}


def main(argv: list[str]) -> None:
    action, path = argv
    result = {"build": build, "measure": measure, "baseline": baseline}[action](path)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
