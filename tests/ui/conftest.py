"""The world of the window tests: projects built in tmp_path, and QSettings kept out of home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from annotator.resources import load_scheme, sample_files
from annotator.services.importing import import_paths
from annotator.services.library import ProjectSession
from annotator.store import Project
from tests.ui.projects import build_project, numbered_documents


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings made without a file name land in a fresh folder, never in the real home."""
    folder = tmp_path_factory.mktemp("qsettings")
    for format_ in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(format_, QSettings.Scope.UserScope, str(folder))
        QSettings.setPath(format_, QSettings.Scope.SystemScope, str(folder / "system"))


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """The shipped sample documents in a project of their own."""
    path = tmp_path / "samples.annotator"
    with Project.create(path, load_scheme("german-news"), name="Samples") as project:
        import_paths(project, sample_files(), annotator="sample")
    return path


@pytest.fixture
def thousand_project(tmp_path: Path) -> Path:
    return build_project(tmp_path / "thousand.annotator", numbered_documents(1000))


@pytest.fixture
def open_session() -> Iterator[Any]:
    """open_session(path, read_only=False) -> ProjectSession, closed after the test."""
    sessions: list[ProjectSession] = []

    def opener(path: Path, *, read_only: bool = False) -> ProjectSession:
        session = ProjectSession.open(path, read_only=read_only)
        sessions.append(session)
        return session

    yield opener
    for session in sessions:
        session.close()
