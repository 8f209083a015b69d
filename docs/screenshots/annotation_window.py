"""Make the annotation-window and annotation-panel screenshots: the Nobel article, light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/annotation_window.py [OUT_DIR]

A project of the shipped samples is built in a temporary folder; the window shows the Nobel
article with the quotation of Thorbjørn Jagland selected, so its speaker is marked; the panel
picture is the annotation dock of the same window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from shots import sample_project, settle  # beside this script

from annotator.core.labels import LabelKind
from annotator.services.library import ProjectSession
from annotator.ui.annotation_panel import AnnotationPanel
from annotator.ui.app import SCREENSHOT_SIZE, application
from annotator.ui.main_window import MainWindow
from annotator.ui.theme import Theme, apply_theme

NOBEL = "wikinews-de-59270"
SPEAKER_WORDS = "Jagland"


def shoot(project: Path, folder: Path, theme: Theme, suffix: str) -> None:
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
        for name, widget in (
            ("annotation-window", window),
            ("annotation-panel", window.findChild(AnnotationPanel).parentWidget()),  # the dock
        ):
            out = folder / f"{name}{suffix}.png"
            widget.grab().save(str(out), "PNG")
            print(out)
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent
    application()
    with sample_project() as project:
        shoot(project, folder, Theme.LIGHT, "")
        shoot(project, folder, Theme.DARK, "-dark")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
