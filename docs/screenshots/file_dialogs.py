"""Make the screenshots of the Export and Import dialogs (light).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/file_dialogs.py [OUT_DIR]

On a project of the shipped samples: the Export dialog set to CoNLL with a stratified split
(its preview and counts computed by a dry run, as in the window); the Import dialog after a
real import of two files stopped at a line with offsets out of range.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from PySide6.QtWidgets import QApplication, QWidget
from shots import sample_project, settle  # beside this script

from annotator.core.errors import AnnotatorError
from annotator.services import project_files
from annotator.services.library import ProjectSession
from annotator.ui.app import application
from annotator.ui.export_dialog import ExportDialog
from annotator.ui.import_dialog import ImportDialog
from annotator.ui.theme import Theme, apply_theme


def grab(widget: QWidget, out: Path) -> None:
    settle()
    widget.grab().save(str(out), "PNG")
    print(out)


def export_dialog(session: ProjectSession, out: Path) -> None:
    dialog = ExportDialog(session)
    dialog.format.setCurrentIndex(dialog.format.findData("conll"))
    dialog.options.split_group.setChecked(True)
    dialog.options.stratify.setChecked(True)
    for name, share in (("train", 60), ("dev", 20), ("test", 20)):
        dialog.options.shares[name].setValue(share)
    dialog.options.misaligned_box.setCurrentIndex(dialog.options.misaligned_box.findData("snap"))
    dialog.show()
    dialog.refresh_preview()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        dialog.preview is None or dialog._preview_thread is not None or dialog._timer.isActive()
    ):
        QApplication.processEvents()
        time.sleep(0.02)
    grab(dialog, out)
    dialog.done(0)


def import_dialog(project: Path, folder: Path, out: Path) -> None:
    good = folder / "interviews.jsonl"
    good.write_text(json.dumps({"text": "Sie sagte: „Ja.“", "label": [[11, 16, "QUOTE"]]},
                               ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    bad = folder / "wikinews-doccano.jsonl"
    bad.write_text(
        json.dumps({"id": "w1", "text": "Berlin ist groß.", "label": [[0, 6, "LOC"]]}) + "\n"
        + json.dumps({"id": "w2", "text": "Kurz.", "label": [[2, 19, "PER"]]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip

    def run(paths: list[Path], format_name: str, add_labels: bool):
        try:
            return project_files.import_into(
                project, paths, annotator="sample", format_name=format_name, add_labels=add_labels
            )
        except AnnotatorError as error:
            return error

    dialog = ImportDialog(run, folder, [good, bad])
    dialog.show()
    dialog.import_now()
    grab(dialog, out)
    dialog.close()


def main(out_dir: Path) -> None:
    application()
    apply_theme(Theme.LIGHT)
    out_dir.mkdir(parents=True, exist_ok=True)
    with sample_project() as project, TemporaryDirectory() as folder:
        with ProjectSession.open(project, annotator="sample", read_only=True) as session:
            export_dialog(session, out_dir / "export-dialog.png")
        import_dialog(project, Path(folder), out_dir / "import-dialog.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
