"""The window's preference menus: View > Theme, Project > Label Scheme, Help > Keyboard Shortcuts.

Added to an existing main window by `install_preferences_menus`, so the window's own module
only makes one call. The actions come from the one table (`actions.ACTIONS`).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

from annotator.ui.actions import make_action
from annotator.ui.scheme_editor import SchemeEditor
from annotator.ui.shortcut_sheet import ShortcutSheet
from annotator.ui.theme import Theme, apply_theme, chosen_theme

THEMES = {
    "view/theme-system": Theme.SYSTEM,
    "view/theme-light": Theme.LIGHT,
    "view/theme-dark": Theme.DARK,
}
INSTALLED = "_preference_menus"


def install_preferences_menus(window: QMainWindow) -> None:
    """Add the theme submenu, the label scheme editor and the shortcut sheet to `window`.

    `window` needs a `session` (a ProjectSession). Calling this twice changes nothing.
    """
    if window.property(INSTALLED):
        return
    window.setProperty(INSTALLED, True)

    view = menu_titled(window, "View", before="Help")
    themes = view.addMenu("&Theme")
    themes.setObjectName("themeMenu")
    if len(view.actions()) > 1:
        view.insertSeparator(themes.menuAction())
    group = QActionGroup(window)
    group.setExclusive(True)
    current = chosen_theme()
    for name, theme in THEMES.items():
        action = _action(window, name)
        action.setCheckable(True)
        action.setChecked(theme is current)
        action.triggered.connect(lambda _=False, t=theme: apply_theme(t, remember=True))
        group.addAction(action)
        _add(themes, action)

    project = menu_titled(window, "Project", before="Help")
    scheme = _action(window, "project/label-scheme")
    scheme.setEnabled(not window.session.read_only)
    scheme.triggered.connect(lambda: edit_label_scheme(window))
    _add(project, scheme)

    help_ = menu_titled(window, "Help")
    sheet = _action(window, "help/shortcuts")
    sheet.triggered.connect(lambda: show_shortcuts(window))
    _add(help_, sheet)


def edit_label_scheme(window: QMainWindow) -> bool:
    """Open the scheme editor; after a save, show the open document again under the new scheme."""
    editor = SchemeEditor(window.session, window)
    saved = editor.exec() == QDialog.DialogCode.Accepted
    editor.deleteLater()
    if saved:
        record = getattr(window, "record", None)
        if record is not None and hasattr(window, "show_document"):
            window.show_document(record.document.id)
        window.statusBar().showMessage("The label scheme is saved.", 10_000)
    return saved


def show_shortcuts(window: QMainWindow) -> bool:
    sheet = ShortcutSheet(window.session.scheme, apply_to=window, parent=window)
    changed = sheet.exec() == QDialog.DialogCode.Accepted
    sheet.deleteLater()
    return changed


def menu_titled(window: QMainWindow, title: str, *, before: str | None = None) -> QMenu:
    """The menu bar's menu called `title` (mnemonic ignored), made if there is none yet.

    A new menu goes before the menu called `before` where there is one, else at the end.
    """
    bar = window.menuBar()
    for action in bar.actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    menu = QMenu(f"&{title}", bar)
    menu.setObjectName(f"{title.lower()}Menu")
    anchor = next(
        (a for a in bar.actions() if before and a.text().replace("&", "") == before), None
    )
    if anchor is not None:
        bar.insertMenu(anchor, menu)
    else:
        bar.addMenu(menu)
    return menu


def _action(window: QMainWindow, name: str) -> QAction:
    """The window's action `name` if it made one already (from the table), else a new one."""
    found = window.findChild(QAction, name)
    return found if found is not None else make_action(name, window)


def _add(menu: QMenu, action: QAction) -> None:
    if action not in menu.actions():
        menu.addAction(action)
