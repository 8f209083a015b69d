"""A long document opens in two steps: its first screens with their spans at once, the rest
right after the first paint. Nothing may be lost or misplaced on the way: not the spans past
the first part, not positions after emoji and CRLF, not a key pressed before the rest arrived.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import AnnotatedDocument, Document, Span
from annotator.core.offsets import OffsetMap
from annotator.resources import load_scheme
from annotator.store import Project
from annotator.ui.main_window import OPEN_REST_MS
from annotator.ui.reading.paragraphs import display_text, first_part_end
from annotator.ui.reading_view import FIRST_PART
from tests.ui.reading_world import window_opener

pytestmark = pytest.mark.gui

PARAGRAPH = "Angela Merkel 😀 traf Olaf Scholz in Berlin, sagte die Sprecherin am Montag. "


def long_text() -> str:
    """About 3 x FIRST_PART characters in paragraphs, with emoji and CRLF line ends."""
    paragraphs, length = [], 0
    while length < 3 * FIRST_PART:
        paragraphs.append(PARAGRAPH * 3)
        length += len(paragraphs[-1]) + 2
    return "\r\n".join(paragraphs)


TEXT = long_text()


def merkel_spans(text: str) -> list[Span]:
    spans, start = [], text.find("Angela Merkel")
    while start != -1:
        spans.append(Span("long", start, start + 13, "PER", "tester", id=f"per-{start}"))
        start = text.find("Angela Merkel", start + 1)
    return spans


@pytest.fixture
def long_project(tmp_path: Path) -> Path:
    path = tmp_path / "long.annotator"
    with (
        Project.create(path, load_scheme("german-news"), name="Long") as project,
        project.importing("tester", "test") as sink,
    ):
        long = Document("long", TEXT, {"title": "Lang"})
        sink.add(AnnotatedDocument(long, tuple(merkel_spans(TEXT))), origin="t:1")
        sink.add(AnnotatedDocument(Document("short", "Kurz und gut.", {})), origin="t:2")
    return path


@pytest.fixture
def window_on(qapp, qtbot):
    yield from window_opener(qtbot)


def shown_text(window) -> str:
    return window.reader.text.document().toPlainText()


def tinted(window, start: int, end: int) -> bool:
    """Whether the highlighter coloured [start, end) (Python indices into TEXT)."""
    offsets = OffsetMap(TEXT)
    qt_start, qt_end = offsets.to_qt(start), offsets.to_qt(end)
    block = window.reader.text.document().findBlock(qt_start)
    base = block.position()
    return any(
        (r.start + base, r.start + base + r.length) == (qt_start, qt_end)
        for r in block.layout().formats()
    )


def test_the_first_part_ends_at_a_paragraph_break():
    assert first_part_end("kurz", 10) is None
    assert first_part_end("a" * 30, 10) is None  # no break to end at: shown whole
    assert first_part_end("a" * 12 + "\nb" * 5, 10) == 12
    # Never between the "\r" and the "\n" of a CRLF: Qt makes one break of the two.
    assert first_part_end("a" * 12 + "\r\nb" * 5, 10) == 12


def test_a_long_document_shows_its_first_part_then_the_rest(long_project, window_on, qtbot):
    window = window_on(long_project)
    qtbot.waitUntil(lambda: not window.opening)
    window.show_document("short")
    window.show_document("long")

    cut = first_part_end(display_text(TEXT), FIRST_PART)
    assert cut is not None
    assert window.opening
    assert shown_text(window) == display_text(TEXT)[:cut].replace("\r\n", "\n")
    first = [s for s in merkel_spans(TEXT) if s.start < cut]
    assert window.reader.controller.index is not None
    assert len(window.reader.controller.index) == len(first)
    assert tinted(window, first[-1].start, first[-1].end)
    assert window.reader.legend.describe().endswith("counting")

    qtbot.waitUntil(lambda: not window.opening)
    assert shown_text(window) == display_text(TEXT).replace("\r\n", "\n")
    last = merkel_spans(TEXT)[-1]
    assert last.start > cut
    assert tinted(window, last.start, last.end)  # coloured as the rest arrived
    assert window.editor is not None
    assert len(window.editor.spans()) == len(merkel_spans(TEXT))
    assert window.panel.model.rowCount() == len(merkel_spans(TEXT))
    assert f"PER (entity): key 1, {len(merkel_spans(TEXT))} in this document" in (
        window.reader.legend.describe()
    )


def test_asking_for_the_editor_finishes_opening(long_project, window_on):
    window = window_on(long_project)
    window.show_document("long")
    editor = window.editor
    assert not window.opening
    assert editor is not None
    assert editor.doc_id == "long"
    assert shown_text(window) == display_text(TEXT).replace("\r\n", "\n")


def test_a_key_pressed_before_the_rest_arrives_is_not_lost(long_project, window_on, qtbot):
    window = window_on(long_project)
    window.show_document("long")
    assert window.opening
    start = TEXT.index("Olaf Scholz")
    offsets = OffsetMap(TEXT)
    canvas = window.reader.text
    cursor = canvas.textCursor()
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(start + len("Olaf Scholz")), cursor.MoveMode.KeepAnchor)
    canvas.setTextCursor(cursor)

    qtbot.keyClick(canvas, Qt.Key.Key_1)

    assert not window.opening
    made = [s for s in window.editor.spans() if s.start == start]
    assert [(s.label, s.end) for s in made] == [("PER", start + len("Olaf Scholz"))]


def test_another_document_chosen_while_one_opens(long_project, window_on, qtbot):
    window = window_on(long_project)
    window.show_document("long")
    window.show_document("short")
    assert not window.opening
    qtbot.wait(2 * OPEN_REST_MS)  # past the moment the long one's rest would have loaded
    assert window.editor is not None
    assert window.editor.doc_id == "short"
    assert shown_text(window) == "Kurz und gut."
