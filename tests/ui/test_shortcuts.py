"""Shortcut overrides: stored in the window settings, applied to actions, edited in the sheet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from annotator.resources import load_scheme
from annotator.ui import actions, preferences, theme
from annotator.ui.actions import ACTIONS, conflicts, current_shortcuts, make_action
from annotator.ui.preference_menus import install_preferences_menus
from annotator.ui.shortcut_sheet import ShortcutSheet

pytestmark = pytest.mark.gui


def test_without_overrides_every_action_has_its_default():
    shortcuts = current_shortcuts()
    assert set(shortcuts) == set(ACTIONS)
    assert shortcuts["file/quit"] == "Ctrl+Q"
    assert shortcuts["help/shortcuts"] == "F1"


def test_the_table_has_no_conflicts_of_its_own():
    assert conflicts({name: spec.shortcut for name, spec in ACTIONS.items()}) == {}


def test_an_override_is_stored_and_applied_by_make_action(qapp):
    preferences.save_shortcut_overrides({"file/quit": "Ctrl+Shift+W", "help/shortcuts": ""})
    assert preferences.shortcut_overrides() == {"file/quit": "Ctrl+Shift+W", "help/shortcuts": ""}
    parent = QObject()
    quit_ = make_action("file/quit", parent)
    assert quit_.shortcut() == QKeySequence("Ctrl+Shift+W")
    assert quit_.toolTip().endswith("(Ctrl+Shift+W)")
    help_ = make_action("help/shortcuts", parent)
    assert help_.shortcut().isEmpty()  # the user took F1 away
    assert "(" not in help_.toolTip()


def test_refresh_gives_live_actions_their_new_keys(qapp):
    window = QWidget()
    action = make_action("edit/filter", window)
    window.addAction(action)
    preferences.save_shortcut_overrides({"edit/filter": "Ctrl+L"})
    actions.refresh_shortcuts(window)
    assert action.shortcut() == QKeySequence("Ctrl+L")
    assert "(Ctrl+L)" in action.toolTip()


def test_conflicts_name_every_holder_and_ignore_empty_keys():
    found = conflicts({"a": "Ctrl+D", "b": "ctrl+d", "c": "", "d": "", "e": "F1"})
    assert found == {"Ctrl+D": ["a", "b"]}


def test_single_key_shortcuts_are_reserved_from_labels():
    reserved = actions.single_key_shortcuts({"x/link": "S", "x/quit": "Ctrl+Q", "x/f": "F1"})
    assert reserved == {"S": "x/link"}


# The sheet


@pytest.fixture
def sheet(qtbot) -> ShortcutSheet:
    window = QWidget()
    qtbot.addWidget(window)
    window.addAction(make_action("document/next", window))
    dialog = ShortcutSheet(load_scheme("german-news"), apply_to=window, parent=window)
    qtbot.addWidget(dialog)
    return dialog


def test_the_sheet_lists_every_action_grouped_by_menu_and_the_label_keys(sheet: ShortcutSheet):
    assert set(sheet.editors) == set(ACTIONS)
    groups = [sheet.tree.topLevelItem(i).text(0) for i in range(sheet.tree.topLevelItemCount())]
    assert groups[:3] == ["File", "Edit", "View"]  # the order of the menu bar
    assert groups.index("Span") < groups.index("Document") < groups.index("Help")
    assert groups[-2] == "Help"
    assert groups[-1] == "Label keys (german-news)"
    labels = sheet.tree.topLevelItem(len(groups) - 1)
    rows = {labels.child(i).text(0): labels.child(i).text(1) for i in range(labels.childCount())}
    assert rows == {"PER": "1", "LOC": "2", "ORG": "3", "MISC": "4", "QUOTE": "Q"}
    assert sheet.editors["help/shortcuts"].keySequence() == QKeySequence("F1")


def test_a_conflict_is_named_and_blocks_ok_until_resolved(sheet: ShortcutSheet):
    assert sheet.ok_button.isEnabled()
    assert sheet.message.isHidden()
    sheet.editors["document/next"].setKeySequence(QKeySequence("Ctrl+Q"))
    assert not sheet.ok_button.isEnabled()
    assert "Ctrl+Q is given to both \u201cQuit\u201d and \u201cNext Document\u201d" in (
        sheet.message.text()
    )
    sheet.accept()  # refused while the conflict stands
    assert preferences.shortcut_overrides() == {}
    sheet.editors["document/next"].setKeySequence(QKeySequence("Ctrl+Right"))
    assert sheet.ok_button.isEnabled()
    assert sheet.message.isHidden()


def test_a_label_key_counts_as_taken(sheet: ShortcutSheet):
    sheet.editors["edit/filter"].setKeySequence(QKeySequence("Q"))
    assert not sheet.ok_button.isEnabled()
    assert "the label QUOTE" in sheet.message.text()


def test_ok_saves_only_what_differs_and_applies_it(sheet: ShortcutSheet):
    sheet.editors["document/next"].setKeySequence(QKeySequence("Ctrl+Right"))
    sheet.editors["help/shortcuts"].clear()
    assert sheet.items["document/next"].font(0).italic()  # marked as changed
    assert not sheet.items["file/quit"].font(0).italic()
    sheet.accept()
    assert preferences.shortcut_overrides() == {"document/next": "Ctrl+Right", "help/shortcuts": ""}
    applied = sheet.parent().findChild(actions.QAction, "document/next")
    assert applied.shortcut() == QKeySequence("Ctrl+Right")


def test_reset_to_defaults_restores_the_table(sheet: ShortcutSheet):
    preferences.save_shortcut_overrides({"file/quit": "Ctrl+W"})
    dialog = ShortcutSheet(None)
    assert dialog.editors["file/quit"].keySequence() == QKeySequence("Ctrl+W")
    dialog.reset_button.click()
    assert dialog.editors["file/quit"].keySequence() == QKeySequence("Ctrl+Q")
    dialog.accept()
    assert preferences.shortcut_overrides() == {}
    dialog.deleteLater()


def test_the_filter_hides_rows_and_empty_groups(sheet: ShortcutSheet):
    sheet.filter.setText("quit")
    quit_item = sheet.items["file/quit"]
    assert not quit_item.isHidden()
    assert sheet.items["edit/filter"].isHidden()
    assert sheet.items["edit/filter"].parent().isHidden()
    sheet.filter.setText("")
    assert not sheet.items["edit/filter"].isHidden()


# The menus in the window


@pytest.fixture
def window(sample_project, open_session, qtbot):
    from annotator.ui.main_window import MainWindow

    main = MainWindow(open_session(sample_project), remember_layout=False)
    qtbot.addWidget(main)
    install_preferences_menus(main)
    install_preferences_menus(main)  # twice changes nothing
    return main


def menu_texts(window) -> dict[str, list[str]]:
    return {
        action.text().replace("&", ""): [a.text().replace("&", "") for a in action.menu().actions()]
        for action in window.menuBar().actions()
        if action.menu() is not None
    }


def test_the_window_gets_theme_scheme_and_shortcut_menus(window):
    menus = menu_texts(window)
    assert "Theme" in menus["View"]
    assert menus["Project"] == ["Label Scheme..."]
    assert menus["Help"].count("Keyboard Shortcuts") == 1
    assert list(menus)[-1] == "Help"
    sheet = window.findChild(actions.QAction, "help/shortcuts")
    assert sheet.shortcut() == QKeySequence("F1")
    assert sheet.toolTip().endswith("(F1)")
    themes = [
        window.findChild(actions.QAction, f"view/theme-{t}") for t in ("system", "light", "dark")
    ]
    assert [a.isChecked() for a in themes] == [True, False, False]


def test_choosing_dark_in_the_menu_applies_and_remembers_it(window, qapp):
    palette = qapp.palette()
    try:
        window.findChild(actions.QAction, "view/theme-dark").trigger()
        assert preferences.saved_theme() == "dark"
        assert theme.is_dark()
        assert window.findChild(actions.QAction, "view/theme-dark").isChecked()
    finally:
        QGuiApplication.styleHints().unsetColorScheme()
        qapp.setPalette(palette)


def test_f1_opens_the_sheet_and_the_scheme_item_opens_the_editor(window, monkeypatch):
    opened: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window.findChild(actions.QAction, "help/shortcuts").trigger()
    window.findChild(actions.QAction, "project/label-scheme").trigger()
    assert [type(d).__name__ for d in opened] == ["ShortcutSheet", "SchemeEditor"]
    assert "Label keys (german-news)" in [
        opened[0].tree.topLevelItem(i).text(0) for i in range(opened[0].tree.topLevelItemCount())
    ]


def test_a_shortcut_is_recorded_from_real_key_presses(sheet: ShortcutSheet, qtbot):
    from PySide6.QtCore import Qt

    editor = sheet.editors["document/next"]
    sheet.show()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert sheet.shortcuts()["document/next"] == "Ctrl+J"  # one chord: recorded at once
    assert sheet.overrides() == {"document/next": "Ctrl+J"}


def test_a_changed_shortcut_works_in_the_window(window, qtbot):
    from PySide6.QtCore import Qt

    window.show()
    qtbot.waitExposed(window)
    window.open_first("wikinews-de-59270")
    first = window.record.document.id
    sheet = ShortcutSheet(window.session.scheme, apply_to=window, parent=window)
    sheet.editors["document/next"].setKeySequence(QKeySequence("Ctrl+J"))
    sheet.accept()
    text = window.reader.text
    text.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(text, Qt.Key.Key_PageDown, ctrl)
    assert window.record.document.id == first  # the old key does nothing now
    qtbot.keyClick(text, Qt.Key.Key_J, ctrl)
    assert window.record.document.id != first
