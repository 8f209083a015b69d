"""The library model, driven without a view: paging, roles, filtering, finding a row."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt

from annotator.core.library import DocumentQuery, DocumentSummary
from annotator.core.model import DocState
from annotator.services.importing import import_paths
from annotator.services.library import PAGE_SIZE
from annotator.store import Project
from annotator.ui.library_model import (
    STATE_SYMBOL,
    Column,
    DocIdRole,
    LibraryModel,
    SummaryRole,
)
from annotator.ui.numbers import number, quantity
from tests.ui.projects import build_project

pytestmark = pytest.mark.gui


def fetch_all(model: LibraryModel) -> int:
    pages = 0
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        pages += 1
    return pages


def test_pages_through_a_thousand_documents(thousand_project: Path, open_session, qtmodeltester):
    model = LibraryModel(open_session(thousand_project))
    assert model.total == 1000
    assert model.rowCount() == 0
    assert model.canFetchMore(QModelIndex())

    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE
    assert model.index(PAGE_SIZE - 1, Column.TITLE).data() == f"Article {PAGE_SIZE - 1}"

    pages = fetch_all(model)
    assert pages == 1000 // PAGE_SIZE - 1
    assert model.rowCount() == 1000
    assert not model.canFetchMore(QModelIndex())
    assert model.index(999, Column.TITLE).data(DocIdRole) == "doc-0999"
    qtmodeltester.check(model)


def test_inserts_each_page_as_rows(thousand_project: Path, open_session, qtbot):
    model = LibraryModel(open_session(thousand_project), page_size=50)
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore(QModelIndex())
    assert inserted.args[1:] == [0, 49]
    assert model.rowCount() == 50


def test_is_flat(thousand_project: Path, open_session):
    model = LibraryModel(open_session(thousand_project))
    model.fetchMore(QModelIndex())
    child_parent = model.index(0, 0)
    assert model.rowCount(child_parent) == 0
    assert model.columnCount(child_parent) == 0
    assert not model.canFetchMore(child_parent)
    assert model.columnCount() == len(Column)


def test_roles(tmp_path: Path, open_session):
    path = build_project(
        tmp_path / "roles.annotator",
        [
            {
                "id": "a",
                "text": "Angela Merkel sagte in Berlin etwas.",
                "meta": {"title": "Merkel <b>in</b> Berlin"},
                "spans": [
                    {"start": 0, "end": 13, "label": "PER"},
                    {"start": 23, "end": 29, "label": "LOC"},
                ],
                "states": {"tester": "done", "someone": "skipped"},
            },
            {"id": "b", "text": "Kein Titel hier.\nZweite Zeile."},
        ],
    )
    model = LibraryModel(open_session(path))
    fetch_all(model)
    assert model.rowCount() == 2

    def cell(row: int, column: Column, role=Qt.ItemDataRole.DisplayRole):
        return model.index(row, column).data(role)

    assert cell(0, Column.TITLE) == "Merkel <b>in</b> Berlin"
    assert cell(0, Column.LENGTH) == "36"
    assert cell(0, Column.SPANS) == "2"
    assert cell(0, Column.STATE) == STATE_SYMBOL[DocState.DONE]  # the annotator's own state
    assert cell(1, Column.TITLE) == "Kein Titel hier."  # no title: the first line
    assert cell(1, Column.STATE) == STATE_SYMBOL[DocState.NEW]
    for column in Column:
        assert cell(0, column, DocIdRole) == "a"
        assert isinstance(cell(0, column, SummaryRole), DocumentSummary)
    tip = cell(0, Column.TITLE, Qt.ItemDataRole.ToolTipRole)
    assert "Merkel &lt;b&gt;in&lt;/b&gt; Berlin" in tip  # the title is escaped, not markup
    assert "done for tester" in tip
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert cell(0, Column.LENGTH, Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.headerData(Column.TITLE, Qt.Orientation.Horizontal) == "Title"
    assert model.headerData(Column.STATE, Qt.Orientation.Horizontal) == "State"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.index(5, 0).data() is None


def test_query_filters_titles(thousand_project: Path, open_session, qtbot):
    model = LibraryModel(open_session(thousand_project))
    model.fetchMore(QModelIndex())
    with qtbot.waitSignal(model.modelReset):
        model.set_query(DocumentQuery(search="article 99"))
    expected = [f"Article {n}" for n in range(1000) if "99" in str(n)]  # every word must occur
    assert model.total == len(expected)
    assert model.rowCount() == 0
    fetch_all(model)
    titles = [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]
    assert titles == expected
    assert model.project_total() == 1000

    model.set_query(DocumentQuery(search="nothing like this"))
    assert model.total == 0
    assert not model.canFetchMore(QModelIndex())


def test_row_of_loads_the_pages_up_to_a_document(thousand_project: Path, open_session):
    model = LibraryModel(open_session(thousand_project))
    assert model.row_of("doc-0750") == 750
    assert model.rowCount() == 800  # whole pages, up to the one holding the row
    assert model.row_of("doc-0003") == 3
    assert model.row_of("no-such-document") is None

    model.set_query(DocumentQuery(search="Article 75"))
    shown = [n for n in range(1000) if "75" in str(n)]
    assert model.row_of("doc-0750") == shown.index(750)
    assert model.row_of("doc-0003") is None  # hidden by the filter


def test_ensure_row(thousand_project: Path, open_session):
    model = LibraryModel(open_session(thousand_project))
    assert model.ensure_row(450)
    assert model.rowCount() == 600
    assert not model.ensure_row(1000)
    assert not model.ensure_row(-1)
    assert model.rowCount() == 1000


def test_stops_paging_when_documents_vanish(thousand_project: Path, open_session):
    session = open_session(thousand_project)
    model = LibraryModel(session)
    model._total = 1200  # as if 200 documents were removed after counting
    fetch_all(model)
    assert model.rowCount() == 1000
    assert model.total == 1000
    assert not model.canFetchMore(QModelIndex())


def test_reload_reads_the_listing_again(tmp_path: Path, open_session):
    path = build_project(tmp_path / "grow.annotator", [{"id": "x", "text": "Eins."}])
    session = open_session(path)
    model = LibraryModel(session)
    fetch_all(model)
    assert model.rowCount() == 1
    more = tmp_path / "more.jsonl"
    more.write_text('{"id": "y", "text": "Zwei."}\n', encoding="utf-8")
    with Project.open(path) as project:
        import_paths(project, [more], annotator="tester")
    model.reload()
    fetch_all(model)
    assert [model.index(r, 0).data(DocIdRole) for r in range(model.rowCount())] == ["x", "y"]


def test_numbers_are_grouped_even_in_the_c_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale.c())
    try:
        assert number(100000) == "100,000"
        assert quantity(1, "span") == "1 span"
        assert quantity(2, "span") == "2 spans"
    finally:
        QLocale.setDefault(previous)
