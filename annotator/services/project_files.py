"""Project files as the window makes and fills them: a new project, an import into an open one.

The window reaches a project only through a `ProjectSession`; an import runs on a connection of
its own (opened and closed here), so that the session's connection never holds the import's
long write transaction, and a failed or cancelled import leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.labels import LabelScheme
from annotator.resources import DEFAULT_SCHEME, load_scheme, scheme_names
from annotator.services.importing import ImportSummary, Progress, import_paths
from annotator.store import Project
from annotator.store.project import DEFAULT_SUFFIX

PROJECT_SUFFIX = DEFAULT_SUFFIX
"""".annotator\""""


def built_in_schemes() -> list[LabelScheme]:
    """The label schemes a new project can start with, the default one first."""
    names = sorted(scheme_names(), key=lambda name: (name != DEFAULT_SCHEME, name))
    return [load_scheme(name) for name in names]


def create_project(path: Path, scheme: LabelScheme, *, name: str = "") -> Path:
    """Write a new, empty project file; ProjectError if `path` holds something already."""
    if path.suffix != PROJECT_SUFFIX:
        path = path.with_name(path.name + PROJECT_SUFFIX)
    Project.create(path, scheme, name=name).close()
    return path


def import_into(
    path: Path,
    inputs: Iterable[Path],
    *,
    annotator: str,
    format_name: str = "auto",
    add_labels: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import files and folders into the project at `path`, all or nothing.

    Raises InputError naming the file and line of bad input; any exception raised by
    `progress` (a cancel) also leaves the project unchanged. With `add_labels`, labels the
    scheme lacks are added to it instead of refused. `format_name` is a format of the
    registry, or "auto" to tell each file's by its name and content.
    """
    with Project.open(path) as project:
        return import_paths(
            project,
            inputs,
            annotator=annotator,
            format_name=format_name,
            add_labels=add_labels,
            progress=progress,
        )


__all__ = ["PROJECT_SUFFIX", "built_in_schemes", "create_project", "import_into"]
