"""The Suggest menu: suggestions made in a worker thread, stored in batches, Cancel, Model...,
automatic suggestions, Help > About; and a window that starts without spaCy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QPushButton

from annotator.core.model import Source, Status
from annotator.services import suggesting
from annotator.ui import model_dialog, suggest_worker
from annotator.ui.about_dialog import AboutDialog, notice_text
from annotator.ui.main_window import MainWindow
from annotator.ui.suggest_actions import SuggestActions, install_suggest_actions
from annotator.ui.suggest_worker import SuggestRun
from tests.tiny_model import SENTENCES, tiny_model_path
from tests.ui.projects import build_project

pytestmark = pytest.mark.gui

WAIT_MS = 60_000


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model_path(tmp_path_factory))


@pytest.fixture
def news(tmp_path: Path) -> Path:
    documents = [
        {"id": f"s{n}", "text": text, "meta": {"title": f"Sentence {n}"}}
        for n, (text, _) in enumerate(SENTENCES)
    ]
    return build_project(tmp_path / "news.annotator", documents)


@pytest.fixture
def window(qapp, open_session, news, tiny):
    session = open_session(news)
    suggesting.set_project_model(session, tiny)
    made = MainWindow(session, remember_layout=False)
    made.open_first("s0")
    yield made
    made.close()
    made.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def actions_of(window: MainWindow) -> SuggestActions:
    return install_suggest_actions(window)


def wait_done(qtbot, actions: SuggestActions) -> None:
    qtbot.waitUntil(lambda: actions.run is None, timeout=WAIT_MS)


def model_spans(window: MainWindow, doc_id: str):
    return [s for s in window.session.document(doc_id).spans if s.source is Source.MODEL]


def test_the_menus_come_from_the_table(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Suggest") == titles.index("Review") - 1 == titles.index("Help") - 2
    actions = actions_of(window)
    assert set(actions.actions) == {
        "suggest/document", "suggest/listed", "suggest/all", "suggest/auto", "suggest/model",
        "help/about",
    }  # fmt: skip
    assert actions.actions["suggest/document"].toolTip().endswith("(Ctrl+Shift+S)")
    assert actions.model_label.text() == "Model: tiny_ner (folder)"
    assert install_suggest_actions(window) is actions  # installed once


def test_suggest_for_this_document_stores_and_shows_them(qtbot, window):
    actions = actions_of(window)
    run = actions.suggest_document()
    assert isinstance(run, SuggestRun)
    wait_done(qtbot, actions)
    stored = model_spans(window, "s0")
    assert {(s.label, s.status, s.model) for s in stored} == {
        ("PER", Status.PENDING, "de_tiny_ner 0.0.1"),
        ("LOC", Status.PENDING, "de_tiny_ner 0.0.1"),
        ("QUOTE", Status.PENDING, "de_tiny_ner 0.0.1"),
    }
    assert {s.id for s in stored} <= {s.id for s in window.editor.spans()}  # shown again
    message = window.statusBar().currentMessage()
    assert message.startswith("Suggestions by de_tiny_ner 0.0.1 for 1 document(s)")
    assert model_spans(window, "s1") == []


def test_a_second_run_waits_for_the_first(qtbot, window):
    actions = actions_of(window)
    assert actions.suggest_all() is not None
    assert actions.suggest_document() is None
    assert "already" in window.statusBar().currentMessage()
    wait_done(qtbot, actions)
    assert all(model_spans(window, f"s{n}") for n in (0, 1, 2, 3, 5))


def test_cancel_keeps_what_was_stored_and_stops(qtbot, window, tiny, monkeypatch):
    monkeypatch.setattr(suggest_worker, "WRITE_SPANS", 1)  # one document a transaction
    session = window.session
    run = SuggestRun(session, tiny, doc_ids=[f"s{n}" for n in range(6)], batch_size=1)
    stored: list[list[str]] = []
    run.stored.connect(stored.append)
    run.stored.connect(lambda _ids: run.cancel())  # cancel after the first batch stored
    with qtbot.waitSignal(run.finished, timeout=WAIT_MS) as finished:
        run.start()
    assert run.wait()
    assert finished.args[0].startswith("Stopped. Suggestions by de_tiny_ner 0.0.1 for 1 document")
    assert stored == [["s0"]]
    assert [d for d in (f"s{n}" for n in range(6)) if model_spans(window, d)] == ["s0"]


def test_cancel_from_the_progress_dialog(qtbot, window, tiny):
    run = SuggestRun(window.session, tiny, batch_size=1, parent=window)
    assert run.dialog is not None
    run.dialog.findChild(QPushButton).click()  # Cancel, before the model is even loaded
    with qtbot.waitSignal(run.finished, timeout=WAIT_MS) as finished:
        run.start()
    assert finished.args[0] == "Stopped before the model was loaded."
    assert window.session.stats()["spans_by_source"].get("model", 0) == 0


def test_a_missing_model_is_said_in_the_status_bar(qtbot, window):
    window.session.set_setting(suggesting.MODEL_SETTING, "xx_not_installed_pipeline")
    actions = actions_of(window)
    actions.suggest_document()
    wait_done(qtbot, actions)
    assert "python -m spacy download xx_not_installed_pipeline" in (
        window.statusBar().currentMessage()
    )


def test_automatic_suggestions_when_a_document_opens(qtbot, window):
    actions = actions_of(window)
    actions.actions["suggest/auto"].setChecked(True)  # the document shown gets them now
    wait_done(qtbot, actions)
    assert model_spans(window, "s0")
    window.library.select("s2")
    wait_done(qtbot, actions)
    assert model_spans(window, "s2")
    assert model_spans(window, "s1") == []


def test_the_model_dialog_stores_the_choice(qtbot, window, tiny, monkeypatch):
    dialog = model_dialog.ModelDialog(window.session, window)
    qtbot.addWidget(dialog)
    texts = [dialog.choices.item(r).text() for r in range(dialog.choices.count())]
    assert texts[0].startswith("Built-in German model")
    assert dialog.selected_spec() == tiny
    told: list[str] = []
    monkeypatch.setattr(model_dialog, "show_message", lambda _p, s, d: told.append(d))
    dialog.add_folder(str(Path(tiny).parent / "absent"))
    dialog.accept()
    assert "no model folder" in told[0]
    assert suggesting.project_model(window.session) == tiny
    dialog.add_folder(tiny)
    dialog.accept()
    assert dialog.chosen == tiny


def test_about_shows_the_credits_as_plain_text(qtbot, window):
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    assert "Wikinews" in dialog.credits.toPlainText()
    assert dialog.credits.toPlainText() == notice_text()
    assert dialog.credits.isReadOnly()


def test_the_window_starts_without_spacy(news):
    code = (
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from annotator.services.library import ProjectSession\n"
        "from annotator.ui.main_window import MainWindow\n"
        f"session = ProjectSession.open({str(news)!r})\n"
        "window = MainWindow(session, remember_layout=False)\n"
        "window.open_first()\n"
        "app.processEvents()\n"
        "heavy = ('spacy', 'thinc', 'numpy', 'annotator.nlp.suggesting')\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(child.stdout.splitlines()[-1]) == []
