"""The user's own settings (name, recent projects), in a small JSON file.

Kept apart from Qt's QSettings so that the command line needs no Qt; the window keeps its
geometry and view preferences in QSettings.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

APP = "annotator"
RECENT_LIMIT = 10


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def _file() -> Path:
    return config_dir() / "settings.json"


def load() -> dict[str, Any]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def update(**changes: Any) -> dict[str, Any]:
    """Change some settings and write the file atomically (a crash leaves the old one)."""
    data = load() | changes
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as out:
        json.dump(data, out, ensure_ascii=False, indent=2)
    os.replace(out.name, path)
    return data


def recent_projects() -> list[Path]:
    """Projects opened before, newest first, those that still exist."""
    recent = load().get("recent_projects", [])
    return [Path(p) for p in recent if isinstance(p, str) and Path(p).is_file()]


def remember_project(path: Path) -> None:
    path = path.resolve()
    recent = [str(path), *(str(p) for p in recent_projects() if p.resolve() != path)]
    update(recent_projects=recent[:RECENT_LIMIT])
