"""What the hardware allows: the benchmarks' work done with the standard library alone.

    python benchmarks/baseline.py import IN.jsonl OUT.db
    python benchmarks/baseline.py export IN.db OUT.jsonl
    python benchmarks/baseline.py open IN.db

Each prints one JSON object: {"seconds": wall time of the work, "peak_rss_mb": ...}. The rows,
tables, indexes and pragmas are those of a project file (documents, spans, relations,
doc_states; WAL, synchronous=FULL, foreign keys), written with executemany in batches of
1,000 documents inside one transaction. What it leaves out is what Annotator adds on top:
validation against the label scheme, domain records, the edit log, error messages with line
numbers. It imports nothing outside the standard library, on purpose.
"""

from __future__ import annotations

import hashlib
import json
import resource
import sqlite3
import sys
import time
from pathlib import Path

START = time.perf_counter()  # CLOCK_MONOTONIC on Linux: comparable with the parent's clock

SCHEMA = """
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}', text_hash TEXT NOT NULL, length INTEGER NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX documents_title ON documents (title COLLATE NOCASE);
CREATE INDEX documents_length ON documents (length);
CREATE INDEX documents_text_hash ON documents (text_hash);
CREATE TABLE spans (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0), "end" INTEGER NOT NULL CHECK ("end" > start),
    label TEXT NOT NULL, annotator TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('human', 'model')), model TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    attrs TEXT NOT NULL DEFAULT '{}', comment TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL, modified TEXT NOT NULL
);
CREATE INDEX spans_doc ON spans (doc_id, start);
CREATE INDEX spans_label ON spans (label, doc_id);
CREATE INDEX spans_annotator ON spans (annotator, doc_id);
CREATE TABLE relations (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, head TEXT NOT NULL REFERENCES spans (id),
    tail TEXT NOT NULL REFERENCES spans (id), annotator TEXT NOT NULL, created TEXT NOT NULL
);
CREATE INDEX relations_doc ON relations (doc_id);
CREATE INDEX relations_head ON relations (head);
CREATE INDEX relations_tail ON relations (tail);
CREATE TABLE doc_states (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotator TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'done', 'skipped')),
    modified TEXT NOT NULL, PRIMARY KEY (doc_id, annotator)
);
CREATE INDEX doc_states_annotator ON doc_states (annotator, state);
"""
SPAN_COLUMNS = (
    'id, doc_id, start, "end", label, annotator, source, model, status, attrs, comment, '
    "created, modified"
)
ADDED = "2026-01-15T09:30:00.000Z"
BATCH = 1000


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def title_of(text: str, meta: dict) -> str:
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    first = text.strip().split("\n", 1)[0].strip()
    return first if len(first) <= 80 else first[:79] + "…"


