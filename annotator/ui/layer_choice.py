"""View > whose annotations the reading view and the panel show: everyone's, mine, the gold layer.

In a project several people annotate, each sees everyone's spans by default; an annotator may
want only their own, and after a review the gold layer alone is what counts. Only what is shown
changes: edits keep their annotator, and overlaps are checked per annotator anyway.
"""

from __future__ import annotations

from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from annotator.review.layers import GOLD
from annotator.ui.actions import make_action
from annotator.ui.preferences import window_settings

CHOICES = ("everyone", "mine", "gold")
SETTING = "view/annotations_shown"


def install_layer_choice(window: QMainWindow, menu: QMenu) -> None:
    """Add the choice to `menu` (View); the window offers `session`, `reader`, `panel`."""
    group = QActionGroup(window)
    group.setExclusive(True)
    menu.addSeparator()
    actions = {}
    for choice in CHOICES:
        action = make_action(f"view/layer-{choice}", window)
        action.setCheckable(True)
        group.addAction(action)
        menu.addAction(action)
        window.actions_by_name[f"view/layer-{choice}"] = action  # type: ignore[attr-defined]
        actions[choice] = action
    saved = str(window_settings().value(SETTING, "everyone"))
    actions[saved if saved in actions else "everyone"].setChecked(True)

    def apply(*, save: bool) -> None:
        choice = next(c for c, a in actions.items() if a.isChecked())
        if save:
            window_settings().setValue(SETTING, choice)
        shown = shown_annotators(choice, window.session.annotator)  # type: ignore[attr-defined]
        window.reader.controller.set_shown_annotators(shown)  # type: ignore[attr-defined]
        panel = getattr(window, "panel", None)  # a window may be built without one
        if panel is not None:
            panel.proxy.set_annotators(shown)

    group.triggered.connect(lambda _action: apply(save=True))
    apply(save=False)


def shown_annotators(choice: str, me: str) -> frozenset[str] | None:
    if choice == "mine":
        return frozenset({me})
    if choice == "gold":
        return frozenset({GOLD})
    return None
