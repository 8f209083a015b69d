"""Make the annotation-panel screenshots: the Nobel article's spans, light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/annotation_panel.py [OUT_DIR]

A project of the shipped samples is built in a temporary folder; the window shows the Nobel
article with the quotation of Thorbjørn Jagland selected, and the picture is of the right dock
alone: the span table and the form with the quotation's type and speaker.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from annotator.resources import load_scheme, sample_files
from annotator.services.importing import import_paths
from annotator.services.library import ProjectSession
from annotator.store import Project
from annotator.ui.annotation_panel import AnnotationPanel
from annotator.ui.app import SCREENSHOT_SIZE, application
from annotator.ui.main_window import MainWindow
from annotator.ui.theme import Theme, apply_theme

NOBEL = "wikinews-de-59270"
SPEAKER_WORDS = "Jagland"


def settle() -> None:
    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def shoot(project: Path, out: Path, theme: Theme) -> None:
    apply_theme(theme)
    with ProjectSession.open(project, annotator="sample") as session:
        window = MainWindow(session, remember_layout=False)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        window.open_first(NOBEL)
        editor = window.editor
        assert editor is not None
        quotation = next(
            span
            for span in editor.spans()
            if span.label == "QUOTE"
            and (speaker := editor.speaker_of(span.id)) is not None
            and SPEAKER_WORDS in speaker.text_in(editor.text)
        )
        window.select_span(quotation.id)
        settle()
        panel = window.findChild(AnnotationPanel)
        assert panel is not None
        panel.parentWidget().grab().save(str(out), "PNG")  # the dock, with its title
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    application()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "samples.annotator"
        with Project.create(project, load_scheme("german-news"), name="Samples") as target:
            import_paths(target, sample_files(), annotator="sample")
        shoot(project, out_dir / "annotation-panel.png", Theme.LIGHT)
        shoot(project, out_dir / "annotation-panel-dark.png", Theme.DARK)


if __name__ == "__main__":
    main()
