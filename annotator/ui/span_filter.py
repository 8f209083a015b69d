"""Which of the open document's spans the panel's table shows: by annotator, label, status
and text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel

from annotator.core.model import Status
from annotator.ui.span_model import FilterRole, SortRole


class SpanFilter(QSortFilterProxyModel):
    """Shows the spans of one label, one status, with some text (None, "": any); sorts too.

    The filter is a regular expression on `FilterRole`, matched by Qt itself: with no filter
    set, Qt looks at no row at all (a Python `filterAcceptsRow` would be called 20,000 times
    for a long document, about 100 ms, on every document opened).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._label: str | None = None
        self._status: Status | None = None
        self._text = ""
        self._annotators: frozenset[str] | None = None
        self.setSortRole(SortRole)
        self.setFilterRole(FilterRole)
        self.setFilterKeyColumn(0)

    @property
    def label(self) -> str | None:
        return self._label

    @property
    def status(self) -> Status | None:
        return self._status

    def set_label(self, label: str | None) -> None:
        if label != self._label:
            self._label = label
            self._apply()

    def set_status(self, status: Status | str | None) -> None:
        """Show only spans of this status (a combo box hands `Status` back as its str value)."""
        status = Status(status) if status else None
        if status != self._status:
            self._status = status
            self._apply()

    def set_annotators(self, annotators: frozenset[str] | None) -> None:
        """Show only the spans of these annotators (None: everyone's)."""
        if annotators != self._annotators:
            self._annotators = annotators
            self._apply()

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Show only spans whose text contains `text` (any case, whitespace collapsed)."""
        text = " ".join(text.split())
        if text != self._text:
            self._text = text
            self._apply()

    def _apply(self) -> None:
        if (
            self._label is None
            and self._status is None
            and not self._text
            and self._annotators is None
        ):
            pattern = ""
        else:
            escape = QRegularExpression.escape
            who = "[^\t]*"
            if self._annotators is not None:
                who = "(?:" + "|".join(escape(a) for a in sorted(self._annotators)) + ")"
            label = escape(self._label) if self._label is not None else "[^\t]*"
            status = escape(self._status.value) if self._status is not None else "[^\t]*"
            text = f".*{escape(self._text)}" if self._text else ""
            pattern = f"^{who}\t{label}\t{status}\t{text}"
        expression = QRegularExpression(
            pattern, QRegularExpression.PatternOption.CaseInsensitiveOption
        )
        self.setFilterRegularExpression(expression)


__all__ = ["SpanFilter"]
