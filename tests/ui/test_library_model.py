"""The library model, driven without a view: paging, roles, filtering, finding a row."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt

from annotator.core import commands
from annotator.core.library import DocumentQuery, DocumentSummary, SortKey
from annotator.core.model import Span
from annotator.services.importing import import_paths
from annotator.services.library import PAGE_SIZE
from annotator.store import Project
from annotator.ui.library_model import (
    KEPT_PAGES,
    Column,
    DocIdRole,
    LibraryModel,
    SummaryRole,
)
from annotator.ui.numbers import number, quantity
from tests.ui.projects import build_project, numbered_documents

pytestmark = pytest.mark.gui


def titles(model: LibraryModel) -> list[str]:
    return [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]


def test_every_document_is_a_row_read_by_page(thousand_project: Path, open_session, qtmodeltester):
    model = LibraryModel(open_session(thousand_project))
    assert model.total == model.rowCount() == 1000
    assert model.pages_read == []  # nothing read until a row is asked for
    assert not model.canFetchMore(QModelIndex())

    assert model.index(0, Column.TITLE).data() == "Article 0"
    assert model.pages_read == [0]
    assert model.index(999, Column.TITLE).data(DocIdRole) == "doc-0999"
    assert model.pages_read == [0, 999 // PAGE_SIZE]  # the last page, not those between
    assert model.index(PAGE_SIZE - 1, Column.POSITION).data() == number(PAGE_SIZE)
    qtmodeltester.check(model)


def test_keeps_only_a_few_pages(thousand_project: Path, open_session):
    model = LibraryModel(open_session(thousand_project), page_size=10)
    for row in range(0, 1000, 10):
        assert model.index(row, Column.TITLE).data() == f"Article {row}"
    assert len(model.pages_read) == KEPT_PAGES
    assert model.pages_read[-1] == 99
    model.index(0, 0).data()  # read again, now the most recent
    assert model.pages_read[-1] == 0
    assert len(model.pages_read) == KEPT_PAGES


@pytest.mark.slow
def test_a_hundred_thousand_rows_cost_one_page(tmp_path: Path, open_session):
    path = build_project(tmp_path / "big.annotator", numbered_documents(100_000))
    model = LibraryModel(open_session(path))
    assert model.rowCount() == 100_000
    assert model.row_of("doc-99998") == 99_998
    assert model.pages_read == [99_998 // PAGE_SIZE]
    assert model.index(99_999, Column.TITLE).data() == "Article 99999"


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
    assert model.rowCount() == 2

    def cell(row: int, column: Column, role=Qt.ItemDataRole.DisplayRole):
        return model.index(row, column).data(role)

    assert cell(0, Column.TITLE) == "Merkel <b>in</b> Berlin"
    assert cell(0, Column.LENGTH) == "36"
    assert cell(0, Column.SPANS) == "2"
    assert cell(0, Column.STATE) == "● done"  # the annotator's own state, symbol and word
    assert cell(0, Column.POSITION) == "1"
    assert cell(1, Column.TITLE) == "Kein Titel hier."  # no title: the first line
    assert cell(1, Column.STATE) == "○ new"
    assert cell(1, Column.POSITION) == "2"
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
    assert model.summary(2) is None
    assert model.summary(-1) is None


def test_query_filters_titles(thousand_project: Path, open_session, qtbot):
    model = LibraryModel(open_session(thousand_project))
    model.index(0, 0).data()
    with qtbot.waitSignal(model.modelReset):
        model.set_query(DocumentQuery(search="article 99"))
    expected = [f"Article {n}" for n in range(1000) if "99" in str(n)]  # every word must occur
    assert model.total == model.rowCount() == len(expected)
    assert model.pages_read == []
    assert titles(model) == expected
    assert model.project_total() == 1000

    model.set_query(DocumentQuery(search="nothing like this"))
    assert model.total == model.rowCount() == 0


def test_query_searches_the_text(thousand_project: Path, open_session):
    model = LibraryModel(open_session(thousand_project))
    model.set_query(DocumentQuery(search="ipsu"))  # "Lorem ipsum." in 6 of every 7
    assert model.total == sum(1 for n in range(1000) if n % 7)
    model.set_query(DocumentQuery(search="ipsu", in_text=False))
    assert model.total == 0


def test_sorts_as_the_header_asks(thousand_project: Path, open_session, qtbot):
    model = LibraryModel(open_session(thousand_project))
    with qtbot.waitSignal(model.modelReset):
        model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert (model.query.sort, model.query.descending) == (SortKey.TITLE, True)
    assert model.index(0, Column.TITLE).data() == "Article 999"
    model.sort(Column.LENGTH)
    assert model.query.sort is SortKey.LENGTH
    lengths = [model.summary(row).length for row in range(1000)]
    assert lengths == sorted(lengths)
    with qtbot.assertNotEmitted(model.modelReset):
        model.sort(Column.SPANS)  # not sortable: nothing changes
        model.sort(Column.STATE, Qt.SortOrder.DescendingOrder)
        model.sort(Column.LENGTH)  # as it is already
    model.sort(Column.POSITION, Qt.SortOrder.DescendingOrder)
    assert model.index(0, Column.POSITION).data() == number(1000)


def test_row_of_finds_a_document_without_reading_the_rows_before(
    thousand_project: Path, open_session
):
    model = LibraryModel(open_session(thousand_project))
    assert model.row_of("doc-0750") == 750
    assert model.pages_read == [750 // PAGE_SIZE]
    assert model.row_of("doc-0003") == 3
    assert model.row_of("no-such-document") is None

    model.set_query(DocumentQuery(search="Article 75"))
    shown = [n for n in range(1000) if "75" in str(n)]
    assert model.row_of("doc-0750") == shown.index(750)
    assert model.row_of("doc-0003") is None  # hidden by the filter


def test_ensure_row(thousand_project: Path, open_session):
    model = LibraryModel(open_session(thousand_project))
    assert model.ensure_row(450)
    assert model.ensure_row(999)
    assert not model.ensure_row(1000)
    assert not model.ensure_row(-1)


def test_reads_again_when_documents_vanish(thousand_project: Path, open_session, qtbot):
    session = open_session(thousand_project)
    model = LibraryModel(session)
    model._total = 1200  # as if 200 documents were removed after counting
    assert model.index(1100, Column.TITLE).data() is None
    with qtbot.waitSignal(model.modelReset):
        pass  # counted again once the view is done asking
    assert model.total == model.rowCount() == 1000


def test_reload_reads_the_listing_again(tmp_path: Path, open_session):
    path = build_project(tmp_path / "grow.annotator", [{"id": "x", "text": "Eins."}])
    session = open_session(path)
    model = LibraryModel(session)
    assert model.rowCount() == 1
    more = tmp_path / "more.jsonl"
    more.write_text('{"id": "y", "text": "Zwei."}\n', encoding="utf-8")
    with Project.open(path) as project:
        import_paths(project, [more], annotator="tester")
    model.reload()
    assert [model.index(r, 0).data(DocIdRole) for r in range(model.rowCount())] == ["x", "y"]


def test_refresh_rereads_rows_in_place(tmp_path: Path, open_session, qtbot):
    """After an edit: the counts change without a reset, unless a filter's rows changed."""
    path = build_project(
        tmp_path / "edit.annotator",
        [{"id": "x", "text": "Angela Merkel."}, {"id": "y", "text": "Zwei."}],
    )
    session = open_session(path)
    model = LibraryModel(session)
    assert model.index(0, Column.SPANS).data() == "0"
    session.apply(commands.add_span(Span("x", 0, 13, "PER", session.annotator), "Angela Merkel."))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        model.refresh()
    assert model.index(0, Column.SPANS).data() == "1"

    model.set_query(DocumentQuery(label="PER"))
    assert model.total == 1
    session.apply(commands.add_span(Span("y", 0, 4, "PER", session.annotator), "Zwei."))
    with qtbot.waitSignal(model.modelReset):
        model.refresh()
    assert model.total == 2


def test_numbers_are_grouped_even_in_the_c_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale.c())
    try:
        assert number(100000) == "100,000"
        assert quantity(1, "span") == "1 span"
        assert quantity(2, "span") == "2 spans"
    finally:
        QLocale.setDefault(previous)


def test_a_filtered_sorted_model_passes_the_model_tester(
    sample_project: Path, open_session, qtmodeltester
):
    model = LibraryModel(
        open_session(sample_project),
        query=DocumentQuery(search="jahr", label="PER", sort=SortKey.TITLE, descending=True),
        page_size=2,
    )
    assert model.total == 2  # the Nobel and the IPCC articles
    assert [model.summary(row).title for row in range(2)] == [
        "IPCC: Der Klimawandel hat bereits begonnen",
        "Friedensnobelpreis geht an Obama",
    ]
    qtmodeltester.check(model)
