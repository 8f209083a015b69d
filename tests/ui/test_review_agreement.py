"""Review > Agreement...: the figures are the review service's, and they export."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from annotator.services.library import ProjectSession
from annotator.services.review import ReviewService
from annotator.ui.review.agreement_dialog import COLUMNS, OVERALL_TEXT, AgreementDialog
from tests.ui.review_world import build_review_project

PAIR = ["anna", "ben"]


@pytest.fixture
def session(tmp_path: Path):
    path = build_review_project(tmp_path / "world")
    with ProjectSession.open(path, annotator="reviewer") as opened:
        yield opened


def shown(value: float) -> str:
    return "\u2014" if math.isnan(value) else f"{value:.3f}"


@pytest.mark.gui
def test_the_table_shows_the_service_figures(session, qapp):
    service = ReviewService(session)
    report = service.agreement(PAIR)
    dialog = AgreementDialog(service, PAIR)
    table = dialog.table
    assert table.rowCount() == len(report.rows())
    for row, figures in enumerate(report.rows()):
        label = table.item(row, 0).text()
        assert label == (OVERALL_TEXT if figures is report.overall else figures.label)
        assert table.item(row, 1).text() == f"{figures.spans['anna']:,}"
        for column, (_, name, _) in enumerate(COLUMNS, start=3):
            assert table.item(row, column).text() == shown(getattr(figures, name)), name
    # The chart has a group of bars per row; the confusion matrix is the pair's.
    assert [label for label, _ in dialog.chart.rows][-1] == OVERALL_TEXT
    assert len(dialog.chart.rows) == len(report.rows())
    pair = report.pairs[0]
    assert dialog.matrix.rowCount() == len(pair.labels)
    for r, counts in enumerate(pair.confusion):
        for c, count in enumerate(counts):
            assert dialog.matrix.item(r, c).text() == f"{count:,}"
    assert "anna (rows)" in dialog.pair_choice.currentText()
    dialog.deleteLater()


@pytest.mark.gui
def test_export_writes_csv_and_json(session, tmp_path, monkeypatch, qapp):
    service = ReviewService(session)
    report = service.agreement(PAIR)
    dialog = AgreementDialog(service, PAIR)
    out = tmp_path / "figures"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "JSON (*.json)"))
    written = dialog.export_dialog()
    assert written == out.with_suffix(".json")
    data = json.loads(written.read_text("utf-8"))
    assert data["annotators"] == PAIR
    assert data["overall"] == report.overall.as_dict()
    assert "suggestions" in data
    written = dialog.export(tmp_path / "figures.csv")
    rows = list(csv.DictReader(written.open(encoding="utf-8")))
    overall = next(r for r in rows if r["label"] == report.overall.label and not r["document"])
    assert float(overall["f1_exact"]) == pytest.approx(report.overall.f1_exact)
    dialog.deleteLater()


@pytest.mark.gui
def test_the_suggestions_tab_lists_labels(session, qapp):
    service = ReviewService(session)
    dialog = AgreementDialog(service, PAIR)
    assert dialog.tabs.count() == 2
    assert dialog.suggestion_table.rowCount() == len(service.suggestion_review())
    dialog.deleteLater()


@pytest.mark.gui
def test_the_figures_of_the_document_shown(session, qapp):
    service = ReviewService(session)
    doc_id = service.documents_with_disagreements(PAIR)[0]
    dialog = AgreementDialog(service, PAIR, document=(doc_id, "Nobel"))
    assert dialog.scope.count() == 2
    dialog.scope.setCurrentIndex(1)
    report = service.document_agreement(doc_id, PAIR)
    assert dialog.report.overall == report.overall
    last = dialog.table.rowCount() - 1
    assert dialog.table.item(last, 3).text() == shown(report.overall.f1_exact)
    assert "1 document " in dialog.about.text()
    dialog.scope.setCurrentIndex(0)
    assert dialog.report.overall == service.agreement(PAIR).overall
    dialog.deleteLater()
