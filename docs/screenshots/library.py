"""Make the library screenshot: the sample documents searched for a word, sorted by length.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/library.py [OUT_DIR]

A project of the shipped samples is built in a temporary folder; a few documents get states, so
that the State column shows each of them; the panel is grabbed from a main window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from shots import sample_project, settle  # beside this script

from annotator.core import commands
from annotator.core.model import DocState
from annotator.services.library import ProjectSession
from annotator.ui.app import application
from annotator.ui.library_model import Column
from annotator.ui.main_window import MainWindow

STATES = {
    "wikinews-de-59270": DocState.DONE,
    "wikinews-de-45695": DocState.IN_PROGRESS,
    "wikinews-de-52208": DocState.SKIPPED,
}
SEARCH = "jahr"  # in the text: "Jahr", "Jahre", "Jahren" ...
WINDOW_SIZE = (1280, 520)
PANEL_WIDTH = 470


def shoot(project: Path, out: Path) -> None:
    with ProjectSession.open(project, annotator="sample") as session:
        for summary in session.documents(limit=100):
            state = STATES.get(summary.id)
            if state is not None:
                change = commands.set_document_state(summary.id, "sample", state, None)
                session.apply(change)
        window = MainWindow(session, remember_layout=False)
        window.resize(*WINDOW_SIZE)
        window.show()
        window.open_first()
        panel = window.library
        window.splitter.setSizes([PANEL_WIDTH, WINDOW_SIZE[0] - PANEL_WIDTH])
        panel.filter.setText(SEARCH)
        panel.apply_filter()
        header = panel.table.horizontalHeader()
        header.setSortIndicator(Column.LENGTH, Qt.SortOrder.DescendingOrder)
        panel.select_row(0)
        settle()
        picture = panel.grab()
        window.close()
        settle()
    out.parent.mkdir(parents=True, exist_ok=True)
    picture.save(str(out), "PNG")
    print(out)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent
    application()
    with sample_project() as project:
        shoot(project, folder / "library.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
