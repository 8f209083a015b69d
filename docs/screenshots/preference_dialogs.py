"""Make the screenshots of the label scheme editor and the shortcut sheet, light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/preference_dialogs.py [OUT_DIR]

A project of the shipped samples is built in a temporary folder. The scheme editor shows the
quotation label with its attributes; the shortcut sheet shows the whole table and the label
keys of the German news scheme.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget
from shots import sample_project, settle  # beside this script

from annotator.services.library import ProjectSession
from annotator.ui.app import application
from annotator.ui.scheme_editor import SchemeEditor
from annotator.ui.shortcut_sheet import ShortcutSheet
from annotator.ui.theme import Theme, apply_theme


def grab(widget: QWidget, out: Path) -> None:
    widget.show()
    settle()
    widget.grab().save(str(out), "PNG")
    widget.close()
    print(out)


def main(out_dir: Path) -> None:
    application()
    out_dir.mkdir(parents=True, exist_ok=True)
    with sample_project() as project, ProjectSession.open(project, annotator="sample") as session:
        for theme, suffix in ((Theme.LIGHT, ""), (Theme.DARK, "-dark")):
            apply_theme(theme)
            editor = SchemeEditor(session)
            editor.label_list.setCurrentRow(len(editor.drafts) - 1)
            grab(editor, out_dir / f"scheme-editor{suffix}.png")
            sheet = ShortcutSheet(session.scheme)
            sheet.resize(sheet.width(), 900)
            grab(sheet, out_dir / f"shortcuts{suffix}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
