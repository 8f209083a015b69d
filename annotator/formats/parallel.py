"""Tokenizing and encoding documents in worker processes, in order, with bounded memory.

spaCy's tokenizer is the slow part of a token-based export (about 2-3 ms a news article), so
a large export hands batches of documents to worker processes, each running the format's
`encode(doc, tokens, policy, settings) -> (piece, WriteReport)` (a module-level function, so it
can be sent by name). The first few hundred documents are done here, so a small export never
starts a process. At most two batches per worker are in flight: memory stays flat however many
documents there are. Workers are started with "spawn", which is safe in a program with threads
(the window).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import Any, TypeVar

from annotator.core.model import AnnotatedDocument
from annotator.formats.protocol import ExportContext, Misaligned, WriteReport
from annotator.formats.tokens import TokenDoc, Tokens, tokenize

T = TypeVar("T")
Encode = Callable[[TokenDoc, Tokens, Misaligned, Any], tuple[T, WriteReport]]
IN_PROCESS_FIRST = 256
BATCH = 48
MAX_WORKERS = 4


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

    first = source if workers <= 1 else islice(source, IN_PROCESS_FIRST)
    done = 0
    for record in first:
        doc = light(record)
        yield encode(doc, tokenize(doc.text, language), policy, settings)
        done += 1
    if workers <= 1 or done < IN_PROCESS_FIRST:
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    try:
        pending: deque[Future] = deque()
        while batch := [light(r) for r in islice(source, BATCH)]:
            pending.append(pool.submit(_encode_batch, encode, batch, language, policy, settings))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _encode_batch(
    encode: Encode[T], batch: list[TokenDoc], language: str, policy: Misaligned, settings: Any
) -> list[tuple[T, WriteReport]]:
    return [encode(doc, tokenize(doc.text, language), policy, settings) for doc in batch]


def _workers(wanted: int | None) -> int:
    if wanted is not None:
        return wanted
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)
