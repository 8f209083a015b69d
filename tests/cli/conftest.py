"""Running `annotator` in-process (fast, with capsys) and as a program (the real thing)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.cli.main import main

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """`cli("stats", path)`: run main() and return its exit status and output."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()  # drop what came before
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse: --help, usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_program(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m annotator ARGS` in a child process (environment as the test set it)."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project_file(cli, tmp_path: Path) -> Path:
    """A new German news project file, made with `annotator init`."""
    path = tmp_path / "news.annotator"
    assert cli("init", path).code == 0
    return path
