"""A small annotated project and a window on it, for the reading-view and editing-key tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import AnnotatedDocument, Document, Source, Span, Status
from annotator.core.offsets import OffsetMap
from annotator.resources import load_scheme
from annotator.services.library import ProjectSession
from annotator.store import Project
from annotator.ui.main_window import MainWindow

# Emoji (two UTF-16 units each) and a combining accent before the spans: Qt positions differ.
TEXT = (
    "😀👍 Cafe\u0301 am Morgen. Angela Merkel sagte in Berlin: „Wir schaffen das.“ "
    "Die Universität Hamburg schwieg, und Olaf Scholz nickte."
)
OTHER_TEXT = "Ein zweites Dokument über Paris."


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def build(path: Path) -> Path:
    """Document "a": Merkel (PER), a quotation, a pending LOC suggestion on Berlin; "b"."""
    merkel = Span("a", *at("Angela Merkel"), "PER", "tester", id="merkel")
    scholz = Span("a", *at("Olaf Scholz"), "PER", "tester", id="scholz")
    quote = Span("a", *at("„Wir schaffen das.“"), "QUOTE", "tester", id="quote")
    berlin = Span(
        "a",
        *at("Berlin"),
        "LOC",
        "tester",
        id="berlin",
        source=Source.MODEL,
        model="de-model",
        status=Status.PENDING,
    )
    hamburg = Span(
        "a",
        *at("Hamburg"),
        "LOC",
        "tester",
        id="hamburg",
        source=Source.MODEL,
        model="de-model",
        status=Status.PENDING,
    )
    with (
        Project.create(path, load_scheme("german-news"), name="Reading") as project,
        project.importing("tester", "test") as sink,
    ):
        sink.add(
            AnnotatedDocument(
                Document("a", TEXT, {"title": "Erstes"}), (merkel, scholz, quote, berlin, hamburg)
            ),
            origin="t:1",
        )
        sink.add(AnnotatedDocument(Document("b", OTHER_TEXT, {"title": "Zweites"})), origin="t:2")
    return path


def window_opener(qtbot) -> Iterator:
    """Yields open_window(path) -> MainWindow showing document "a", the text focused; closes
    every window (and its session) afterwards. For a fixture: `yield from window_opener(qtbot)`.
    """
    opened: list[tuple[MainWindow, ProjectSession]] = []

    def open_window(path: Path) -> MainWindow:
        session = ProjectSession.open(path, annotator="tester")
        window = MainWindow(session, remember_layout=False)
        opened.append((window, session))
        window.resize(1100, 700)
        window.show()
        qtbot.waitExposed(window)
        window.open_first("a")
        window.reader.text.setFocus()
        QApplication.processEvents()
        return window

    yield open_window
    close_all(opened)


def close_all(opened: list[tuple[MainWindow, ProjectSession]]) -> None:
    for window, session in opened:
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        session.close()
    opened.clear()


def point_of(window: MainWindow, index: int) -> QPoint:
    """The viewport point just right of the left edge of character `index` (a Python index)."""
    canvas = window.reader.text
    qt = OffsetMap(TEXT).to_qt(index)
    cursor = canvas.textCursor()
    cursor.setPosition(qt)
    rect = canvas.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.center().y())


def select_with_mouse(qtbot, window: MainWindow, start: int, end: int) -> None:
    """Press at `start`, drag to `end` and release (Python indices into TEXT)."""
    viewport = window.reader.text.viewport()
    left = Qt.MouseButton.LeftButton
    begin = point_of(window, start) - QPoint(2, 0)
    finish = point_of(window, end) - QPoint(2, 0)
    qtbot.mousePress(viewport, left, pos=begin)
    qtbot.mouseMove(viewport, pos=finish)
    qtbot.mouseRelease(viewport, left, pos=finish)


def click(qtbot, window: MainWindow, index: int) -> None:
    viewport = window.reader.text.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, index))


def key(qtbot, window: MainWindow, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.reader.text, key, modifiers)
