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


_overrides_read: dict[str, dict[str, str]] = {}
"""The overrides by settings file, read once: the window asks for them once an action."""


def shortcut_overrides() -> dict[str, str]:
    """The user's own shortcuts by action name; "" means the user removed the shortcut."""
    store = window_settings()
    read = _overrides_read.get(store.fileName())
    if read is None:
        store.beginGroup(SHORTCUTS_GROUP)
        try:
            read = {name: str(store.value(name) or "") for name in store.allKeys()}
        finally:
            store.endGroup()
        _overrides_read[store.fileName()] = read
    return dict(read)


def save_shortcut_overrides(overrides: dict[str, str]) -> None:
    """Replace every override with `overrides` (an empty dict restores all defaults)."""
    store = window_settings()
    _overrides_read.pop(store.fileName(), None)
    store.remove(SHORTCUTS_GROUP)
    store.beginGroup(SHORTCUTS_GROUP)
    for name, keys in sorted(overrides.items()):
        store.setValue(name, keys)
    store.endGroup()
    store.sync()
