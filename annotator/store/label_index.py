"""`doc_labels`, which documents have spans of each label: what inserting spans adds to it.

Deleting and changing spans is counted by the file's own triggers (schema version 3); the
three places that insert spans (an edit, a merge, a bulk import) call `count_added` after
their inserts, in the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable

_ADD = (
    "INSERT INTO doc_labels (label, doc_seq, n) SELECT ?, seq, ? FROM documents WHERE id = ?"
    " ON CONFLICT (label, doc_seq) DO UPDATE SET n = n + excluded.n"
)


def count_added(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Count span rows (`rows.span_row` tuples) just inserted; rejected ones do not count."""
    # span_row: doc_id second, label fifth, status ninth.
    counts = Counter((row[4], row[1]) for row in rows if row[8] != "rejected")
    conn.executemany(_ADD, [(label, n, doc_id) for (label, doc_id), n in counts.items()])
