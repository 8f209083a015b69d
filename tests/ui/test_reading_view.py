"""The reading view draws spans where they are: formats at Qt positions (after emoji too),
suggestions without fill, rejected ones hidden, tints that follow the palette, the legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextCharFormat

from annotator.core.offsets import OffsetMap
from annotator.ui.reading.paragraphs import SPLIT_AT, display_text
from annotator.ui.theme import dark_palette, palette_is_dark
from tests.ui.reading_world import TEXT, at, build, key, window_opener

pytestmark = pytest.mark.gui


@pytest.fixture
def reading_project(tmp_path: Path) -> Path:
    return build(tmp_path / "reading.annotator")


@pytest.fixture
def window_on(qapp, qtbot):
    yield from window_opener(qtbot)


def formats_at(window, fragment: str) -> list[QTextCharFormat]:
    """The highlighter's formats that start where `fragment` starts and are as long."""
    start, end = at(fragment)
    offsets = OffsetMap(TEXT)
    qt_start, qt_end = offsets.to_qt(start), offsets.to_qt(end)
    block = window.reader.text.document().findBlock(qt_start)
    base = block.position()
    ranges = block.layout().formats()
    return [
        QTextCharFormat(r.format)  # a copy: the range's own dies with the list
        for r in ranges
        if (r.start + base, r.start + base + r.length) == (qt_start, qt_end)
    ]


def test_entities_are_tinted_at_their_qt_positions_after_emoji(reading_project, window_on):
    window = window_on(reading_project)
    (merkel,) = formats_at(window, "Angela Merkel")
    assert merkel.background().style() != Qt.BrushStyle.NoBrush
    assert merkel.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    # A suggestion has no fill (the painter outlines it).
    (berlin,) = formats_at(window, "Berlin")
    assert berlin.background().style() == Qt.BrushStyle.NoBrush
    # Quotations are painted as bars and bands, never as a format over their entities.
    assert formats_at(window, "„Wir schaffen das.“") == []


def test_labels_differ_without_colour(reading_project, window_on):
    window = window_on(reading_project)
    look = window.reader.text.look
    styles = {f.underlineStyle() for f in look.entity_formats.values()}
    assert len(styles) == len(look.entity_formats)


