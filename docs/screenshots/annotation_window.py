"""Make the annotation-window screenshots: the Nobel article, light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/annotation_window.py [OUT_DIR]

A project of the shipped samples is built in a temporary folder; the window shows the Nobel
article with the quotation of Thorbjørn Jagland selected, so its speaker is marked.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from annotator.core.labels import LabelKind
from annotator.resources import load_scheme, sample_files
from annotator.services.importing import import_paths
from annotator.services.library import ProjectSession
from annotator.store import Project
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
            if (label := editor.scheme.get(span.label)) is not None
            and label.kind is LabelKind.QUOTATION
            and (speaker := editor.speaker_of(span.id)) is not None
            and SPEAKER_WORDS in speaker.text_in(editor.text)
        )
        window.reader.text.setFocus()
        window.select_span(quotation.id)
        window.reader.text.verticalScrollBar().setValue(0)
        settle()
        window.grab().save(str(out), "PNG")
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    print(out)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent
    application()
    with tempfile.TemporaryDirectory() as temporary:
        project = Path(temporary) / "samples.annotator"
        with Project.create(project, load_scheme("german-news"), name="Samples") as created:
            import_paths(created, sample_files(), annotator="sample")
        shoot(project, folder / "annotation-window.png", Theme.LIGHT)
        shoot(project, folder / "annotation-window-dark.png", Theme.DARK)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