def import_jsonl(source: str, target: str) -> dict:
    conn = connect(target)
    conn.executescript(SCHEMA)
    rows: dict[str, list[tuple]] = {"documents": [], "spans": [], "relations": [], "states": []}
    conn.execute("BEGIN IMMEDIATE")

    def flush() -> None:
        conn.executemany(
            "INSERT INTO documents (id, title, text, meta, text_hash, length, added)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows["documents"],
        )
        span_marks = ", ".join("?" * 13)
        conn.executemany(f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES ({span_marks})", rows["spans"])
        conn.executemany("INSERT INTO relations VALUES (?, ?, ?, ?, ?, ?, ?)", rows["relations"])
        conn.executemany("INSERT INTO doc_states VALUES (?, ?, ?, ?)", rows["states"])
        for batch in rows.values():
            batch.clear()

    documents = spans = 0
    with open(source, encoding="utf-8") as stream:
        for line in stream:
            data = json.loads(line)
            doc_id, text, meta = data["id"], data["text"], data.get("meta") or {}
            rows["documents"].append(
                (
                    doc_id,
                    title_of(text, meta),
                    text,
                    dumps(meta),
                    hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    len(text),
                    ADDED,
                )
            )
            for span in data.get("spans") or ():
                attrs = span.get("attrs")
                rows["spans"].append(
                    (
                        span["id"],
                        doc_id,
                        span["start"],
                        span["end"],
                        span["label"],
                        span["annotator"],
                        span["source"],
                        span.get("model"),
                        span["status"],
                        dumps(attrs) if attrs else "{}",
                        span.get("comment", ""),
                        span["created"],
                        span["modified"],
                    )
                )
                if speaker := span.get("speaker"):
                    relation = (span["id"], speaker["id"], span["annotator"], span["created"])
                    rows["relations"].append((f"{span['id']}>", doc_id, "speaker", *relation))
            for annotator, state in (data.get("states") or {}).items():
                rows["states"].append((doc_id, annotator, state, ADDED))
            documents += 1
            spans += len(data.get("spans") or ())
            if documents % BATCH == 0:
                flush()
    flush()
    conn.execute("COMMIT")
    conn.close()
    return {"documents": documents, "spans": spans}


def export_jsonl(source: str, target: str) -> dict:
    conn = connect(source)
    documents = spans = 0
    last = -1
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        while True:
            batch = conn.execute(
                "SELECT seq, id, text, meta FROM documents WHERE seq > ? ORDER BY seq LIMIT 500",
                [last],
            ).fetchall()
            if not batch:
                break
            last = batch[-1][0]
            ids = [row[1] for row in batch]
            marks = ", ".join("?" * len(ids))
            by_doc: dict[str, list[dict]] = {doc_id: [] for doc_id in ids}
            texts = {row[1]: row[2] for row in batch}
            for row in conn.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id IN ({marks})"
                ' ORDER BY start, "end" DESC',
                ids,
            ):
                item = {
                    "id": row[0],
                    "start": row[2],
                    "end": row[3],
                    "label": row[4],
                    "text": texts[row[1]][row[2] : row[3]],
                    "annotator": row[5],
                    "source": row[6],
                }
                if row[7]:
                    item["model"] = row[7]
                attrs = json.loads(row[9]) if row[9] != "{}" else {}
                item.update(status=row[8], attrs=attrs, comment=row[10])
                item.update(created=row[11], modified=row[12])
                by_doc[row[1]].append(item)
            speakers = {
                head: (tail, {"id": link, "annotator": annotator, "created": created})
                for head, tail, link, annotator, created in conn.execute(
                    "SELECT head, tail, id, annotator, created FROM relations"
                    f" WHERE doc_id IN ({marks}) AND kind = 'speaker'",
                    ids,
                )
            }
            states: dict[str, dict[str, dict[str, str]]] = {}
            for doc_id, annotator, state, modified in conn.execute(
                "SELECT doc_id, annotator, state, modified FROM doc_states"
                f" WHERE doc_id IN ({marks}) ORDER BY annotator",
                ids,
            ):
                states.setdefault(doc_id, {})[annotator] = {"state": state, "modified": modified}
            for _, doc_id, text, meta in batch:
                items = by_doc[doc_id]
                if speakers:
                    by_id = {item["id"]: item for item in items}
                    for item in items:
                        tail, relation = speakers.get(item["id"], ("", None))
                        if (who := by_id.get(tail)) is not None:
                            item["speaker"] = {
                                "id": who["id"],
                                "start": who["start"],
                                "end": who["end"],
                                "text": who["text"],
                                "relation": relation,
                            }
                data = {"id": doc_id, "text": text, "meta": json.loads(meta), "spans": items}
                if doc_id in states:
                    data["states"] = states[doc_id]
                out.write(json.dumps(data, ensure_ascii=False))
                out.write("\n")
                documents += 1
                spans += len(items)
    conn.close()
    return {"documents": documents, "spans": spans}


def open_first_page(source: str) -> dict:
    conn = connect(source)
    rows = conn.execute(
        "SELECT d.seq, d.id, d.title, d.length,"
        " (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.status != 'rejected'),"
        " (SELECT group_concat(annotator || ':' || state, ';')"
        "   FROM doc_states st WHERE st.doc_id = d.id)"
        " FROM documents d ORDER BY d.seq LIMIT 100 OFFSET 0"
    ).fetchall()
    count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    return {"documents": count, "rows": len(rows)}


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM).

    Not getrusage's ru_maxrss: on Linux that keeps the peak of the parent across fork and exec,
    so every child would report at least its parent's memory.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes there, else KiB


def main(argv: list[str]) -> None:
    action, *paths = argv
    work = {"import": import_jsonl, "export": export_jsonl, "open": open_first_page}[action]
    started = time.perf_counter()
    figures = work(*paths)
    finished = time.perf_counter()
    result = {
        **figures,
        "seconds": finished - started,
        "since_start": finished - START,
        "peak_rss_mb": peak_rss_mb(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
