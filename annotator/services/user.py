"""Who is annotating: the name stored on every span and every edit."""

from __future__ import annotations

import getpass
import os

from annotator.services import settings


def current_annotator() -> str:
    """ANNOTATOR_USER, else the name chosen in the settings, else the login name."""
    return chosen_annotator() or login_name()


def chosen_annotator() -> str | None:
    """ANNOTATOR_USER, else the name chosen in the settings; None when neither is set (the
    window then asks on its first run)."""
    name = os.environ.get("ANNOTATOR_USER") or settings.load().get("annotator")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return None


def name_from_environment() -> bool:
    """True when ANNOTATOR_USER sets the name (it wins over the settings)."""
    return bool(os.environ.get("ANNOTATOR_USER", "").strip())


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "annotator"


def set_annotator(name: str) -> None:
    name = name.strip()
    if not name:
        raise ValueError("the annotator's name cannot be empty")
    settings.update(annotator=name)
