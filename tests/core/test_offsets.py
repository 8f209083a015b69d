"""OffsetMap: Python indices <-> UTF-16 units <-> UTF-8 bytes <-> Qt document positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import ValidationError
from annotator.core.offsets import OffsetMap, utf16_length

PARAGRAPH = "\u2029"
"""What QTextDocument makes of each line break; a "\\r\\n" becomes one."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def qt_len(text: str) -> int:
    return utf16_len(text.replace("\r\n", PARAGRAPH))


def inside_crlf(text: str, index: int) -> bool:
    return 0 < index < len(text) and text[index - 1 : index + 1] == "\r\n"


# Pieces that make the encodings differ, mixed with any valid character.
PIECES = st.sampled_from(
    ["a", " ", "é", "e\u0301", "ß", "中", "😀", "👍🏽", "𝔸", "\r\n", "\n", "\r", "שלום", "مرحبا"]
)
TEXTS = st.lists(PIECES | st.characters(codec="utf-8"), max_size=30).map("".join)


# Fixed examples


def test_ascii_offsets_are_the_same_in_every_encoding():
    offsets = OffsetMap("plain text")
    for i in range(11):
        assert (offsets.to_utf16(i), offsets.to_utf8(i), offsets.to_qt(i)) == (i, i, i)


def test_an_emoji_takes_two_utf16_units_and_four_bytes():
    text = "a😀b"
    offsets = OffsetMap(text)
    assert [offsets.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert [offsets.to_utf8(i) for i in range(4)] == [0, 1, 5, 6]
    assert offsets.from_utf16(3) == 2
    assert offsets.from_utf8(5) == 2


def test_combining_mark_is_its_own_code_point():
    text = "Cafe\u0301 ok"  # "Café" with e + COMBINING ACUTE ACCENT
    offsets = OffsetMap(text)
    assert offsets.to_utf16(5) == 5  # the accent is in the BMP: one unit
    assert offsets.to_utf8(5) == 6  # ... but two bytes
    assert offsets.from_utf8(6) == 5
    assert offsets.to_utf8(len(text)) == utf8_len(text)


def test_right_to_left_text_counts_in_logical_order():
    text = "Er sagte: שלום עולם und مرحبا."
    offsets = OffsetMap(text)
    start = text.index("עולם")
    assert offsets.to_utf16(start) == start  # Hebrew and Arabic are in the BMP
    assert offsets.to_utf8(start) == utf8_len(text[:start])
    assert offsets.from_utf8(utf8_len(text[:start])) == start
    arabic = text.index("مرحبا")
    assert offsets.to_utf8(arabic) == utf8_len(text[:arabic])


def test_mixed_text_round_trips_at_every_index():
    text = "Zoë 👍🏽 sagte\r\n„שלום“ – 𝔸\r\nok"
    offsets = OffsetMap(text)
    for i in range(len(text) + 1):
        assert offsets.from_utf16(offsets.to_utf16(i)) == i
        assert offsets.from_utf8(offsets.to_utf8(i)) == i
        if not inside_crlf(text, i):
            assert offsets.from_qt(offsets.to_qt(i)) == i


def test_each_crlf_is_one_qt_position():
    text = "a\r\nb\r\n\r\nc"
    qt_text = text.replace("\r\n", PARAGRAPH)
    offsets = OffsetMap(text)
    assert qt_text == "a\u2029b\u2029\u2029c"
    assert offsets.to_qt(text.index("b")) == qt_text.index("b") == 2
    assert offsets.to_qt(text.index("c")) == qt_text.index("c") == 5
    assert offsets.to_qt(len(text)) == len(qt_text)
    assert offsets.from_qt(qt_text.index("c")) == text.index("c")


def test_position_between_cr_and_lf_maps_to_the_break():
    text = "a\r\nb"
    offsets = OffsetMap(text)
    assert offsets.to_qt(2) == offsets.to_qt(1) == 1
    assert offsets.from_qt(1) == 1  # the break maps back to its "\r"


def test_lone_cr_and_lf_are_not_collapsed():
    text = "a\rb\nc\n\rd"
    offsets = OffsetMap(text)
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_crlf_after_an_emoji():
    text = "😀\r\n😀x"
    offsets = OffsetMap(text)
    qt_text = text.replace("\r\n", PARAGRAPH)
    x = text.index("x")
    assert offsets.to_qt(x) == utf16_len(qt_text[: qt_text.index("x")]) == 5
    assert offsets.from_qt(5) == x


def test_position_inside_a_surrogate_pair_is_refused():
    offsets = OffsetMap("a😀b")
    with pytest.raises(ValueError, match="UTF-16 position 2 falls inside a surrogate pair"):
        offsets.from_utf16(2)
    with pytest.raises(ValueError, match="surrogate pair"):
        offsets.from_qt(2)


@pytest.mark.parametrize("byte", [2, 3, 4])
def test_byte_inside_a_multibyte_character_is_refused(byte: int):
    offsets = OffsetMap("a😀b")  # the emoji takes bytes 1-4
    with pytest.raises(ValueError, match=f"UTF-8 byte offset {byte} falls inside a character"):
        offsets.from_utf8(byte)


def test_byte_inside_a_two_byte_character_is_refused():
    offsets = OffsetMap("éa")
    with pytest.raises(ValueError, match="inside a character"):
        offsets.from_utf8(1)
    assert offsets.from_utf8(2) == 1


def test_lone_surrogate_is_not_valid_text():
    with pytest.raises(ValidationError, match=r"lone surrogate \(U\+D83D\) at offset 3"):
        OffsetMap("abc\ud83d")


def test_utf16_length():
    assert utf16_length("a😀é\r\n") == utf16_len("a😀é\r\n") == 6


# Properties over random texts


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_utf16_conversion_agrees_with_encoding_the_prefix(text: str):
    offsets = OffsetMap(text)
    for i in range(len(text) + 1):
        unit = offsets.to_utf16(i)
        assert unit == utf16_len(text[:i])
        assert offsets.from_utf16(unit) == i


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_utf8_conversion_agrees_with_encoding_the_prefix(text: str):
    offsets = OffsetMap(text)
    for i in range(len(text) + 1):
        byte = offsets.to_utf8(i)
        assert byte == utf8_len(text[:i])
        assert offsets.from_utf8(byte) == i


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_every_position_between_characters_converts_and_others_are_refused(text: str):
    offsets = OffsetMap(text)
    unit_boundaries = {utf16_len(text[:i]) for i in range(len(text) + 1)}
    for unit in range(utf16_len(text) + 1):
        if unit in unit_boundaries:
            assert offsets.to_utf16(offsets.from_utf16(unit)) == unit
        else:
            with pytest.raises(ValueError, match="inside a surrogate pair"):
                offsets.from_utf16(unit)
    byte_boundaries = {utf8_len(text[:i]) for i in range(len(text) + 1)}
    for byte in range(utf8_len(text) + 1):
        if byte in byte_boundaries:
            assert offsets.to_utf8(offsets.from_utf8(byte)) == byte
        else:
            with pytest.raises(ValueError, match="inside a character"):
                offsets.from_utf8(byte)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_qt_positions_agree_with_a_text_whose_crlfs_are_one_break(text: str):
    offsets = OffsetMap(text)
    for i in range(len(text) + 1):
        if inside_crlf(text, i):
            assert offsets.to_qt(i) == offsets.to_qt(i - 1)
        else:
            assert offsets.to_qt(i) == qt_len(text[:i])
            assert offsets.from_qt(offsets.to_qt(i)) == i
    assert offsets.to_qt(len(text)) == qt_len(text)
