"""Merging another annotator's file into an open session (File > Import Annotations of Another
Annotator): `services.merging.merge_file` on the session's project, in the session's name."""

from __future__ import annotations

from pathlib import Path

from annotator.services.library import ProjectSession
from annotator.services.merging import MergeSummary, merge_file


def merge_into(session: ProjectSession, path: Path | str, *, as_name: str | None = None):
    """Merge `path` (an .annotator or .jsonl) into the session's project; all or nothing.

    Raises an `AnnotatorError` (InputError) saying what does not fit, and merges nothing then.
    """
    return merge_file(session.project, Path(path), as_name=as_name, annotator=session.annotator)


__all__ = ["MergeSummary", "merge_into"]
