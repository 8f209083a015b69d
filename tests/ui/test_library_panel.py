"""The library panel: search field, state and label filters, sorting by the header, jumping far."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.core import commands
from annotator.core.labels import Label
from annotator.core.library import SortKey
from annotator.core.model import DocState
from annotator.ui.library_model import Column, LibraryModel
from annotator.ui.library_panel import ANY_LABEL, ANY_STATE, LibraryPanel
from annotator.ui.numbers import number
from tests.ui.projects import build_project, numbered_documents

pytestmark = pytest.mark.gui


@pytest.fixture
def make_panel(qtbot, open_session):
    def make(path: Path) -> LibraryPanel:
        panel = LibraryPanel(LibraryModel(open_session(path)))
        qtbot.addWidget(panel)
        panel.resize(440, 500)
        return panel

    return make


def shown(panel: LibraryPanel) -> list[str]:
    model = panel.model
    return [model.summary(row).id for row in range(model.rowCount())]


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def click_header(qtbot, panel: LibraryPanel, column: Column) -> None:
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_filters_by_state_and_label(sample_project: Path, make_panel, qtbot):
    panel = make_panel(sample_project)
    session = panel.model._session
    first, second = (s.id for s in session.documents(limit=2))
    session.apply(commands.set_document_state(first, session.annotator, DocState.DONE, None))
    panel.model.refresh()
    assert panel.count.text() == "12 documents"
    assert not panel.clear_filters.isVisibleTo(panel)
    assert panel.state_filter.currentText() == ANY_STATE
    assert panel.label_filter.currentText() == ANY_LABEL
    assert panel.label_filter.count() == 1 + len(session.scheme.labels)

    with qtbot.waitSignal(panel.model.modelReset):
        choose(panel.state_filter, DocState.DONE)
    assert shown(panel) == [first]
    assert panel.model.query.annotator == session.annotator
    assert panel.count.text() == "1 of 12 documents"
    assert panel.clear_filters.isVisibleTo(panel)

    choose(panel.state_filter, DocState.NEW)
    assert len(shown(panel)) == 11
    assert first not in shown(panel)

    choose(panel.label_filter, "QUOTE")  # and new
    with_quotes = {s.id for s in session.documents(limit=100) if s.id != first}
    assert set(shown(panel)) <= with_quotes
    assert second in shown(panel)  # the IPCC article has quotations

    panel.clear_filters.click()
    assert panel.model.total == 12
    assert panel.state_filter.currentText() == ANY_STATE
    assert panel.label_filter.currentText() == ANY_LABEL
    assert not panel.clear_filters.isVisibleTo(panel)


def test_searches_titles_and_text(sample_project: Path, make_panel, qtbot):
    panel = make_panel(sample_project)
    qtbot.keyClicks(panel.filter, "Nobelkomit")  # in the text of the Nobel article only
    qtbot.waitUntil(lambda: panel.model.query.search == "Nobelkomit")
    assert shown(panel) == ["wikinews-de-59270"]
    assert panel.count.text() == "1 of 12 documents"


def test_the_shown_document_stays_selected_through_filters_and_sorting(
    sample_project: Path, make_panel, qtbot
):
    panel = make_panel(sample_project)
    chosen = []
    panel.document_chosen.connect(chosen.append)
    panel.select("annotator-sample-en-library")
    assert chosen == ["annotator-sample-en-library"]

    click_header(qtbot, panel, Column.TITLE)
    assert panel.model.query.sort is SortKey.TITLE
    row = panel.table.currentIndex().row()
    assert panel.model.summary(row).id == "annotator-sample-en-library"
    choose(panel.label_filter, "PER")
    row = panel.table.currentIndex().row()
    assert panel.model.summary(row).id == "annotator-sample-en-library"
    assert chosen == ["annotator-sample-en-library"]  # the same document: not chosen again


def test_header_clicks_sort_where_the_library_can(thousand_project: Path, make_panel, qtbot):
    panel = make_panel(thousand_project)
    header = panel.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.POSITION  # hidden: the library's order

    click_header(qtbot, panel, Column.TITLE)
    assert (panel.model.query.sort, panel.model.query.descending) == (SortKey.TITLE, False)
    click_header(qtbot, panel, Column.TITLE)
    assert panel.model.query.descending
    assert panel.model.index(0, Column.TITLE).data() == "Article 999"

    click_header(qtbot, panel, Column.SPANS)  # not sortable: the arrow stays where it was
    assert header.sortIndicatorSection() == Column.TITLE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert panel.model.query.sort is SortKey.TITLE

    click_header(qtbot, panel, Column.LENGTH)
    assert panel.model.query.sort is SortKey.LENGTH
    menu = panel.column_menu()
    [order] = [a for a in menu.actions() if "Library Order" in a.text().replace("&", "")]
    order.trigger()
    assert panel.model.query.sort is SortKey.POSITION
    assert not panel.model.query.descending


def test_the_header_menu_shows_and_hides_columns(thousand_project: Path, make_panel, qtbot):
    panel = make_panel(thousand_project)
    header = panel.table.horizontalHeader()
    assert header.isSectionHidden(Column.POSITION)  # the title needs the room more
    menu = panel.column_menu()
    by_text = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert list(by_text) == ["Place in the Library (#)", "Length", "Spans", "State"]
    assert not by_text["Place in the Library (#)"].isChecked()
    assert by_text["State"].isChecked()
    by_text["Place in the Library (#)"].trigger()
    assert not header.isSectionHidden(Column.POSITION)
    click_header(qtbot, panel, Column.POSITION)  # sorted by it already: now the other way
    assert (panel.model.query.sort, panel.model.query.descending) == (SortKey.POSITION, True)
    by_text["Length"].trigger()
    assert header.isSectionHidden(Column.LENGTH)
    assert panel.column_menu().actions()[1].text() == "Length"
    assert not panel.column_menu().actions()[1].isChecked()


def test_jumps_far_down_reading_only_the_pages_shown(tmp_path: Path, make_panel, qtbot):
    panel = make_panel(build_project(tmp_path / "big.annotator", numbered_documents(5000)))
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.select("doc-4321")
    assert panel.table.currentIndex().row() == 4321
    qtbot.wait(10)  # a paint
    pages = panel.model.pages_read
    assert 4321 // 200 in pages
    assert len(pages) <= 2  # the page of the row (and its neighbour at a page's edge)
    assert panel.step(+1)
    assert panel.current_id == "doc-4322"
    assert panel.model.index(4999, Column.POSITION).data() == number(5000)


def test_columns_fit_their_numbers(tmp_path: Path, make_panel):
    panel = make_panel(build_project(tmp_path / "few.annotator", numbered_documents(3)))
    header = panel.table.horizontalHeader()
    header.setSectionHidden(Column.POSITION, False)
    narrow = header.sectionSize(Column.POSITION)
    panel = make_panel(build_project(tmp_path / "many.annotator", numbered_documents(20_000)))
    header = panel.table.horizontalHeader()
    header.setSectionHidden(Column.POSITION, False)
    assert header.sectionSize(Column.POSITION) > narrow
    metrics = panel.table.fontMetrics()
    assert header.sectionSize(Column.POSITION) >= metrics.horizontalAdvance(number(20_000))
    assert header.sectionSize(Column.TITLE) > header.sectionSize(Column.STATE)


def test_the_label_filter_follows_the_scheme(sample_project: Path, make_panel):
    panel = make_panel(sample_project)
    session = panel.model._session
    choose(panel.label_filter, "PER")
    scheme = session.scheme
    grown = dataclasses.replace(scheme, labels=(*scheme.labels, Label("EVENT", "#CC79A7")))
    session.set_scheme(grown)
    panel.model.reload()
    names = [panel.label_filter.itemData(i) for i in range(panel.label_filter.count())]
    assert names == ["", *(label.name for label in grown.labels)]
    assert names[-1] == "EVENT"
    assert panel.label_filter.currentData() == "PER"  # still chosen
    assert panel.model.query.label == "PER"


def test_escape_clears_the_search_then_leaves_it(sample_project: Path, make_panel, qtbot):
    panel = make_panel(sample_project)
    panel.show()
    qtbot.waitExposed(panel)
    panel.filter.setFocus()
    qtbot.keyClicks(panel.filter, "obama")
    panel.apply_filter()
    assert panel.model.total == 1
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.filter.text() == ""
    assert panel.model.total == 12
    assert panel.focusWidget() is panel.filter
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.focusWidget() is panel.table
