"""View > whose annotations are shown: everyone's, mine, the gold layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.services.editing import DocumentEditor
from annotator.services.library import ProjectSession
from tests.ui.reading_world import at, build, window_opener

pytestmark = pytest.mark.gui


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The reading world's document "a" ("tester"'s spans), plus one span by "ben"."""
    path = build(tmp_path / "layers.annotator")
    with ProjectSession.open(path, annotator="ben") as session:
        DocumentEditor(session, "a").add_span(*at("Universität Hamburg"), "ORG")
    return path


@pytest.fixture
def window_on(qapp, qtbot):
    yield from window_opener(qtbot)


def shown_ids(window) -> set[str]:
    return {shown.id for shown in window.reader.controller.index.ordered()}


def panel_rows(window) -> int:
    return window.panel.proxy.rowCount()


def test_mine_and_gold_show_only_those_spans(project: Path, window_on):
    window = window_on(project)
    everyone = shown_ids(window)
    assert {"merkel", "scholz", "quote"} <= everyone
    assert len(everyone) == 6
    assert panel_rows(window) == 6

    window.actions_by_name["view/layer-mine"].trigger()  # the window's annotator is "tester"
    mine = shown_ids(window)
    assert mine == everyone - {s.id for s in window.editor.spans() if s.annotator == "ben"}
    assert len(mine) == panel_rows(window) == 5

    window.actions_by_name["view/layer-gold"].trigger()  # nobody has decided anything yet
    assert shown_ids(window) == set()
    assert panel_rows(window) == 0
    assert window.reader.controller.label_counts() == {}

    window.actions_by_name["view/layer-everyone"].trigger()
    assert shown_ids(window) == everyone
