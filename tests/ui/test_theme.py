"""Light and dark mode: the contrast math, the tints of the palette, switching and remembering."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.labels import PALETTE
from annotator.ui import preferences, theme
from annotator.ui.theme import (
    AA_CONTRAST,
    DARK_BASE,
    DARK_TEXT,
    LIGHT_BASE,
    LIGHT_TEXT,
    Theme,
    contrast_ratio,
    mix,
    parse_hex,
    readable_tint,
    relative_luminance,
    tint_rgb,
    to_hex,
)

# The contrast math, checked against figures WCAG and common checkers give


def test_luminance_of_black_and_white():
    assert relative_luminance((0, 0, 0)) == 0
    assert relative_luminance((255, 255, 255)) == pytest.approx(1)


def test_contrast_ratio_known_values():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((255, 255, 255), (0, 0, 0)) == pytest.approx(21)  # order-free
    assert contrast_ratio((119, 119, 119), (119, 119, 119)) == pytest.approx(1)
    # #777777 on white is the classic "just fails AA" grey: 4.48:1
    assert contrast_ratio(parse_hex("#777777"), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


def test_hex_round_trip_and_bad_input():
    assert parse_hex("#E69F00") == (230, 159, 0)
    assert to_hex((230, 159, 0)) == "#E69F00"
    with pytest.raises(ValueError, match="#RRGGBB"):
        parse_hex("#E69F0")


def test_mix_ends_and_middle():
    assert mix((0, 0, 0), (200, 100, 50), 0) == (0, 0, 0)
    assert mix((0, 0, 0), (200, 100, 50), 1) == (200, 100, 50)
    assert mix((0, 0, 0), (200, 100, 50), 0.5) == (100, 50, 25)


@pytest.mark.parametrize("colour", PALETTE)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_palette_tint_keeps_text_aa(colour: str, dark: bool):
    tint = tint_rgb(colour, dark=dark)
    text = DARK_TEXT if dark else LIGHT_TEXT
    assert contrast_ratio(tint, text) >= AA_CONTRAST


@pytest.mark.parametrize("colour", PALETTE)
def test_tints_are_light_in_light_mode_and_dark_in_dark_mode(colour: str):
    assert relative_luminance(tint_rgb(colour, dark=False)) > 0.5
    assert relative_luminance(tint_rgb(colour, dark=True)) < 0.2
    # ... and they are tints, not the bare ground
    assert tint_rgb(colour, dark=False) != LIGHT_BASE
    assert tint_rgb(colour, dark=True) != DARK_BASE


def test_the_palette_tints_stay_apart():
    for dark in (False, True):
        tints = {tint_rgb(colour, dark=dark) for colour in PALETTE}
        assert len(tints) == len(PALETTE)


def test_a_tint_that_cannot_be_readable_falls_back_to_the_ground():
    grey = (128, 128, 128)
    # mid-grey text on mid-grey ground: no tint helps
    assert readable_tint((255, 0, 0), base=grey, text=grey, strength=0.5) == grey


def test_a_strong_colour_is_weakened_until_readable():
    black_text = (0, 0, 0)
    tint = readable_tint((0, 0, 0x40), base=(255, 255, 255), text=black_text, strength=1.0)
    assert contrast_ratio(tint, black_text) >= AA_CONTRAST
    assert tint != (0, 0, 0x40)


# Switching the running application


@pytest.fixture
def restored_palette(qapp: QApplication) -> Iterator[None]:
    palette = qapp.palette()
    yield
    QGuiApplication.styleHints().unsetColorScheme()
    qapp.setPalette(palette)


@pytest.mark.gui
def test_dark_and_light_switch_the_palette(qapp, qtbot, restored_palette):
    widget = QWidget()
    qtbot.addWidget(widget)
    theme.apply_theme(Theme.DARK)
    qapp.sendPostedEvents()  # widgets hear of the new palette through an event
    assert theme.is_dark(widget)
    assert theme.is_dark()
    assert theme.label_tint("#E69F00", theme.is_dark(widget)).name().upper() == to_hex(
        tint_rgb("#E69F00", dark=True)
    )
    theme.apply_theme(Theme.LIGHT)
    qapp.sendPostedEvents()
    assert not theme.is_dark(widget)
    assert qapp.style().name().lower() == "fusion"


@pytest.mark.gui
def test_the_choice_is_remembered_and_applied_at_start(qapp, restored_palette):
    assert theme.chosen_theme() is Theme.SYSTEM  # nothing chosen yet
    theme.apply_theme(Theme.DARK, remember=True)
    assert preferences.saved_theme() == "dark"
    theme.apply_theme(Theme.LIGHT)  # not remembered
    assert preferences.saved_theme() == "dark"
    qapp.setPalette(theme.light_palette())
    assert theme.apply_saved_theme() is Theme.DARK
    assert theme.is_dark()


@pytest.mark.gui
def test_an_unknown_saved_theme_follows_the_system(qapp, restored_palette):
    preferences.save_theme("purple")
    assert theme.chosen_theme() is Theme.SYSTEM
    theme.apply_saved_theme()
    assert theme.is_dark() == theme.system_is_dark()


@pytest.mark.gui
def test_the_program_starts_in_the_saved_theme(sample_project, tmp_path, qapp, restored_palette):
    from annotator.ui import app

    preferences.save_theme("dark")
    assert app.run(sample_project, screenshot=tmp_path / "dark.png") == 0
    assert theme.is_dark()


@pytest.mark.gui
def test_following_the_system_reapplies_when_the_desktop_changes(qapp, restored_palette):
    theme.apply_theme(Theme.SYSTEM, remember=True)
    qapp.setPalette(theme.dark_palette())  # as if the palette were stale
    theme._system_scheme_changed(QGuiApplication.styleHints().colorScheme())
    assert theme.is_dark() == theme.system_is_dark()


@pytest.mark.gui
def test_a_fixed_choice_ignores_the_desktop(qapp, restored_palette):
    theme.apply_theme(Theme.DARK, remember=True)
    theme._system_scheme_changed(QGuiApplication.styleHints().colorScheme())
    assert theme.is_dark()
