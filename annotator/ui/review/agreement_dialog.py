"""Review > Agreement...: the agreement table per label and overall, a chart of it, the
confusion matrix of two annotators, and how the model's suggestions fared; Export... writes
the figures as CSV or JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.review.report import AgreementReport, PairFigures
from annotator.services.review import ReviewService
from annotator.ui.review.agreement_chart import OVERALL_TEXT, AgreementChart, value_text

COLUMNS = (
    ("F1 exact", "f1_exact", "Pairwise span F1, same offsets and label (mean over pairs)"),
    ("F1 overlap", "f1_overlap", "Pairwise span F1, overlapping spans with the same label"),
    ("Cohen's \u03ba", "cohen_kappa", "Cohen's kappa on token labels (mean over pairs)"),
    ("Fleiss' \u03ba", "fleiss_kappa", "Fleiss' kappa on token labels, all annotators"),
    ("\u03b1 tokens", "alpha", "Krippendorff's alpha, nominal, on token labels"),
    ("u-\u03b1 spans", "u_alpha", "Krippendorff's unitizing alpha on the spans"),
)


def number_item(value: float | int, *, bold: bool = False) -> QTableWidgetItem:
    if isinstance(value, float):
        text = value_text(value) if math.isnan(value) else f"{value:.3f}"
    else:
        text = f"{value:,}"
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


def text_item(text: str, *, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


class AgreementDialog(QDialog):
    def __init__(
        self,
        service: ReviewService,
        annotators: Sequence[str] = (),
        parent: QWidget | None = None,
        *,
        document: tuple[str, str] | None = None,
    ) -> None:
        """`document`: (id, title) of the document shown, offered as the other scope."""
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement")
        self.service = service
        self.names = list(annotators) if len(annotators) >= 2 else service.annotators()
        self.document = document
        self.reports: dict[str | None, AgreementReport] = {}
        self.report: AgreementReport = self._report(None)
        self.suggestions = service.suggestion_review()

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._agreement_tab(), "&Agreement")
        self.tabs.addTab(self._suggestions_tab(), "&Model Suggestions")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton("&Export...", self)
        self.export_button.setToolTip("Write the figures as CSV (the table) or JSON (all of them)")
        self.export_button.clicked.connect(self.export_dialog)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(1120, 780)

    # The agreement tab

    def _agreement_tab(self) -> QWidget:
        tab = QWidget(self)
        self.scope = QComboBox(tab)
        self.scope.setObjectName("agreementScope")
        self.scope.addItem("The whole project", None)
        if self.document is not None:
            title = self.document[1]
            title = title if len(title) <= 60 else title[:59] + "\u2026"
            self.scope.addItem(f"This document: {title}", self.document[0])
        self.scope.currentIndexChanged.connect(self._scope_chosen)
        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel("&Figures of:", tab))
        scope_row.itemAt(0).widget().setBuddy(self.scope)
        scope_row.addWidget(self.scope)
        scope_row.addStretch(1)
        self.about = QLabel(tab)
        self.about.setObjectName("agreementAbout")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(tab)
        self.table.setObjectName("agreementTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chart = AgreementChart(tab)
        chart_area = QScrollArea(tab)
        chart_area.setWidgetResizable(True)
        chart_area.setWidget(self.chart)
        chart_box = QWidget(tab)
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(QLabel("Per label (from 0 to 1; 1 is full agreement)", chart_box))
        chart_layout.addWidget(chart_area, 1)

        matrix_box = QWidget(tab)
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.setContentsMargins(0, 0, 0, 0)
        self.pair_choice = QComboBox(matrix_box)
        self.pair_choice.setObjectName("pairChoice")
        self.pair_choice.currentIndexChanged.connect(self._show_pair)
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Confusion of token labels:", matrix_box))
        choose.addWidget(self.pair_choice, 1)
        self.pair_about = QLabel(matrix_box)
        self.pair_about.setWordWrap(True)
        self.pair_about.setTextFormat(Qt.TextFormat.PlainText)
        self.matrix = QTableWidget(matrix_box)
        self.matrix.setObjectName("confusionMatrix")
        self.matrix.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        matrix_layout.addLayout(choose)
        matrix_layout.addWidget(self.pair_about)
        matrix_layout.addWidget(self.matrix, 1)

        split = QSplitter(Qt.Orientation.Horizontal, tab)
        split.addWidget(chart_box)
        split.addWidget(matrix_box)
        split.setSizes([520, 560])
        layout = QVBoxLayout(tab)
        layout.addLayout(scope_row)
        layout.addWidget(self.about)
        layout.addWidget(self.table)
        layout.addWidget(split, 1)
        self._show_report()
        return tab

    def _report(self, doc_id: str | None) -> AgreementReport:
        if doc_id not in self.reports:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                if doc_id is None:
                    found = self.service.agreement(self.names)
                else:
                    found = self.service.document_agreement(doc_id, self.names)
            finally:
                QGuiApplication.restoreOverrideCursor()
            self.reports[doc_id] = found
        return self.reports[doc_id]

    def _scope_chosen(self, index: int) -> None:
        self.report = self._report(self.scope.itemData(index))
        self._show_report()

    def _show_report(self) -> None:
        report = self.report
        what = "documents" if report.documents != 1 else "document"
        self.about.setText(
            f"{', '.join(report.annotators)}: {report.documents:,} {what} that at least two "
            f"of them worked on, {report.tokens:,} tokens. \u2014 means not defined (nothing "
            "to compare)."
        )
        self._fill_table()
        self.chart.set_rows(report.rows())
        self.pair_choice.blockSignals(True)
        self.pair_choice.clear()
        for pair in report.pairs:
            self.pair_choice.addItem(f"{pair.a} (rows) \u00d7 {pair.b} (columns)")
        self.pair_choice.blockSignals(False)
        self._show_pair(0)

    def _fill_table(self) -> None:
        report = self.report
        table = self.table
        headers = ["Label", *(f"Spans {a}" for a in report.annotators), *(c[0] for c in COLUMNS)]
        table.clear()
        table.setRowCount(len(report.rows()))
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        for column, (_, _, tip) in enumerate(COLUMNS, start=1 + len(report.annotators)):
            table.horizontalHeaderItem(column).setToolTip(tip)
        for row, figures in enumerate(report.rows()):
            overall = figures is report.overall
            label = OVERALL_TEXT if overall else figures.label
            table.setItem(row, 0, text_item(label, bold=overall))
            for n, annotator in enumerate(report.annotators, start=1):
                table.setItem(row, n, number_item(figures.spans.get(annotator, 0), bold=overall))
            for n, (_, name, _) in enumerate(COLUMNS, start=1 + len(report.annotators)):
                table.setItem(row, n, number_item(float(getattr(figures, name)), bold=overall))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        height = table.horizontalHeader().sizeHint().height() + 4
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height)

    def _show_pair(self, index: int) -> None:
        if not self.report.pairs or index < 0:
            self.matrix.clear()
            self.pair_about.setText("Two annotators are needed for a confusion matrix.")
            return
        pair: PairFigures = self.report.pairs[index]
        self.pair_about.setText(
            f"{pair.documents:,} documents both worked on. F1 exact {value_text(pair.f1_exact)}, "
            f"overlapping {value_text(pair.f1_overlap)}, Cohen's \u03ba "
            f"{value_text(pair.cohen_kappa)}; speakers: {pair.same_speaker} of "
            f"{pair.quotations_matched} shared quotations name the same one."
        )
        labels = list(pair.labels)
        size = len(labels)
        self.matrix.clear()
        self.matrix.setRowCount(size)
        self.matrix.setColumnCount(size)
        self.matrix.setHorizontalHeaderLabels(labels)
        self.matrix.setVerticalHeaderLabels(labels)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        base = self.palette().color(QPalette.ColorRole.Base)
        for r, row in enumerate(pair.confusion):
            total = sum(row) or 1
            for c, count in enumerate(row):
                item = number_item(count, bold=r == c)
                share = count / total
                if count:
                    shade = QColor(highlight)
                    shade.setAlphaF(0.12 + 0.5 * share)
                    item.setBackground(shade)
                else:
                    item.setBackground(base)
                item.setToolTip(f"{count:,} tokens: {pair.a} {labels[r]}, {pair.b} {labels[c]}")
                self.matrix.setItem(r, c, item)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    # The suggestions tab

    def _suggestions_tab(self) -> QWidget:
        tab = QWidget(self)
        about = QLabel(
            "How the model's suggestions fared, per label: accepted as they were, corrected "
            "(rejected and replaced by an overlapping span of a person), rejected, or still "
            "waiting.",
            tab,
        )
        about.setWordWrap(True)
        headers = ["Label", "Accepted", "Corrected", "Rejected", "Pending", "Accepted of reviewed"]
        self.suggestion_table = QTableWidget(len(self.suggestions), len(headers), tab)
        self.suggestion_table.setObjectName("suggestionTable")
        self.suggestion_table.setHorizontalHeaderLabels(headers)
        self.suggestion_table.verticalHeader().hide()
        self.suggestion_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, figures in enumerate(self.suggestions):
            self.suggestion_table.setItem(row, 0, text_item(figures.label))
            for column, value in enumerate(
                (figures.accepted, figures.corrected, figures.rejected, figures.pending), start=1
            ):
                self.suggestion_table.setItem(row, column, number_item(value))
            share = figures.accepted / figures.reviewed if figures.reviewed else float("nan")
            item = number_item(share)
            if not math.isnan(share):
                item.setText(f"{share:.0%}")
            self.suggestion_table.setItem(row, 5, item)
        self.suggestion_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        layout = QVBoxLayout(tab)
        layout.addWidget(about)
        if not self.suggestions:
            layout.addWidget(QLabel("No model suggestions in this project yet.", tab))
        layout.addWidget(self.suggestion_table, 1)
        return tab

    # Export

    def export_dialog(self) -> Path | None:
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export Agreement", "agreement.csv", "CSV (*.csv);;JSON (*.json)"
        )
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".json" if "json" in chosen.lower() else ".csv")
        return self.export(target)

    def export(self, path: Path) -> Path | None:
        """Write the figures: CSV (the table) or JSON (the report and the suggestions)."""
        if path.suffix.lower() == ".json":
            data = self.report.as_dict()
            data["suggestions"] = [f.as_dict() for f in self.suggestions]
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            text = self.report.as_csv()
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            QMessageBox.warning(self, "Export Agreement", f"{path} cannot be written: {error}")
            return None
        return path
