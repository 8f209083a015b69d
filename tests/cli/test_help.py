"""`annotator --help` and `--help` on every subcommand: exit 0 and name the arguments."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotator import __version__
from annotator.cli.main import _subcommands, build_parser

from .conftest import run_program

ARGUMENTS = {
    "open": ["PROJECT", "--doc", "--read-only", "--screenshot"],
    "init": ["PROJECT", "--scheme", "--name", "english-conll"],
    "import": ["PROJECT", "FILE_OR_DIR", "--format", "auto", "txt", "jsonl", "--add-labels",
               "--annotator", "All or nothing"],
    "export": ["PROJECT", "-o", "--output", "'-' for stdout", "--format"],
    "stats": ["PROJECT", "--json"],
    "check": ["PROJECT"],
    "merge": ["PROJECT", "OTHER", "--as", "--annotator", "All or nothing"],
    "agree": ["PROJECT", "--annotators", "--label", "--per-document", "--json"],
    "formats": [],
    "schemes": [],
    "predict": ["IN.jsonl|IN.txt", "-o", "--model", "--lang"],
    "suggest": ["PROJECT", "--model", "--docs", "--annotator", "twice"],
    "evaluate": ["GOLD.jsonl", "--model", "--kind", "--json"],
    "model": ["PROJECT", "NAME|PATH"],
}  # fmt: skip


def test_every_subcommand_is_covered_here():
    assert _subcommands(build_parser()) == set(ARGUMENTS)


def test_top_level_help_lists_the_subcommands(cli):
    result = cli("--help")
    assert result.code == 0
    assert "usage: annotator" in result.out
    for name in ARGUMENTS:
        assert f"\n    {name} " in result.out
    assert "examples:" in result.out
    assert result.err == ""


@pytest.mark.parametrize("command", list(ARGUMENTS))
def test_subcommand_help_names_its_arguments(cli, command: str):
    result = cli(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: annotator {command}")
    for word in ARGUMENTS[command]:
        assert word in result.out
    assert result.err == ""


def test_version(cli):
    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"annotator {__version__}")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["import"], "the following arguments are required: PROJECT, FILE_OR_DIR"),
        (["import", "p.annotator", "x.txt", "--format", "csv"], "invalid choice: 'csv'"),
        (["export", "p.annotator"], "the following arguments are required: -o/--output"),
        (["stats", "--frobnicate", "p"], "unrecognized arguments: --frobnicate"),
    ],
)
def test_usage_errors_exit_2(cli, args: list[str], words: str):
    result = cli(*args)
    assert result.code == 2
    assert words in result.err
    assert "Traceback" not in result.err


def test_help_as_a_program_imports_neither_sqlite_utils_nor_qt():
    """--help stays quick: the commands, sqlite-utils and Qt are imported only to run one."""
    code = (
        "import sys\n"
        "from annotator.cli.main import main\n"
        "try:\n"
        "    main(['import', '--help'])\n"
        "except SystemExit as exit_:\n"
        "    status = exit_.code\n"
        "heavy = ['sqlite_utils', 'sqlite3', 'PySide6', 'spacy', 'annotator.cli.commands']\n"
        "print(json.dumps([status, [m for m in heavy if m in sys.modules]]))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", "import json\n" + code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, loaded = json.loads(child.stdout.splitlines()[-1])
    assert (status, loaded) == (0, [])


def test_help_as_a_program():
    child = run_program("--help")
    assert child.returncode == 0
    assert "usage: annotator" in child.stdout
    child = run_program("export", "--help")
    assert child.returncode == 0
    assert "--output" in child.stdout
