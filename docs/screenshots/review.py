"""Make the review screenshots: review mode (light and dark) and the agreement dialog.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/review.py [OUT_DIR]

Two annotators' versions of the German samples (tests/ui/review_world.py: "anna" has the
sample's spans, "ben" the same with some left out, relabelled or cut short) are merged into a
project in a temporary folder; the window is in review mode on the Nobel article with a few
disagreements decided.
"""

from __future__ import annotations

import sys
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import settle  # noqa: E402  (beside this script)

from annotator.services.library import ProjectSession  # noqa: E402
from annotator.services.review import ReviewService  # noqa: E402
from annotator.ui.app import SCREENSHOT_SIZE, application  # noqa: E402
from annotator.ui.main_window import MainWindow  # noqa: E402
from annotator.ui.review.agreement_dialog import AgreementDialog  # noqa: E402
from annotator.ui.review.mode import ReviewMode  # noqa: E402
from annotator.ui.theme import Theme, apply_theme  # noqa: E402
from tests.ui.review_world import build_review_project  # noqa: E402

NOBEL = "wikinews-de-59270"
PAIR = ["anna", "ben"]


def shoot_review(project: Path, out: Path, theme: Theme) -> None:
    apply_theme(theme)
    with ProjectSession.open(project, annotator="reviewer") as session:
        window = MainWindow(session, remember_layout=False)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        window.open_first(NOBEL)
        mode = window.findChild(ReviewMode)
        assert mode is not None
        window.actions_by_name["review/toggle"].trigger()
        for _ in range(4):
            mode.step(forward=True)
        mode.view.text.verticalScrollBar().setValue(0)
        settle()
        window.grab().save(str(out), "PNG")
        print(out)
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shoot_agreement(project: Path, out: Path) -> None:
    apply_theme(Theme.LIGHT)
    with ProjectSession.open(project, annotator="reviewer") as session:
        dialog = AgreementDialog(ReviewService(session), PAIR)
        dialog.show()
        settle()
        dialog.grab().save(str(out), "PNG")
        print(out)
        dialog.close()
        dialog.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def decide_a_few(project: Path) -> None:
    """Three decisions on the Nobel article, so the picture shows decided ones too."""
    with ProjectSession.open(project, annotator="reviewer") as session:
        service = ReviewService(session)
        items = service.disagreements(NOBEL, PAIR)
        service.adjudicate(NOBEL, items[0].key, PAIR, ["anna"])
        service.adjudicate(NOBEL, items[2].key, PAIR, ["ben"])
        service.adjudicate(NOBEL, items[3].key, PAIR, [])


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent
    application()
    with TemporaryDirectory() as temporary:
        project = build_review_project(Path(temporary))
        decide_a_few(project)
        shoot_review(project, folder / "review-mode.png", Theme.LIGHT)
        shoot_review(project, folder / "review-mode-dark.png", Theme.DARK)
        shoot_agreement(project, folder / "agreement.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
