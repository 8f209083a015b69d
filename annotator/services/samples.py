"""The sample project a first run opens: German and English news from `resources/samples/`."""

from __future__ import annotations

from pathlib import Path

from annotator.resources import DEFAULT_SCHEME, load_scheme, sample_files
from annotator.services import settings
from annotator.services.importing import import_paths
from annotator.store import Project

SAMPLE_NAME = "Sample project.annotator"
SAMPLE_ANNOTATOR = "sample"


def sample_project_path() -> Path:
    return settings.data_dir() / SAMPLE_NAME


def ensure_sample_project() -> Path:
    """The sample project in the user's data folder, created on first use."""
    path = sample_project_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    with Project.create(partial, load_scheme(DEFAULT_SCHEME), name="Sample project") as project:
        import_paths(project, sample_files(), annotator=SAMPLE_ANNOTATOR, add_labels=False)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)  # only a complete sample project ever has the final name
    return path
