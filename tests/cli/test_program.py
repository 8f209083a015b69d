"""`python -m annotator` as a child process: the end-to-end paths, pipes and terminals."""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TEXT, run_program


def write_documents(path: Path, count: int, **extra: object) -> Path:
    lines = [
        json.dumps({"id": f"d{n}", "text": f"{n}. {TEXT}",
                    "spans": [{"start": 0, "end": len(str(n)), "label": "MISC"}], **extra},
                   ensure_ascii=False)
        for n in range(count)
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_init_import_stats_check_export(tmp_path: Path):
    project = tmp_path / "p.annotator"
    assert run_program("init", project, "--scheme", "english-conll").returncode == 0
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\xef\xbb\xbfHello\r\nworld")
    write_documents(folder / "b.jsonl", 3)
    imported = run_program("import", project, folder)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 4 documents with 3 spans" in imported.stdout
    assert imported.stderr == ""  # no progress bar where stderr is not a terminal
    stats = run_program("stats", project, "--json")
    assert json.loads(stats.stdout)["documents"] == 4
    assert run_program("check", project).returncode == 0
    exported = run_program("export", project, "-o", "-")
    assert exported.returncode == 0
    texts = [json.loads(line)["text"] for line in exported.stdout.split("\n")[:-1]]
    assert texts[0] == "Hello\r\nworld"
    assert "Exported 4 documents" in exported.stderr


def test_a_bad_import_exits_2_with_one_line(tmp_path: Path):
    project = tmp_path / "p.annotator"
    run_program("init", project)
    good = write_documents(tmp_path / "good.jsonl", 2)
    run_program("import", project, good)
    before = run_program("export", project, "-o", "-").stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(good.read_bytes().replace(b'"d0"', b'"neu"') + b'{"text": "Gr\xfc\xdfe"}\n')
    child = run_program("import", project, bad)
    assert child.returncode == 2
    assert child.stdout == ""
    assert child.stderr.splitlines() == [
        f"annotator: error: {bad}:3: not valid UTF-8 (byte 0xfc at column 13); save the file "
        "as UTF-8, e.g. `iconv -f latin1 -t utf-8 IN > OUT`"
    ]
    assert run_program("export", project, "-o", "-").stdout == before


def test_a_newer_project_is_refused_in_one_line(tmp_path: Path):
    project = tmp_path / "p.annotator"
    run_program("init", project)
    with sqlite3.connect(project) as db:
        db.execute("PRAGMA user_version = 7")
    db.close()
    child = run_program("stats", project)
    assert child.returncode == 2
    assert len(child.stderr.splitlines()) == 1
    assert "newer version of Annotator" in child.stderr


def test_export_into_a_closed_pipe(tmp_path: Path):
    """`annotator export P -o - | head -1`: stops quietly once the reader has enough."""
    project = tmp_path / "p.annotator"
    run_program("init", project)
    run_program("import", project, write_documents(tmp_path / "many.jsonl", 3000))
    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", "export", str(project), "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    error = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0
    assert json.loads(first)["id"] == "d0"
    assert "Traceback" not in error
    assert "Exception ignored" not in error


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_progress_bar_on_a_terminal(tmp_path: Path):
    import fcntl
    import termios

    project = tmp_path / "p.annotator"
    run_program("init", project)
    source = write_documents(tmp_path / "many.jsonl", 2000)
    main, terminal = os.openpty()
    # A fresh pseudo-terminal is 0 columns wide, and tqdm draws nothing in no columns.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        child = subprocess.run(
            [sys.executable, "-m", "annotator", "import", str(project), str(source)],
            stdout=subprocess.PIPE,
            stderr=terminal,
            timeout=120,
            check=False,
        )
        os.close(terminal)
        terminal = -1
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # Linux: EIO once the terminal side is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        if terminal != -1:
            os.close(terminal)
    assert child.returncode == 0
    assert b"Importing" in shown
    assert b"Imported 2,000 documents" in child.stdout
