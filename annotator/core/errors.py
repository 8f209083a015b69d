"""Errors the domain raises, each with a stable code that tests and tools can match on."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error this program reports to a person.

    `code` is stable across versions (like spaCy's E-codes); the message is for people.
    """

    code = "A000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(AnnotatorError):
    """An annotation does not fit its text or its label scheme."""

    code = "A100"


class ConflictError(AnnotatorError):
    """An edit expected a state that is no longer there (changed elsewhere, or undone twice)."""

    code = "A200"


class NothingToUndo(AnnotatorError):
    code = "A201"


class NothingToRedo(AnnotatorError):
    code = "A202"


class InputError(AnnotatorError):
    """Input that cannot be imported, with the file and line it came from."""

    code = "A400"

    def __init__(self, message: str, *, file: str = "", line: int | None = None) -> None:
        where = file + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)
        self.file = file
        self.line = line
        self.reason = message
