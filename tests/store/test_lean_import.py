"""Start-up: opening the store must not import numpy through sqlite-utils (70 ms)."""

from __future__ import annotations

import subprocess
import sys


def test_the_store_imports_without_numpy_and_numpy_still_imports_after():
    script = (
        "import sys, annotator.store\n"
        "assert 'sqlite_utils' in sys.modules\n"
        "print('numpy' in sys.modules)\n"
        "import numpy\n"
        "print(numpy.zeros(2).sum())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "0.0"]
