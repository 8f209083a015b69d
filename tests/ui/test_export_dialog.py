"""File > Export: the dialog drives the real export, in a worker thread, with preview and Cancel."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from annotator.services import export_jobs
from annotator.ui.export_dialog import ExportDialog
from annotator.ui.file_actions import install_file_actions
from annotator.ui.main_window import MainWindow
from tests.ui.projects import build_project

pytestmark = pytest.mark.gui


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    """The (text, informative text) of every message box, instead of showing it."""
    shown: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        assert box.textFormat() == Qt.TextFormat.PlainText
        shown.append((box.text(), box.informativeText()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def dialog(qtbot, sample_project: Path, open_session):
    session = open_session(sample_project, read_only=True)
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    yield dialog
    dialog.done(0)


def choose(dialog: ExportDialog, fmt: str, out: Path) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.output.setText(str(out))


def wait_for_preview(qtbot, dialog: ExportDialog) -> None:
    dialog.refresh_preview()
    qtbot.waitUntil(
        lambda: dialog._preview_thread is None and not dialog._timer.isActive()
        and dialog.preview is not None, timeout=20_000,
    )  # fmt: skip


def test_preview_shows_first_records_and_the_pipelines_counts(qtbot, dialog: ExportDialog):
    choose(dialog, "doccano", Path("unused.jsonl"))
    wait_for_preview(qtbot, dialog)
    summary = dialog.preview.summary
    assert summary.documents == 12
    first = dialog.preview_text.toPlainText().splitlines()[0]
    assert first.startswith('{"id": "wikinews-de-')
    assert dialog.preview_text.isReadOnly()
    rows = {
        dialog.counts.item(row, 0).text(): dialog.counts.item(row, 1).text()
        for row in range(dialog.counts.rowCount())
    }
    assert rows == {label: str(n) for label, n in summary.report.labels.items()}
    assert "Not carried by doccano" in dialog.notes.text()

    dialog.options.untick("MISC")
    dialog.preview = None
    wait_for_preview(qtbot, dialog)
    labels = [dialog.counts.item(row, 0).text() for row in range(dialog.counts.rowCount())]
    assert "MISC" not in labels
    assert "spans of labels not exported" in dialog.notes.text()


def test_export_in_two_formats_with_a_filter_and_a_split(
    qtbot, dialog: ExportDialog, tmp_path: Path, messages
):
    out = tmp_path / "corpus.jsonl"
    choose(dialog, "doccano", out)
    dialog.options.untick("MISC")
    summary = dialog.export()
    assert summary is not None
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    labels = {e["label"] for line in out.read_text(encoding="utf-8").splitlines()
              for e in json.loads(line)["entities"]}  # fmt: skip
    assert labels == {"PER", "LOC", "ORG", "QUOTE"}
    assert messages[-1][0].startswith("Exported 12 documents")
    assert "Not carried by doccano" in messages[-1][1]

    folder = tmp_path / "brat-split"
    choose(dialog, "brat", folder)
    dialog.options.split_group.setChecked(True)
    dialog.options.shares["dev"].setValue(0)
    dialog.options.shares["train"].setValue(50)
    dialog.options.shares["test"].setValue(50)
    dialog.options.seed.setValue(7)
    summary = dialog.export()
    assert summary is not None
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "test.zip", "train.zip"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["split"]["seed"] == 7
    texts = [n for z in ("train.zip", "test.zip")
             for n in zipfile.ZipFile(folder / z).namelist() if n.endswith(".txt")]  # fmt: skip
    assert len(texts) == 12
    assert {manifest["splits"]["train"]["documents"], manifest["splits"]["test"]["documents"]} == {
        6
    }


def test_cancel_writes_nothing(qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch, messages):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "never.json"
    choose(dialog, "label-studio", out)
    cancelled = threading.Event()
    real_export = export_jobs.export_file

    def slow_export(path, target, request, *, progress=None, should_stop=None):
        def waiting(done: int, total: int) -> None:
            cancelled.wait(10)  # until the test has pressed Cancel

        return real_export(path, target, request, progress=waiting, should_stop=should_stop)

    monkeypatch.setattr(export_jobs, "export_file", slow_export)

    def press_cancel() -> None:
        progress = dialog.findChild(QProgressDialog, "exportProgress")
        if progress is None:
            QTimer.singleShot(20, press_cancel)
            return
        progress.findChild(QPushButton).click()
        cancelled.set()

    QTimer.singleShot(20, press_cancel)
    assert dialog.export() is None
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary file left either
    assert "cancelled" in dialog.notes.text()
    assert dialog.result() != ExportDialog.DialogCode.Accepted
    assert messages == []


def test_choices_that_make_no_export_are_said_and_nothing_is_written(
    qtbot, dialog: ExportDialog, tmp_path: Path, messages
):
    choose(dialog, "conll", tmp_path / "out" / "split")
    dialog.options.split_group.setChecked(True)
    for box in dialog.options.shares.values():
        box.setValue(0)
    assert dialog.export() is None
    assert "give two or three numbers" in messages[-1][1]
    assert not (tmp_path / "out").exists()
    dialog.refresh_preview()
    assert "Cannot export with these choices" in dialog.notes.text()


def test_file_menu_has_export(qtbot, sample_project: Path, open_session, monkeypatch):
    window = MainWindow(open_session(sample_project, read_only=True), remember_layout=False)
    qtbot.addWidget(window)
    actions = install_file_actions(window)
    action = window.actions_by_name["file/export"]
    assert action.shortcut().toString() == "Ctrl+E"
    assert action.isEnabled()  # reading is enough: a read-only project exports too
    shown: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: shown.append(self) or 0)
    assert actions.export_dialog() is None
    assert shown
    assert shown[0].session is window.session


def test_the_next_export_offers_the_last_format_and_folder(
    qtbot, sample_project: Path, open_session, tmp_path: Path, messages
):
    session = open_session(sample_project, read_only=True)
    first = ExportDialog(session)
    qtbot.addWidget(first)
    (tmp_path / "exports").mkdir()
    choose(first, "label-studio", tmp_path / "exports" / "tasks.json")
    assert first.export() is not None
    again = ExportDialog(session)
    qtbot.addWidget(again)
    assert again.format.currentData() == "label-studio"
    assert Path(again.output.text()) == tmp_path / "exports" / "samples.json"
    again.done(0)


def test_everything_is_the_default_of_the_lossless_format_only(qtbot, dialog: ExportDialog):
    source = dialog.options.source
    choose(dialog, "jsonl", Path("x.jsonl"))
    assert source.currentData() == "all"  # as `annotator export` does
    choose(dialog, "conll", Path("x.conll"))
    assert source.currentData() == "accepted"
    assert not source.model().item(2).isEnabled()
    choose(dialog, "label-studio", Path("x.json"))
    assert source.model().item(2).isEnabled()  # pending suggestions become predictions
    assert source.currentData() == "accepted"


def test_spans_off_token_boundaries_are_named_until_a_choice_is_made(
    qtbot, tmp_path: Path, open_session
):
    text = "Angela Merkel sagte in Berlin etwas."
    spans = [{"start": 7, "end": 11, "label": "PER"}, {"start": 23, "end": 29, "label": "LOC"}]
    path = build_project(tmp_path / "m.annotator", [{"id": "m1", "text": text, "spans": spans}])
    dialog = ExportDialog(open_session(path, read_only=True))
    qtbot.addWidget(dialog)
    choose(dialog, "conll", tmp_path / "m.conll")
    dialog.refresh_preview()
    qtbot.waitUntil(lambda: "Cannot export" in dialog.notes.text(), timeout=20_000)
    assert "'Merk' does not fall on token boundaries" in dialog.notes.text()
    assert "--misaligned" not in dialog.notes.text()  # the dialog's words, not the command's
    box = dialog.options.misaligned_box
    box.setCurrentIndex(box.findData("snap"))
    wait_for_preview(qtbot, dialog)
    assert "Merkel\tB-PER" in dialog.preview_text.toPlainText()
    assert "widened to whole tokens" in dialog.notes.text()
    dialog.done(0)
