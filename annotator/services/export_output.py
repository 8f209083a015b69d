"""Writing an export's files under temporary names and renaming them into place at the end,
so that a failed or cancelled export leaves no half-written file and keeps the previous one."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

from annotator.core.errors import AnnotatorError


class Staging:
    """Temporary paths beside their final ones (one file system, so the rename is atomic)."""

    def __init__(self) -> None:
        self._moves: list[tuple[Path, Path]] = []

    def path_for(self, final: Path, *, folder: bool = False) -> Path:
        """A new temporary path to write instead of `final`, its folder made. A folder output
        must not exist yet: an export never deletes a folder it did not make."""
        if folder and final.exists():
            raise AnnotatorError(
                f"{final}: already exists; the export writes a new folder (choose another "
                "name or remove it)"
            )
        if any(done == final for _, done in self._moves):
            raise AnnotatorError(f"{final}: the export would write this file twice")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise AnnotatorError(f"{final}: cannot write the export ({error.strerror})") from None
        temp = final.with_name(f".{final.name}.{uuid.uuid4().hex[:12]}.partial")
        self._moves.append((temp, final))
        return temp

    def commit(self) -> None:
        """Rename every temporary file into place (a file the writer did not make is an
        error: it would mean an output is missing)."""
        for temp, final in self._moves:
            try:
                os.replace(temp, final)
            except OSError as error:
                raise AnnotatorError(
                    f"{final}: cannot write the export ({error.strerror})"
                ) from None
        self._moves.clear()

    def discard(self) -> None:
        for temp, _ in self._moves:
            with contextlib.suppress(OSError):
                if temp.is_dir():
                    shutil.rmtree(temp)
                else:
                    temp.unlink(missing_ok=True)
        self._moves.clear()
