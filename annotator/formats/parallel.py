"""Tokenizing and encoding documents in worker processes, in order, with bounded memory.

spaCy's tokenizer is the slow part of a token-based export (about 2 ms a news article whose
words it has not seen, see `tokens`), so a large export hands batches of documents to a
worker process (one by default), running the format's `encode(doc, tokens, policy, settings)
-> (piece, WriteReport)` (a module-level function, so it can be sent by name), while this
process reads the project and writes. The first few hundred documents are done here, so a
small export never starts a process; an export known to be large starts the worker at once
and leaves spaCy (100 MB) out of this process. At most `IN_FLIGHT` batches per worker are
in flight: memory stays flat however many documents there are. Workers are started with
"spawn", which is safe in a program with threads (the window); should they fail to start, the
work goes on in this process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import cache
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

from annotator.core.model import AnnotatedDocument
from annotator.formats.protocol import ExportContext, Misaligned, WriteReport
from annotator.formats.tokens import TokenDoc, Tokens, tokenize

T = TypeVar("T")
Encode = Callable[[TokenDoc, Tokens, Misaligned, Any], tuple[T, WriteReport]]
IN_PROCESS_FIRST = 256
BATCH = 48
IN_FLIGHT = 4
"""Batches sent to each worker and not yet written (a few, so that it never waits)."""
LAST_RUN: dict[str, Any] = {"workers": 0, "worker_peak_rss_mb": {}}
"""The last export's worker processes and each one's peak memory (for the benchmarks)."""


def write_text_encoded(
    target: Path,
    records: Iterable[AnnotatedDocument],
    context: ExportContext,
    encode: Encode[str],
    settings: Any,
    report: WriteReport,
    *,
    before: Callable[[AnnotatedDocument], None] | None = None,
) -> WriteReport:
    """Write each record's text piece from `encode_all` to a new `target`, in order, merging
    each document's report into `report` (the text formats' whole writer loop)."""
    with target.open("x", encoding="utf-8", newline="\n") as out:
        for piece, part in encode_all(records, context, encode, settings, before=before):
            out.write(piece)
            report.merge(part)
    return report


def encode_all(
    records: Iterable[AnnotatedDocument],
    context: ExportContext,
    encode: Encode[T],
    settings: Any = None,
    *,
    before: Callable[[AnnotatedDocument], None] | None = None,
) -> Iterator[tuple[T, WriteReport]]:
    """(piece, report) for each record, in order; `before` sees each full record first (to
    count what the format cannot carry, which the light `TokenDoc` does not hold)."""
    language, policy = context.tokenizer_language, context.misaligned
    workers = _workers(context.workers)
    source = iter(records)

    def light(record: AnnotatedDocument) -> TokenDoc:
        if before is not None:
            before(record)
        return TokenDoc.of(record)

    large = workers > 0 and (context.documents or 0) > IN_PROCESS_FIRST
    first = source if workers == 0 else islice(source, 0 if large else IN_PROCESS_FIRST)
    done = 0
    for record in first:
        doc = light(record)
        yield encode(doc, tokenize(doc.text, language), policy, settings)
        done += 1
    if workers == 0 or (done < IN_PROCESS_FIRST and not large):
        return
    LAST_RUN.update(workers=workers, worker_peak_rss_mb={})
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_prepare_worker
    )
    try:
        pending: deque[tuple[Future | None, list[TokenDoc]]] = deque()

        def results(future: Future | None, batch: list[TokenDoc]) -> list:
            if future is not None:
                try:
                    found, pid, peak = future.result()
                    LAST_RUN["worker_peak_rss_mb"][pid] = peak
                    return found
                except BrokenProcessPool:
                    pass  # e.g. a main script without `if __name__ == "__main__"`: go on here
            return _encode_batch(encode, batch, language, policy, settings)

        broken = False
        while batch := [light(r) for r in islice(source, BATCH)]:
            future = None
            if not broken:
                try:
                    future = pool.submit(_in_worker, encode, batch, language, policy, settings)
                except BrokenProcessPool:
                    broken = True
            pending.append((future, batch))
            if len(pending) >= IN_FLIGHT * workers or broken:
                yield from results(*pending.popleft())
        while pending:
            yield from results(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _prepare_worker() -> None:
    """A worker only encodes: it looks srsly's msgpack encoders up once for its lifetime."""
    _cache_msgpack_lookups()


@contextmanager
def msgpack_lookups_cached() -> Iterator[None]:
    """srsly (spaCy's msgpack) looks up its encoders and decoders in a registry, scanning every
    installed package's entry points, on each call: two thirds of the time of writing or
    reading a DocBin. Within this block each is looked up once."""
    registries = _cache_msgpack_lookups()
    try:
        yield
    finally:
        for registry in registries:
            registry.__dict__.pop("get_all", None)


def _cache_msgpack_lookups() -> tuple:
    from srsly import msgpack

    registries = (msgpack.msgpack_encoders, msgpack.msgpack_decoders)
    for registry in registries:
        registry.get_all = cache(type(registry).get_all.__get__(registry))
    return registries


def _in_worker(
    encode: Encode[T], batch: list[TokenDoc], language: str, policy: Misaligned, settings: Any
) -> tuple[list[tuple[T, WriteReport]], int, float]:
    """The batch's results, this process's id and its peak memory so far (MB)."""
    found = _encode_batch(encode, batch, language, policy, settings)
    return found, os.getpid(), _peak_rss_mb()


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _encode_batch(
    encode: Encode[T], batch: list[TokenDoc], language: str, policy: Misaligned, settings: Any
) -> list[tuple[T, WriteReport]]:
    return [encode(doc, tokenize(doc.text, language), policy, settings) for doc in batch]


def _workers(wanted: int | None) -> int:
    """One worker process where there is a second CPU: with the tokens of each run of text
    remembered, one worker keeps up with this process reading the project, and a second
    would add spaCy's 100 MB for little gain."""
    if wanted is not None:
        return wanted
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return 1 if cpus > 1 else 0
