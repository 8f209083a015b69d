"""The reading view's pure parts: the span index by Qt position, word edges, Qt offsets."""

from __future__ import annotations

from annotator.core.model import Span, Status
from annotator.core.offsets import OffsetMap
from annotator.resources import load_scheme
from annotator.ui.reading.boundaries import snap, trim, word_edge
from annotator.ui.reading.spans import SameOffsets, SpanIndex, qt_offsets

TEXT = "😀 Angela Merkel sagte: „Wir schaffen das.“ In Berlin."


def span(fragment: str, label: str, **changes) -> Span:
    start = TEXT.index(fragment)
    return Span("d", start, start + len(fragment), label, "t", id=fragment, **changes)


def index_of(*spans: Span) -> SpanIndex:
    index = SpanIndex(load_scheme("german-news"), qt_offsets(TEXT))
    index.load(spans)
    return index


def test_positions_are_qt_positions():
    index = index_of(span("Merkel", "PER"))
    shown = index.get("Merkel")
    assert shown is not None
    assert (shown.start, shown.end) == (TEXT.index("Merkel") + 1, TEXT.index("Merkel") + 7)


def test_overlapping_finds_entities_and_quotations_apart():
    index = index_of(
        span("Angela Merkel", "PER"), span("„Wir schaffen das.“", "QUOTE"), span("Berlin", "LOC")
    )
    qt = OffsetMap(TEXT).to_qt
    inside = qt(TEXT.index("schaffen"))
    assert [s.id for s in index.overlapping(0, inside, quotations=False)] == ["Angela Merkel"]
    assert [s.id for s in index.overlapping(inside, inside + 1, quotations=True)] == [
        "„Wir schaffen das.“"
    ]
    assert [s.id for s in index.at(qt(TEXT.index("Berlin")))] == ["Berlin"]


def test_rejected_suggestions_are_not_indexed_and_counts_follow_edits():
    index = index_of(span("Berlin", "LOC", status=Status.PENDING))
    assert index.counts == {("LOC", True): 1}
    old, new = index.put(span("Berlin", "LOC", status=Status.REJECTED), "Berlin")
    assert old is not None
    assert new is None
    assert index.counts == {("LOC", True): 0}
    index.put(span("Merkel", "PER"), "Merkel")
    assert index.counts[("PER", False)] == 1


def test_stepping_wraps_around_in_reading_order():
    index = index_of(span("Angela Merkel", "PER"), span("Berlin", "LOC"))
    first = index.after(0, None)
    assert first is not None
    assert first.id == "Angela Merkel"
    second = index.after(0, first.id)
    assert second is not None
    assert second.id == "Berlin"
    assert index.after(0, second.id) == first
    assert index.before(0, first.id) == second


def test_qt_offsets_only_where_needed():
    assert isinstance(qt_offsets("Grüße aus Köln"), SameOffsets)
    assert isinstance(qt_offsets("a\r\nb"), OffsetMap)
    assert isinstance(qt_offsets("😀"), OffsetMap)


def test_snapping_and_word_edges():
    text = "Die Universität Hamburg schwieg."
    start = text.index("niversi")
    assert snap(text, start, start + 3) == (text.index("Universität"), text.index(" Hamburg"))
    assert trim(text, 3, 16) == (4, 15)
    hamburg = text.index("Hamburg")
    assert word_edge(text, hamburg, -1, starts=True) == text.index("Universität")
    assert word_edge(text, hamburg, +1, starts=False) == hamburg + len("Hamburg")
