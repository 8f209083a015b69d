"""File > Import Annotations of Another Annotator: merged all or nothing, with a summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from annotator.services.library import ProjectSession
from annotator.ui.main_window import MainWindow
from annotator.ui.merge_dialog import MergeDialog, merge_dialog
from tests.ui.review_world import build_review_project, german_samples


@pytest.fixture
def world(tmp_path: Path) -> Path:
    return build_review_project(tmp_path / "world")


def spans_of(path: Path, annotator: str) -> int:
    with ProjectSession.open(path) as session:
        return sum(
            1
            for d in session.documents(limit=100)
            for s in session.document(d.id).spans
            if s.annotator == annotator
        )


@pytest.mark.gui
def test_merge_under_another_name_lists_what_did_not_match(world, tmp_path, qapp):
    sample = next(d for d in german_samples() if d.get("spans"))
    span = sample["spans"][0]
    lines = [
        {"id": sample["id"], "text": sample["text"], "spans": [span]},
        {"id": "elsewhere", "text": "Ein Text, den das Projekt nicht hat."},
        {"id": sample["id"] + "-x", "text": "Noch ein anderer Text."},
    ]
    other = tmp_path / "carla.jsonl"
    other.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    with ProjectSession.open(world, annotator="reviewer") as session:
        dialog = MergeDialog(session, other)
        dialog.as_name.setText("carla")
        dialog.merge_button.click()
        text = dialog.result.toPlainText()
        dialog.deleteLater()
    assert "Merged 1 document " in text
    assert "carla" in text
    assert "Not in this project" in text
    assert "elsewhere" in text
    assert spans_of(world, "carla") == 1


@pytest.mark.gui
def test_nothing_is_half_merged(world, tmp_path, qapp):
    sample = next(d for d in german_samples() if d.get("spans"))
    good = dict(sample["spans"][0])
    bad = {"start": 0, "end": 5, "label": "NOPE"}
    other = tmp_path / "dora.jsonl"
    line = {"id": sample["id"], "text": sample["text"], "spans": [good, bad]}
    other.write_text(json.dumps(line) + "\n", "utf-8")
    with ProjectSession.open(world, annotator="reviewer") as session:
        dialog = MergeDialog(session, other)
        dialog.as_name.setText("dora")
        assert dialog.merge() is None
        assert dialog.result.toPlainText().startswith("Nothing was merged.")
        dialog.deleteLater()
    assert spans_of(world, "dora") == 0


@pytest.mark.gui
def test_the_file_menu_offers_it_and_the_library_refreshes(world, tmp_path, qapp, monkeypatch):
    with ProjectSession.open(world, annotator="reviewer") as session:
        window = MainWindow(session, remember_layout=False)
        window.open_first()
        action = window.actions_by_name["file/merge"]
        menu = window.menuBar().actions()[0].menu()
        assert action in menu.actions()
        sample = german_samples()[5]
        other = tmp_path / "emil.jsonl"
        line = {"id": sample["id"], "text": sample["text"], "spans": [
            {"start": 0, "end": 3, "label": "MISC"}
        ]}  # fmt: skip
        other.write_text(json.dumps(line) + "\n", "utf-8")

        def run(dialog: MergeDialog) -> int:
            dialog.merge()
            return 0

        monkeypatch.setattr(MergeDialog, "exec", run)
        summary = merge_dialog(window, other)
        assert summary is not None
        assert summary.documents == 1
        assert "Merged 1 document " in window.statusBar().currentMessage()
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
