"""What can go wrong with a project file, in words a person can act on."""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import AnnotatorError


class ProjectError(AnnotatorError):
    code = "A300"

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)


class ProjectNotFoundError(ProjectError):
    code = "A301"


class NotAProjectError(ProjectError):
    """Not an SQLite file, a damaged one, or an SQLite file of another program."""

    code = "A302"


class NewerProjectError(ProjectError):
    code = "A303"


class ReadOnlyProjectError(ProjectError):
    code = "A304"


class ProjectBusyError(ProjectError):
    """Another process held the project's write lock for longer than the busy timeout."""

    code = "A305"