def test_an_edit_recolours_only_its_span(reading_project, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("merkel")
    key(qtbot, window, Qt.Key.Key_3)  # ORG
    (merkel,) = formats_at(window, "Angela Merkel")
    assert merkel.background().color() == window.reader.text.look.tints["ORG"]


def test_a_rejected_suggestion_is_hidden(reading_project, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("berlin")
    key(qtbot, window, Qt.Key.Key_Delete)
    assert formats_at(window, "Berlin") == []
    assert window.reader.controller.index.get("berlin") is None


def test_rejected_suggestions_are_shown_on_demand_and_taken_back(reading_project, window_on, qtbot):
    window = window_on(reading_project)
    window.select_span("berlin")
    key(qtbot, window, Qt.Key.Key_Delete)
    show = window.actions_by_name["view/show-rejected"]
    show.trigger()  # shown again, struck through, and not counted in the legend
    (berlin,) = formats_at(window, "Berlin")
    assert berlin.fontStrikeOut()
    assert window.reader.controller.index.get("berlin").rejected
    assert window.reader.controller.label_counts().get("LOC", 0) == 1  # Hamburg only
    window.select_span("berlin")
    key(qtbot, window, Qt.Key.Key_Return)  # taken back: accepted
    assert window.editor.span("berlin").status.value == "accepted"
    assert not formats_at(window, "Berlin")[0].fontStrikeOut()
    show.trigger()
    assert window.reader.controller.index.get("berlin") is not None


def test_tints_follow_a_dark_palette(reading_project, window_on):
    window = window_on(reading_project)
    light = formats_at(window, "Angela Merkel")[0].background().color()
    window.reader.setPalette(dark_palette())
    window.reader.text.setPalette(dark_palette())
    assert palette_is_dark(window.reader.text.palette())
    dark = formats_at(window, "Angela Merkel")[0].background().color()
    assert light.lightness() > 128 > dark.lightness()
    base = window.reader.text.palette().color(QPalette.ColorRole.Base)
    assert dark != base


def test_selecting_a_quotation_marks_its_speaker(reading_project, window_on, qtbot):
    window = window_on(reading_project)
    heard: list[str] = []
    window.span_selected.connect(heard.append)
    window.editor.link_speaker("quote", "scholz")
    window.select_span("quote")
    assert window.reader.text.speaker == "scholz"
    window.select_span("merkel")
    assert window.reader.text.speaker is None
    assert heard == ["quote", "merkel"]
    window.reader.text.viewport().grab()  # paints the link without complaint


def test_tooltip_names_label_status_source_and_annotator(reading_project, window_on):
    window = window_on(reading_project)
    controller = window.reader.controller
    offsets = OffsetMap(TEXT)
    tip = controller.tooltip(offsets.to_qt(TEXT.index("Berlin") + 1))
    assert tip.startswith("LOC · suggestion")
    assert "model de-model" in tip
    assert "by tester" in tip
    window.editor.link_speaker("quote", "merkel")
    tip = controller.tooltip(offsets.to_qt(TEXT.index("schaffen")))
    assert "QUOTE · accepted · human · by tester · speaker: Angela Merkel" in tip


def test_legend_lists_labels_keys_and_counts(reading_project, window_on):
    window = window_on(reading_project)
    legend = window.reader.legend.describe()
    assert "PER (entity): key 1, 2 in this document" in legend
    assert "QUOTE (quotation): key q, 1 in this document" in legend
    assert window.counts.text() == "· 4 entities · 1 quotation · 2 pending"


def test_font_size_keys(reading_project, window_on, qtbot):
    window = window_on(reading_project)
    before = window.reader.point_size()
    key(qtbot, window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.point_size() > before
    key(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.point_size() < before
    key(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.point_size() == before


def test_long_paragraphs_are_split_for_display_without_moving_offsets():
    text = ("Ein Satz mit einigen Wörtern. " * 3000).strip()
    shown = display_text(text)
    assert len(shown) == len(text)
    assert all(a == b or (a == " " and b == "\n") for a, b in zip(text, shown, strict=True))
    assert max(len(line) for line in shown.split("\n")) <= SPLIT_AT
    assert display_text("kurz") == "kurz"


def test_hovering_a_span_shows_its_tooltip(reading_project, window_on, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from tests.ui.reading_world import point_of

    window = window_on(reading_project)
    viewport = window.reader.text.viewport()
    point = point_of(window, TEXT.index("Merkel") + 1)
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    assert QToolTip.text() == "PER · accepted · human · by tester"
    QToolTip.hideText()


def test_a_click_selects_the_innermost_span_and_says_so(reading_project, window_on, qtbot):
    from PySide6.QtCore import QPoint

    from tests.ui.reading_world import click, point_of

    window = window_on(reading_project)
    with qtbot.waitSignal(window.span_selected) as blocker:
        click(qtbot, window, TEXT.index("schaffen"))
    assert blocker.args == ["quote"]
    click(qtbot, window, TEXT.index("Morgen"))  # no span there
    assert window.reader.controller.selected is None
    # On the right half of a span's last letter, the click is still on the span.
    viewport = window.reader.text.viewport()
    last = point_of(window, TEXT.index("Merkel") + 5) + QPoint(1, 0)  # 2-3 px into the "l"
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=last)
    assert window.reader.controller.selected == "merkel"


def test_showing_a_document_announces_its_editor(reading_project, window_on, qtbot):
    window = window_on(reading_project)
    with qtbot.waitSignal(window.editor_changed) as blocker:
        window.library.step(+1)
    assert blocker.args[0] is window.editor
    assert window.editor.doc_id == "b"


def test_copying_gives_the_documents_text(reading_project, window_on, qtbot):
    from PySide6.QtWidgets import QApplication

    window = window_on(reading_project)
    offsets = OffsetMap(TEXT)
    start, end = at("Cafe\u0301 am Morgen")
    cursor = window.reader.text.textCursor()
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(end), cursor.MoveMode.KeepAnchor)
    window.reader.text.setTextCursor(cursor)
    key(qtbot, window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clipboard = QApplication.clipboard()
    try:
        assert clipboard.text() == "Cafe\u0301 am Morgen"
    finally:
        # Data left on the offscreen clipboard makes Qt crash when the process exits.
        clipboard.clear()
