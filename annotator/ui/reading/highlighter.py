"""Entity colours as character formats, one block at a time, read from the span index.

Qt asks for one block (paragraph) at a time; after an edit the view asks again only for the
blocks the edited span touches (`rehighlightBlock`), never for the whole document. Positions
come from the block (UTF-16 units, as the index holds them); the `text` Qt passes is a Python
str whose indices would differ after an emoji, so it is never indexed.
"""

from __future__ import annotations

from PySide6.QtGui import QSyntaxHighlighter, QTextDocument

from annotator.ui.reading.look import Look
from annotator.ui.reading.spans import SpanIndex


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.index: SpanIndex | None = None
        self.look: Look | None = None

    def show(self, index: SpanIndex | None, look: Look | None) -> None:
        self.index, self.look = index, look
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        index, look = self.index, self.look
        if index is None or look is None:
            return
        block = self.currentBlock()
        start = block.position()
        end = start + block.length() - 1
        entity_format, set_format = look.entity_format, self.setFormat
        # Outer spans come first, so an inner one paints over its outer one.
        for span in index.entities_between(start, end):
            a = span.start if span.start > start else start
            b = span.end if span.end < end else end
            if b > a:
                set_format(
                    a - start,
                    b - a,
                    entity_format(span.label, pending=span.pending, rejected=span.rejected),
                )
