"""Crash safety: an edit reported saved survives the process being killed at any moment.

A child process (`edit_stream.py`) applies a stream of edits and reports each one once
`Project.apply` (or `undo`, `redo`) has returned. The test kills it with SIGKILL after a random
delay, reopens the file and compares every span, relation and document state with what the
reports say. At most one edit can be in flight when the kill comes: it is either wholly in the
file (its edit log row is there) or not at all.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from annotator.store import Project

from .conftest import make_stream_project
from .edit_stream import apply_effects, snapshot

KILLS = 25
MAX_DELAY_S = 0.3


def edit_log_count(project: Project) -> int:
    return project.stats()["edits"]


@pytest.mark.slow
def test_edits_reported_saved_survive_sigkill(tmp_path: Path, spawn):
    path = tmp_path / "crash.annotator"
    make_stream_project(path)
    with Project.open(path) as project:
        expected = snapshot(project)
    rng = random.Random(20261125)
    totals = {"saved": 0, "undo": 0, "redo": 0, "in_flight_committed": 0, "in_flight_lost": 0}

    for run in range(KILLS):
        with Project.open(path) as project:
            rows_before = edit_log_count(project)
        child = spawn(path, "writer", seed=run)
        child.wait_ready()
        time.sleep(rng.uniform(0, MAX_DELAY_S))
        child.kill()
        assert child.process.returncode == -signal.SIGKILL, child.stderr()

        doing, saved = child.reports("doing"), child.reports("saved")
        assert [r["n"] for r in saved] == list(range(len(saved)))
        in_flight = doing[len(saved) :]
        assert len(in_flight) <= 1, "the child runs one edit at a time"
        for report in saved:
            apply_effects(expected, report["effects"])
            totals["saved"] += 1
            totals[report["op"]] = totals.get(report["op"], 0) + 1

        with Project.open(path, read_only=True) as reader:
            seen_read_only = snapshot(reader)
        with Project.open(path) as project:
            assert project.check() == []
            committed = edit_log_count(project) - rows_before
            assert committed in (len(saved), len(saved) + len(in_flight)), (
                f"run {run}: {committed} edit log rows for {len(saved)} reported edits"
            )
            if committed > len(saved):
                apply_effects(expected, in_flight[0]["effects"])
                totals["in_flight_committed"] += 1
            elif in_flight:
                totals["in_flight_lost"] += 1
            assert snapshot(project) == expected, f"run {run}: the file differs from the reports"
            assert seen_read_only == expected
            for report in saved:
                assert_logged(project, report)

    # The test means something only if kills hit a stream in flow, undo included.
    assert totals["saved"] >= KILLS, totals
    assert totals["undo"] > 0, totals


def assert_logged(project: Project, report: dict) -> None:
    """The edit log holds the reported edit: a 'do' row, or an undo/redo row pointing at it."""
    seq, op = report["seq"], report["op"]
    row = project.db.execute(
        "SELECT annotator, action, undo_state FROM edits WHERE seq = ?", [seq]
    ).fetchone()
    assert row is not None, f"edit {seq} is not in the log"
    assert row[0:2] == ("writer", "do")
    if op in ("undo", "redo"):
        marks = project.db.execute(
            "SELECT count(*) FROM edits WHERE target = ? AND action = ?", [seq, op]
        ).fetchone()[0]
        assert marks >= 1, f"no {op} row for edit {seq}"
