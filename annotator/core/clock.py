"""Timestamps and identifiers, in one place so that every record uses the same forms."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def now() -> str:
    """The current time in UTC as ISO 8601 with milliseconds, e.g. 2026-11-25T18:22:30.123Z.

    Strings of this form sort in time order, which the store relies on.
    """
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A new random identifier for a span or a relation (unique across projects, for merging)."""
    return uuid.uuid4().hex
