"""The store finds the spans overlapping an edit through two index ranges (spans starting
shortly before it, and long spans by length); that must be exactly what a scan finds."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import AnnotatedDocument, Document, Span
from annotator.resources import load_scheme
from annotator.store import Project
from annotator.store.schema import LONG_SPAN
from annotator.store.transaction import SqlTarget

LENGTH = 6 * LONG_SPAN
TEXT = "x" * LENGTH

extents = st.tuples(st.integers(0, LENGTH - 1), st.integers(1, 3 * LONG_SPAN)).map(
    lambda p: (p[0], min(LENGTH, p[0] + p[1]))
)


@settings(max_examples=25, deadline=None)
@given(
    spans=st.lists(extents, max_size=40),
    probes=st.lists(
        st.tuples(st.integers(0, LENGTH), st.integers(0, 2 * LONG_SPAN)), min_size=1, max_size=10
    ),
)
def test_overlapping_spans_are_those_a_scan_finds(tmp_path_factory, spans, probes):
    path: Path = tmp_path_factory.mktemp("overlap") / "p.annotator"
    records = tuple(
        Span("d", start, end, "MISC", "tester", id=f"s{n}") for n, (start, end) in enumerate(spans)
    )
    with Project.create(path, load_scheme("german-news"), name="Overlap") as project:
        with project.importing("tester", "test") as sink:
            sink.add(AnnotatedDocument(Document("d", TEXT), records), origin="t:1")
        target = SqlTarget(project.db, project.scheme)
        for start, width in probes:
            end = min(LENGTH, start + width)
            found = {s.id for s in target.spans_overlapping("d", start, end)}
            expected = {s.id for s in records if s.start < end and s.end > start}
            assert found == expected, (start, end)


def test_an_upgraded_file_has_the_new_indexes(tmp_path):
    copy = tmp_path / "v2.annotator"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "project-v2.annotator", copy)
    with Project.open(copy) as project:
        assert project.check() == []
    with closing(sqlite3.connect(copy)) as db:
        rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        indexes = dict(rows.fetchall())
        unsorted = db.execute("SELECT count(*) FROM documents WHERE title_key = ''").fetchone()
    assert "spans_doc_length" in indexes
    assert "status" in indexes["spans_label"]
    assert "documents_title_key" in indexes
    assert unsorted == (0,)  # every title got its sort key
