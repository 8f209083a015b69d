"""The span table model, driven without a view: rows follow the editor edit by edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from annotator.core.model import AnnotatedDocument, Document, Source, Span, Status
from annotator.resources import load_scheme
from annotator.services.editing import DocumentEditor
from annotator.services.library import ProjectSession
from annotator.store import Project
from annotator.ui.span_filter import SpanFilter
from annotator.ui.span_model import (
    UNLINKED,
    Column,
    LabelRole,
    SpanIdRole,
    SpanModel,
    StatusRole,
    shorten,
)

pytestmark = pytest.mark.gui

TEXT = (
    "Angela Merkel sagte in Berlin: „Wir schaffen das, und zwar ganz bestimmt, "
    "auch wenn es lange dauert.“ 😀 Die Universität Hamburg schwieg."
)


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    suggestion = Span(
        "d",
        *at("Berlin"),
        "LOC",
        "anna",
        source=Source.MODEL,
        model="de_core",
        status=Status.PENDING,
    )
    with (
        Project.create(path, load_scheme("german-news")) as project,
        project.importing("anna", "test") as sink,
    ):
        sink.add(AnnotatedDocument(Document("d", TEXT), (suggestion,)), origin="t:1")
    return path


@pytest.fixture
def editor(path: Path) -> Iterator[DocumentEditor]:
    with ProjectSession.open(path, annotator="anna") as session:
        yield DocumentEditor(session, "d")


def rows(model) -> list[tuple[str, str]]:
    return [
        (
            model.index(row, Column.TEXT).data(),
            model.index(row, Column.LABEL).data(),
        )
        for row in range(model.rowCount())
    ]


def cell(model: SpanModel, span_id: str, column: Column):
    row = model.row_of(span_id)
    assert row is not None
    return model.index(row, column).data()


def test_columns_show_the_span(editor: DocumentEditor, qtmodeltester):
    merkel = editor.add_span(*at("Angela Merkel"), "PER")
    quote = editor.add_span(*at("„Wir schaffen"), "QUOTE")
    editor.resize(quote.id, quote.start, at("dauert.“")[1])
    editor.link_speaker(quote.id, merkel.id)
    model = SpanModel(editor)
    qtmodeltester.check(model)

    assert rows(model) == [
        ("Angela Merkel", "PER"),
        ("Berlin", "LOC"),
        ("„Wir schaffen das, und zwar ganz bestim…", "QUOTE"),
    ]
    assert cell(model, quote.id, Column.SPEAKER) == "Angela Merkel"
    assert cell(model, merkel.id, Column.SPEAKER) == ""
    assert cell(model, merkel.id, Column.RANGE) == f"0–{len('Angela Merkel')}"
    berlin = model.index(1, 0).data(SpanIdRole)
    assert cell(model, berlin, Column.SOURCE) == "de_core"
    assert cell(model, berlin, Column.STATUS) == "?"
    assert cell(model, merkel.id, Column.SOURCE) == "human"
    assert cell(model, merkel.id, Column.STATUS) == "✓"
    assert cell(model, merkel.id, Column.ANNOTATOR) == "anna"
    assert len(cell(model, merkel.id, Column.MODIFIED)) == len("2026-11-25 19:15")
    assert model.index(0, 0).data(LabelRole) == "PER"
    assert model.index(1, 0).data(StatusRole) == Status.PENDING.value
    assert model.headerData(Column.SPEAKER, Qt.Orientation.Horizontal) == "Speaker"


def test_tooltips_are_escaped_and_text_is_plain(editor: DocumentEditor):
    model = SpanModel(editor)
    span = editor.add_span(*at("Angela Merkel"), "PER")
    editor.edit(span.id, comment="<b>not bold</b>")
    tip = model.index(model.row_of(span.id), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;not bold&lt;/b&gt;" in tip
    assert shorten("a\n\n  b", 10) == "a b"


def test_rows_follow_edits_without_a_reset(editor: DocumentEditor, qtmodeltester, qtbot):
    model = SpanModel(editor)
    qtmodeltester.check(model)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    with qtbot.waitSignal(model.rowsInserted) as inserted:
        hamburg = editor.add_span(*at("Hamburg"), "LOC")
    assert inserted.args[1:] == [1, 1]
    merkel = editor.add_span(*at("Merkel"), "PER")
    assert [model.index(r, 0).data(SpanIdRole) for r in range(3)][::2] == [merkel.id, hamburg.id]

    # A resize that changes the reading order moves the row; a persistent index follows it.
    kept = QPersistentModelIndex(model.index(model.row_of(hamburg.id), 0))
    with qtbot.waitSignal(model.rowsMoved):
        editor.resize(hamburg.id, 0, len("Angela"))
    assert kept.row() == 0
    assert kept.data(SpanIdRole) == hamburg.id
    assert model.index(0, Column.TEXT).data() == "Angela"

    with qtbot.waitSignal(model.dataChanged):
        editor.relabel(hamburg.id, "ORG")
    assert model.index(0, Column.LABEL).data() == "ORG"

    with qtbot.waitSignal(model.rowsRemoved):
        editor.remove(merkel.id)
    editor.undo()
    assert merkel.id in [model.index(r, 0).data(SpanIdRole) for r in range(model.rowCount())]
    editor.redo()
    assert [model.index(r, 0).data(SpanIdRole) for r in range(model.rowCount())] == [
        s.id for s in editor.spans()
    ]
    assert resets == []
    qtmodeltester.check(model)


def test_a_quotation_row_follows_its_speaker(editor: DocumentEditor, qtbot):
    model = SpanModel(editor)
    merkel = editor.add_span(*at("Angela Merkel"), "PER")
    quote = editor.add_span(*at("„Wir schaffen"), "QUOTE")
    editor.link_speaker(quote.id, merkel.id)
    assert cell(model, quote.id, Column.SPEAKER) == "Angela Merkel"
    editor.resize(merkel.id, *at("Merkel"))
    assert cell(model, quote.id, Column.SPEAKER) == "Merkel"
    editor.link_speaker(quote.id, None)
    assert cell(model, quote.id, Column.SPEAKER) == UNLINKED


def test_another_editor_resets_and_none_empties(editor: DocumentEditor, qtbot):
    model = SpanModel(editor)
    assert model.rowCount() == 1
    with qtbot.waitSignal(model.modelReset):
        model.set_editor(None)
    assert model.rowCount() == 0
    editor.add_span(*at("Hamburg"), "LOC")  # no longer heard
    assert model.rowCount() == 0
    model.set_editor(editor)
    assert model.rowCount() == 2


def test_filter_by_label_and_status(editor: DocumentEditor, qtmodeltester):
    editor.add_span(*at("Angela Merkel"), "PER")
    editor.add_span(*at("Hamburg"), "LOC")
    model = SpanModel(editor)
    proxy = SpanFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    proxy.set_label("LOC")
    assert [proxy.index(r, Column.TEXT).data() for r in range(proxy.rowCount())] == [
        "Berlin",
        "Universität Hamburg"[-7:],
    ]
    proxy.set_status(Status.PENDING)
    assert [proxy.index(r, Column.TEXT).data() for r in range(proxy.rowCount())] == ["Berlin"]
    proxy.set_label(None)
    editor.add_span(*at("Universität"), "ORG")  # accepted: filtered out as it arrives
    assert proxy.rowCount() == 1
    proxy.set_status(None)
    assert proxy.rowCount() == 4
    proxy.sort(Column.LABEL)
    assert [proxy.index(r, Column.LABEL).data() for r in range(4)] == ["LOC", "LOC", "ORG", "PER"]
    proxy.sort(Column.RANGE)
    assert proxy.index(0, Column.TEXT).data() == "Angela Merkel"
    assert proxy.index(0, 0).parent() == QModelIndex()
