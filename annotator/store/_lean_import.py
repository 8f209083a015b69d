"""Importing sqlite-utils without numpy: imported first by `annotator.store`."""

from __future__ import annotations

import sys


def _import_sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils without letting it import numpy (70 ms of every start-up).

    sqlite-utils imports numpy, when installed, only to map numpy scalar types to column types
    for its insert helpers, which the store never gives numpy values. numpy is hidden during
    that one import and imports normally afterwards (spaCy needs it).
    """
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]


_import_sqlite_utils_without_numpy()
