"""Converting offsets between Python `str` indices, UTF-16 code units and UTF-8 bytes.

The store, the formats and every rule in the domain count in Python indices (code points).
Qt counts UTF-16 code units, so a character outside the Basic Multilingual Plane (most emoji)
takes two; UTF-8 byte offsets appear in some file formats and tokenisers. Converting one offset
at a time by re-encoding the prefix would cost O(n) each; an `OffsetMap` records only the
positions where the encodings differ and answers each conversion with a binary search.

Qt's text document also turns each "\\r\\n" into one paragraph break, so positions in a
QTextDocument drift by one per CRLF unless the map collapses them (`qt_*` methods).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from annotator.core.errors import ValidationError


class OffsetMap:
    """Offset conversions for one text. Build once per text, then convert many offsets."""

    __slots__ = ("_astral", "_astral_u16", "_crlf_qt", "_crlf_u16", "_text", "_utf8")

    def __init__(self, text: str) -> None:
        check_unicode(text)
        self._text = text
        # Found by a regular expression, in C: a Python loop over 1 MB of German takes 0.4 s.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character (where its surrogate pair starts).
        self._astral_u16 = [pos + k for k, pos in enumerate(self._astral)]
        self._utf8: _Utf8Table | None = None
        """Made when first asked for: the window converts to Qt positions only."""
        # UTF-16 position of the "\r" of each "\r\n" (which Qt keeps as one break).
        crlf: list[int] = []
        start = text.find("\r\n")
        while start != -1:
            crlf.append(start)
            start = text.find("\r\n", start + 2)
        self._crlf_u16 = [self.to_utf16(i) for i in crlf]
        # ... and the Qt position of the break each one becomes.
        self._crlf_qt = [unit - k for k, unit in enumerate(self._crlf_u16)]

    @property
    def _bytes(self) -> _Utf8Table:
        if self._utf8 is None:
            self._utf8 = _Utf8Table(self._text)
        return self._utf8

    # Python index <-> UTF-16 code units

    def to_utf16(self, index: int) -> int:
        return index + bisect_left(self._astral, index)

    def from_utf16(self, unit: int) -> int:
        """The Python index at a UTF-16 position; inside a surrogate pair raises ValueError."""
        before = bisect_left(self._astral_u16, unit)
        if before and self._astral_u16[before - 1] + 1 == unit:
            raise ValueError(f"UTF-16 position {unit} falls inside a surrogate pair")
        return unit - before

    # Python index <-> UTF-8 bytes

    def to_utf8(self, index: int) -> int:
        table = self._bytes
        return index + table.extra[bisect_left(table.wide, index)]

    def from_utf8(self, byte: int) -> int:
        """The Python index at a UTF-8 byte offset; inside a character raises ValueError."""
        table = self._bytes
        k = bisect_right(table.starts, byte) - 1
        if k < 0:
            return byte
        start, width = table.starts[k], table.widths[k]
        if byte < start + width:
            if byte != start:
                raise ValueError(f"UTF-8 byte offset {byte} falls inside a character")
            return table.wide[k]
        return byte - table.extra[k + 1]

    # Python index <-> Qt document positions (UTF-16 with each CRLF as one break)

    def to_qt(self, index: int) -> int:
        unit = self.to_utf16(index)
        # Each CRLF whose "\r" lies before `unit` counts one unit less; a position between
        # "\r" and "\n" thus maps to the break itself.
        return unit - bisect_left(self._crlf_u16, unit)

    def from_qt(self, position: int) -> int:
        """The Python index at a Qt position (a break maps to its "\r")."""
        return self.from_utf16(position + bisect_left(self._crlf_qt, position))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WIDE = re.compile("[^\x00-\x7f]")


class _Utf8Table:
    """Where UTF-8 needs more than one byte a character: each such character's index, width,
    extra bytes before it, and the byte where it starts."""

    __slots__ = ("extra", "starts", "wide", "widths")

    def __init__(self, text: str) -> None:
        self.wide = [m.start() for m in _WIDE.finditer(text)]
        self.widths = [_utf8_width(ord(text[i])) for i in self.wide]
        self.extra = [0, *accumulate(w - 1 for w in self.widths)]
        self.starts = [pos + self.extra[k] for k, pos in enumerate(self.wide)]


def check_unicode(text: str) -> None:
    """Raise ValidationError if `text` is not valid Unicode (a lone surrogate from JSON).

    Python strings can hold lone surrogates ("\\ud800" in JSON); nothing can encode them.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(
            f"the text has a lone surrogate (U+{ord(text[error.start]):04X}) at offset "
            f"{error.start}: it is not valid Unicode"
        ) from None


def _utf8_width(code_point: int) -> int:
    if code_point < 0x80:
        return 1
    if code_point < 0x800:
        return 2
    if code_point < 0x10000:
        return 3
    return 4


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))
