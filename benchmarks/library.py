"""The library panel over 100,000 documents, measured with the real widgets offscreen.

    python -m benchmarks.worker build PROJECT 100000      (a project as open_100k uses)
    python -m benchmarks.library PROJECT

Prints JSON: the panel made and painted, jumping to a document near the end, scrolling,
sorting by a header, searching titles and text, filtering by label and state; each from the
call to the repaint done, in milliseconds. The first search of a word reads index pages from
disk; run it twice to see the figures with a warm cache.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.baseline import peak_rss_mb


def measure(path: str) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from annotator.services.library import ProjectSession
    from annotator.ui.library_model import Column, LibraryModel
    from annotator.ui.library_panel import LibraryPanel

    app = QApplication.instance() or QApplication([])
    from benchmarks.data import ANNOTATOR  # whose states the generated documents carry

    session = ProjectSession.open(path, read_only=True, annotator=ANNOTATOR)
    results: dict[str, float] = {}

    def painted(widget) -> None:
        widget.repaint()
        app.processEvents()

    started = time.perf_counter()
    model = LibraryModel(session)
    panel = LibraryPanel(model)
    panel.resize(440, 800)
    panel.show()
    painted(panel)
    results["made_and_painted_ms"] = (time.perf_counter() - started) * 1000
    results["documents"] = model.total

    def timed(name: str, action: Callable[[], object]) -> None:
        begun = time.perf_counter()
        action()
        painted(panel)
        results[name] = (time.perf_counter() - begun) * 1000

    def search(words: str) -> None:
        panel.filter.setText(words)
        panel.apply_filter()

    def choose(combo, data: str) -> None:
        combo.setCurrentIndex(combo.findData(data))

    near_end = session.documents(offset=model.total - 2, limit=1)[0].id
    header = panel.table.horizontalHeader()
    timed("jump_to_row_near_end_ms", lambda: panel.select(near_end))
    timed("scroll_to_top_ms", panel.table.scrollToTop)
    timed("scroll_to_bottom_ms", panel.table.scrollToBottom)
    timed("next_row_ms", lambda: panel.step(-1))
    timed(
        "sort_by_title_ms",
        lambda: header.setSortIndicator(Column.TITLE, Qt.SortOrder.AscendingOrder),
    )
    timed(
        "sort_by_length_desc_ms",
        lambda: header.setSortIndicator(Column.LENGTH, Qt.SortOrder.DescendingOrder),
    )
    timed(
        "sort_by_position_ms",
        lambda: header.setSortIndicator(Column.POSITION, Qt.SortOrder.AscendingOrder),
    )
    timed("search_one_word_ms", lambda: search("Berlin"))
    results["search_one_word_matches"] = model.total
    timed("search_two_words_ms", lambda: search("regierung berlin"))
    results["search_two_words_matches"] = model.total
    timed("clear_search_ms", lambda: search(""))
    timed("filter_label_ms", lambda: choose(panel.label_filter, "PER"))
    timed("filter_label_and_state_ms", lambda: choose(panel.state_filter, "done"))
    results["filter_label_and_state_matches"] = model.total
    timed("clear_filters_ms", panel.clear)
    results["pages_in_memory"] = len(model.pages_read)
    results["peak_rss_mb"] = peak_rss_mb()
    panel.close()
    session.close()
    return results


def main(argv: list[str]) -> None:
    print(json.dumps(measure(argv[0]), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
