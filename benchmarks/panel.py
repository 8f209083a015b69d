"""The annotation panel on the 1 MB document of `benchmarks.window` (20,500 spans), offscreen.

    python -m benchmarks.window build PROJECT
    python -m benchmarks.panel PROJECT

Prints JSON, in milliseconds: showing the document's spans (`set_editor` and a paint),
selecting an entity and a quotation (form filled, row scrolled to; median of 20), and what one
relabel costs with the panel listening over what it costs without (median of 20 each).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.baseline import peak_rss_mb
from benchmarks.window import DOC_ID

ROUNDS = 20


def _ms(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def measure(project_path: str) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from annotator.services.editing import DocumentEditor
    from annotator.services.library import ProjectSession
    from annotator.ui.annotation_panel import AnnotationPanel

    app = QApplication.instance() or QApplication([])
    result: dict[str, float] = {}
    with ProjectSession.open(project_path, annotator="bench-panel") as session:
        editor = DocumentEditor(session, DOC_ID)
        panel = AnnotationPanel()
        panel.resize(360, 760)
        panel.show()
        app.processEvents()

        def settle() -> None:
            app.processEvents()
            panel.repaint()

        result["show_document"] = _ms(lambda: (panel.set_editor(editor), settle()))
        spans = editor.spans()
        for kind, label in (("entity", "PER"), ("quotation", "QUOTE")):
            chosen = [s for s in spans if s.label == label][: ROUNDS * 10 : 10]
            result[f"select_{kind}"] = statistics.median(
                _ms(lambda s=s: (panel.select_span(s.id), settle())) for s in chosen
            )
        entity = next(s for s in spans if s.label == "PER")

        def relabel() -> None:
            label = "LOC" if editor.span(entity.id).label == "PER" else "PER"
            editor.relabel(entity.id, label)
            settle()

        panel.select_span(entity.id)
        with_panel = statistics.median(_ms(relabel) for _ in range(ROUNDS))
        panel.set_editor(None)
        without = statistics.median(_ms(relabel) for _ in range(ROUNDS))
        result["relabel_with_panel"] = with_panel
        result["relabel_without_panel"] = without
        result["panel_share_of_relabel"] = with_panel - without
    figures = {name: round(value, 1) for name, value in result.items()}
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
