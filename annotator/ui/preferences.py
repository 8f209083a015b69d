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
