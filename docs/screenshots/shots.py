"""What the screenshot scripts beside this file share: the sample project and waiting for Qt."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from PySide6.QtWidgets import QApplication

from annotator.resources import load_scheme, sample_files
from annotator.services.importing import import_paths
from annotator.store import Project


def settle() -> None:
    """Let Qt lay out and paint what is pending before a grab."""
    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


@contextmanager
def sample_project() -> Iterator[Path]:
    """A German news project of the shipped samples, in a temporary folder."""
    with TemporaryDirectory() as folder:
        project = Path(folder) / "samples.annotator"
        with Project.create(project, load_scheme("german-news"), name="Samples") as created:
            import_paths(created, sample_files(), annotator="sample")
        yield project
