"""The annotation window on a 1 MB document, measured with the real widget offscreen.

    python -m benchmarks.window build PROJECT [one-paragraph]
    python -m benchmarks.window measure PROJECT SPAWNED_AT [annotated|reader|plain]

`build` writes a project holding one generated German document of about 1 MB (news articles
one after another, a paragraph each, or all in one paragraph) with 20,000 entity spans on whole
words and 500 quotations. `measure` opens it in the main window in a fresh process and prints
JSON: first paint from process start (the reading view has drawn the document's text: a long
one's first screens with their spans, the rest loading right after), ready (the whole document
loaded and editable, the panel filled), each keyboard edit from key press to repaint done (create
a span with a label key, relabel it), jumping to the end (Ctrl+End), page-down, and peak RSS.
With `plain` it shows the same text in a bare QPlainTextEdit, without spans: the baseline.
With `reader` the window is built without its annotation panel, to tell the reading view's
share of the time from the panel's.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.baseline import peak_rss_mb

DOC_ID = "bench-1mb"
SIZE = 1_000_000
ENTITIES = 20_000
QUOTATIONS = 500
EDITS = 60
PAGES = 40
SEED = 20261125


def build(project_path: str, shape: str = "paragraphs") -> dict:
    from annotator.core.model import AnnotatedDocument, Document, Span
    from annotator.resources import load_scheme
    from annotator.store import Project
    from benchmarks import data

    rng = random.Random(SEED)
    parts, length = [], 0
    articles = data.load_articles()
    while length < SIZE:
        text = articles[len(parts) % len(articles)]["text"].replace("\n", " ")
        parts.append(text)
        length += len(text) + 1
    text = (" " if shape == "one-paragraph" else "\n").join(parts)
    words = [m.span() for m in data._WORD.finditer(text)]
    chosen = sorted(rng.sample(range(len(words)), ENTITIES))
    labels = data.ENTITY_LABELS
    spans = [
        Span(DOC_ID, *words[n], labels[n % len(labels)], data.ANNOTATOR, id=f"e{n}") for n in chosen
    ]
    # Quotations of 8-30 words, apart from each other, spread over the text.
    stride = len(words) // QUOTATIONS
    for q in range(QUOTATIONS):
        first = q * stride + rng.randrange(0, stride // 2)
        last = min(first + rng.randrange(8, 30), (q + 1) * stride - 1)
        spans.append(
            Span(DOC_ID, words[first][0], words[last][1], "QUOTE", data.ANNOTATOR, id=f"q{q}")
        )
    started = time.perf_counter()
    with (
        Project.create(project_path, load_scheme("german-news")) as project,
        project.importing(data.ANNOTATOR, "window benchmark") as sink,
    ):
        sink.add(
            AnnotatedDocument(
                Document(DOC_ID, text, {"title": "Ein langes Dokument"}), tuple(spans)
            ),
            origin="bench",
        )
    return {
        "seconds": time.perf_counter() - started,
        "characters": len(text),
        "paragraphs": text.count("\n") + 1,
        "spans": len(spans),
    }


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(project_path: str, spawned_at: str, mode: str = "annotated") -> dict:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QPlainTextEdit

    from annotator.services.library import ProjectSession
    from annotator.ui.app import SCREENSHOT_SIZE, application
    from annotator.ui.main_window import MainWindow

    if mode == "reader":
        from annotator.ui import main_window

        # MainWindow looks the installer up when it is built, so this takes effect.
        if hasattr(main_window, "install_annotation_panel"):
            main_window.install_annotation_panel = lambda window: None  # type: ignore[assignment]
    app = application()
    session = ProjectSession.open(project_path, annotator="bench-editor")
    if mode == "plain":
        text = session.document(DOC_ID).document.text
        widget = QPlainTextEdit()
        widget.setReadOnly(True)
        widget.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        widget.resize(*SCREENSHOT_SIZE)
        widget.setPlainText(text)
        widget.show()
        app.processEvents()
        widget.repaint()
        first_paint = ready = time.perf_counter() - float(spawned_at)
        canvas = widget
        canvas.setFocus()
    else:
        window = MainWindow(session, remember_layout=False)
        canvas = window.reader.text
        painted: list[float] = []

        def text_painted() -> None:
            if not painted and canvas.document().characterCount() > 1:
                painted.append(time.perf_counter() - float(spawned_at))

        canvas.painted.connect(text_painted)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        window.open_first(DOC_ID)
        while not painted or window.opening:
            app.processEvents()
        window.repaint()
        first_paint = painted[0]
        ready = time.perf_counter() - float(spawned_at)
        canvas.setFocus()

    def press(key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier, text: str = "") -> float:
        """Seconds from the key press to the end of the repaint it causes."""
        started = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            app.sendEvent(canvas, QKeyEvent(kind, key, modifiers, text))
        canvas.viewport().repaint()
        return time.perf_counter() - started

    edits: list[float] = []
    if mode != "plain":
        editor = window.editor
        assert editor is not None
        covered = {(s.start, s.end) for s in editor.spans()}
        taken = sorted(covered)
        rng = random.Random(SEED)
        from bisect import bisect_left

        from benchmarks.data import _WORD

        free = []
        for match in _WORD.finditer(editor.text):
            span = match.span()
            at = bisect_left(taken, span)
            neighbours = taken[max(0, at - 1) : at + 1]
            if all(b <= span[0] or a >= span[1] for a, b in neighbours):
                free.append(span)
        for start, end in rng.sample(free, EDITS // 2):
            cursor = canvas.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
            canvas.setTextCursor(cursor)
            canvas.ensureCursorVisible()
            canvas.viewport().repaint()
            before = len(editor.spans())
            edits.append(press(Qt.Key.Key_1, text="1"))  # a new PER span
            if len(editor.spans()) != before + 1:
                raise SystemExit(f"the label key made no span at {start}-{end}")
            edits.append(press(Qt.Key.Key_2, text="2"))  # relabelled LOC
    canvas.verticalScrollBar().setValue(0)
    canvas.viewport().repaint()
    to_end = press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    if canvas.textCursor().position() != canvas.document().characterCount() - 1:
        raise SystemExit("Ctrl+End did not reach the end")
    canvas.verticalScrollBar().setValue(0)
    canvas.moveCursor(canvas.textCursor().MoveOperation.Start)
    canvas.viewport().repaint()
    pages = [press(Qt.Key.Key_PageDown) for _ in range(PAGES)]
    return {
        "seconds": first_paint,
        "first_paint": first_paint,
        "ready": ready,
        "edit_p95": p95(edits) if edits else 0.0,
        "edit_max": max(edits) if edits else 0.0,
        "edits": len(edits),
        "jump_to_end": to_end,
        "page_down_p95": p95(pages),
        "mode": mode,
    }


def main(argv: list[str]) -> None:
    action, *arguments = argv
    result = {"build": build, "measure": measure}[action](*arguments)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
