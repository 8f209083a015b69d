"""File > Import: a format (detected by default), the file and line of bad input, nothing kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog

from annotator.store import Project
from annotator.ui.file_actions import FileActions, install_file_actions
from annotator.ui.import_dialog import UNCHANGED, ImportDialog
from annotator.ui.main_window import MainWindow
from tests.ui.projects import build_project, numbered_documents

pytestmark = pytest.mark.gui

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."


def at(fragment: str) -> list[int]:
    start = TEXT.index(fragment)
    return [start, start + len(fragment)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build_project(tmp_path / "p.annotator", numbered_documents(3), name="P")


@pytest.fixture
def actions(qapp, project: Path, open_session):
    window = MainWindow(open_session(project), remember_layout=False)
    actions = install_file_actions(window)
    window.open_first()
    yield actions
    window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def dialogs(monkeypatch) -> list[ImportDialog]:
    """Each Import dialog shown, its Import button pressed once (instead of waiting for a
    person); the dialog stays as it was left, to be looked at."""
    shown: list[ImportDialog] = []

    def exec_(dialog: ImportDialog) -> int:
        shown.append(dialog)
        dialog.import_now()
        return dialog.result()

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    monkeypatch.setattr(ImportDialog, "deleteLater", lambda dialog: None)
    return shown


def snapshot(path: Path) -> tuple:
    with Project.open(path, read_only=True) as project:
        records = [(r.document.id, r.spans) for r in project.iter_records()]
        return records, project.scheme.names, len(project.edit_log(limit=10**6))


def lines(*values) -> str:
    return "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in values)


def test_bad_input_shows_file_and_line_and_leaves_the_project_unchanged(
    actions: FileActions, project: Path, tmp_path: Path, dialogs
):
    good = tmp_path / "good.jsonl"
    good.write_text(lines({"text": TEXT, "label": [[*at("Berlin"), "LOC"]]}), encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines({"id": "b1", "text": TEXT, "label": []},
                         {"id": "b2", "text": "kurz", "label": [[2, 9, "PER"]]}),
                   encoding="utf-8")  # fmt: skip
    before = snapshot(project)
    assert actions.import_with_options([good, bad]) is None
    [dialog] = dialogs
    report = dialog.report.toPlainText()
    assert f"{bad}:2: " in report
    assert "offsets 2-9 are out of range" in report
    assert UNCHANGED in report
    assert dialog.result() != QDialog.DialogCode.Accepted  # open still, to fix and retry
    assert snapshot(project) == before
    assert actions.window.model.total == 3


def test_the_format_is_detected_or_chosen(
    actions: FileActions, project: Path, tmp_path: Path, dialogs, qtbot, monkeypatch
):
    source = tmp_path / "notes.txt"  # doccano lines, under a name that says plain text
    source.write_text(lines({"id": "d1", "text": TEXT, "label": [[*at("Berlin"), "LOC"]]}),
                      encoding="utf-8")  # fmt: skip
    dialog = ImportDialog(lambda *a: None, tmp_path, [source])
    qtbot.addWidget(dialog)
    assert dialog.files.item(0).text().endswith("(txt)")
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    assert dialog.files.item(0).text().endswith("(doccano)")
    assert "doccano JSON lines" in dialog.about.text()

    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.txt").write_text(TEXT, encoding="utf-8")
    (brat / "a.ann").write_text(f"T1\tLOC {at('Berlin')[0]} {at('Berlin')[1]}\tBerlin\n",
                                encoding="utf-8")  # fmt: skip
    dialog.format.setCurrentIndex(0)
    dialog.add([brat])
    assert dialog.files.item(1).text().endswith("(brat)")

    def exec_(dialog: ImportDialog) -> int:
        dialogs.append(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
        dialog.import_now()
        return dialog.result()

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    summary = actions.import_with_options([source])
    assert summary is not None
    assert (summary.documents, summary.spans) == (1, 1)
    with Project.open(project, read_only=True) as opened:
        assert [s.label for s in opened.spans("d1")] == ["LOC"]
    assert "Imported 1 documents" in actions.window.statusBar().currentMessage()


def test_unknown_labels_are_refused_until_adding_them_is_ticked(
    actions: FileActions, project: Path, tmp_path: Path, dialogs
):
    source = tmp_path / "cities.jsonl"
    source.write_text(lines({"text": TEXT, "label": [[*at("Berlin"), "CITY"]]}), encoding="utf-8")
    before = snapshot(project)
    assert actions.import_with_options([source]) is None
    dialog = dialogs[-1]
    assert "unknown label 'CITY'" in dialog.report.toPlainText()
    assert "tick" in dialog.report.toPlainText()
    assert snapshot(project) == before
    dialog.add_labels.setChecked(True)
    summary = dialog.import_now()
    assert summary is not None
    assert summary.new_labels == ("CITY",)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_read_only_projects_offer_no_import(qapp, project: Path, open_session, dialogs):
    window = MainWindow(open_session(project, read_only=True), remember_layout=False)
    actions = install_file_actions(window)
    assert actions.import_with_options([project]) is None
    assert dialogs == []
    window.close()
