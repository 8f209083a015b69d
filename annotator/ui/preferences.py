"""Where the window keeps its geometry and view preferences (QSettings, an INI file).

The file sits beside the program's other settings (`services.settings.config_dir()`), so one
folder holds everything a user has set, and tests that point that folder elsewhere get fresh
window settings too.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from annotator.services import settings

FILE_NAME = "window.ini"


def window_settings() -> QSettings:
    path = settings.config_dir() / FILE_NAME
    return QSettings(str(path), QSettings.Format.IniFormat)


# View preferences

THEME_KEY = "view/theme"
SHORTCUTS_GROUP = "shortcuts"


def saved_theme(default: str = "system") -> str:
    """The theme the user chose last ("light", "dark" or "system"); not checked here."""
    return str(window_settings().value(THEME_KEY, default))


def save_theme(name: str) -> None:
    window_settings().setValue(THEME_KEY, name)


def shortcut_overrides() -> dict[str, str]:
    """The user's own shortcuts by action name; "" means the user removed the shortcut."""
    store = window_settings()
    store.beginGroup(SHORTCUTS_GROUP)
    try:
        return {name: str(store.value(name) or "") for name in store.allKeys()}
    finally:
        store.endGroup()


def save_shortcut_overrides(overrides: dict[str, str]) -> None:
    """Replace every override with `overrides` (an empty dict restores all defaults)."""
    store = window_settings()
    store.remove(SHORTCUTS_GROUP)
    store.beginGroup(SHORTCUTS_GROUP)
    for name, keys in sorted(overrides.items()):
        store.setValue(name, keys)
    store.endGroup()
    store.sync()
