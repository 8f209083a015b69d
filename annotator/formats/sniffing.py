"""Telling formats apart by the first bytes of a file (for `--format auto`)."""

from __future__ import annotations

import json
from typing import Any

_BOM = b"\xef\xbb\xbf"
_BLANK = b" \t\r\n"


def first_line(head: bytes) -> tuple[bytes, bool]:
    """The first non-blank line of `head` (BOM dropped) and whether it is complete in `head`."""
    data = head[len(_BOM) :] if head.startswith(_BOM) else head
    data = data.lstrip(_BLANK)
    end = data.find(b"\n")
    return (data, False) if end == -1 else (data[:end], True)


def first_json_value(head: bytes) -> Any:
    """The JSON value on the first line, or None when it is cut off or not JSON."""
    line, _ = first_line(head)
    try:
        return json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def first_json_keys(head: bytes) -> set[str] | None:
    """The keys of the JSON object starting the first line, also when the line is cut off in
    `head` (then the keys seen so far); None when the line does not start a JSON object."""
    line, _ = first_line(head)
    if not line.startswith(b"{"):
        return None
    value = first_json_value(head)
    if isinstance(value, dict):
        return set(value)
    return _top_level_keys(line.decode("utf-8", "replace"))


def _top_level_keys(text: str) -> set[str] | None:
    """Keys at depth one of a JSON object that may be cut off: a small scanner of strings and
    brackets (no values are parsed)."""
    keys: set[str] = set()
    depth = 0
    index = 0
    expecting_key = False
    while index < len(text):
        char = text[index]
        if char == '"':
            end = index + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                break
            if depth == 1 and expecting_key:
                try:
                    keys.add(json.loads(text[index : end + 1]))
                except json.JSONDecodeError:
                    return None
                expecting_key = False
            index = end + 1
            continue
        if char in "{[":
            depth += 1
            expecting_key = char == "{" and depth == 1
        elif char in "}]":
            depth -= 1
        elif char == "," and depth == 1:
            expecting_key = True
        index += 1
    return keys


def is_json_array(head: bytes) -> bool:
    line, _ = first_line(head)
    return line.startswith(b"[")
