"""The project file: one SQLite database, the only place that imports sqlite3 or sqlite-utils."""

# First, so that sqlite-utils is imported the lean way (see the module).
import annotator.store._lean_import  # noqa: F401
from annotator.store.errors import (
    NewerProjectError,
    NotAProjectError,
    ProjectError,
    ProjectNotFoundError,
    ReadOnlyProjectError,
)
from annotator.store.project import Project

__all__ = [
    "NewerProjectError",
    "NotAProjectError",
    "Project",
    "ProjectError",
    "ProjectNotFoundError",
    "ReadOnlyProjectError",
]
