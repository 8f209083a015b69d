"""The one table of the window's actions: text, shortcut and tip, in one place.

Menus, tooltips and (later) toolbars and the shortcut sheet are all built from `ACTIONS`, so a
shortcut is written down once. Users may override any shortcut (the "shortcuts" group of the
window settings); `make_action` and `refresh_shortcuts` apply the overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from annotator.ui import preferences


@dataclass(frozen=True, slots=True)
class ActionSpec:
    text: str
    """Menu text, with & before the mnemonic letter."""
    shortcut: str = ""
    """A portable key sequence ("Ctrl+Q"); empty for none."""
    tip: str = ""


ACTIONS: dict[str, ActionSpec] = {
    "file/quit": ActionSpec("&Quit", "Ctrl+Q", "Close the window; every change is already saved"),
    "file/new": ActionSpec(
        "&New Project...", "Ctrl+N", "Create a project file with a built-in label scheme"
    ),
    "file/open": ActionSpec("&Open Project...", "Ctrl+O", "Open another project file"),
    "file/import": ActionSpec(
        "&Import Files...",
        "Ctrl+I",
        "Add documents from files in any format Annotator reads, or drop them onto the window",
    ),
    "file/import-folder": ActionSpec(
        "Import &Folder...", "", "Add the files of a folder and its subfolders (or a brat folder)"
    ),
    "file/export": ActionSpec(
        "&Export...",
        "Ctrl+E",
        "Write the annotations for training or another tool (spaCy, Prodigy, doccano, "
        "Hugging Face, CoNLL, brat, Label Studio), with filters, splits and a preview",
    ),
    "edit/filter": ActionSpec(
        "&Filter Library", "Ctrl+F", "Search the library: words in the titles and the text"
    ),
    "document/next": ActionSpec(
        "&Next Document", "Ctrl+PgDown", "Show the next document of the library"
    ),
    "document/previous": ActionSpec(
        "&Previous Document", "Ctrl+PgUp", "Show the previous document of the library"
    ),
    "project/label-scheme": ActionSpec(
        "&Label Scheme...", "", "Add, rename and recolour labels; set their keys and attributes"
    ),
    "view/theme-system": ActionSpec(
        "Follow the &System", "", "Light or dark, as the desktop is set"
    ),
    "view/theme-light": ActionSpec("&Light", "", "Dark text on a light ground"),
    "view/theme-dark": ActionSpec("&Dark", "", "Light text on a dark ground"),
    "help/shortcuts": ActionSpec(
        "&Keyboard Shortcuts", "F1", "Every shortcut of the window and the label keys; change them"
    ),
    "edit/undo": ActionSpec("&Undo", "Ctrl+Z", "Take back your latest edit, in any document"),
    "edit/redo": ActionSpec("&Redo", "Ctrl+Shift+Z", "Make the edit you took back again"),
    "span/next": ActionSpec("Next &Span", "Tab", "Select the next span in the text"),
    "span/previous": ActionSpec(
        "Previous S&pan", "Shift+Tab", "Select the previous span in the text"
    ),
    "span/start-earlier": ActionSpec(
        "Start One Character Earlier", "Alt+Left", "Move the selected span's start left"
    ),
    "span/start-later": ActionSpec(
        "Start One Character Later", "Alt+Right", "Move the selected span's start right"
    ),
    "span/start-word-earlier": ActionSpec(
        "Start One Word Earlier", "Alt+Shift+Left", "Move the selected span's start a word left"
    ),
    "span/start-word-later": ActionSpec(
        "Start One Word Later", "Alt+Shift+Right", "Move the selected span's start a word right"
    ),
    "span/end-earlier": ActionSpec(
        "End One Character Earlier", "Ctrl+Alt+Left", "Move the selected span's end left"
    ),
    "span/end-later": ActionSpec(
        "End One Character Later", "Ctrl+Alt+Right", "Move the selected span's end right"
    ),
    "span/end-word-earlier": ActionSpec(
        "End One Word Earlier", "Ctrl+Alt+Shift+Left", "Move the selected span's end a word left"
    ),
    "span/end-word-later": ActionSpec(
        "End One Word Later", "Ctrl+Alt+Shift+Right", "Move the selected span's end a word right"
    ),
    "span/delete": ActionSpec(
        "&Delete Span", "Delete", "Remove the selected span, or reject the selected suggestion"
    ),
    "span/accept": ActionSpec(
        "&Accept Suggestion", "Return", "Accept the selected suggestion (or link the speaker)"
    ),
    "span/accept-all": ActionSpec(
        "Accept &All Suggestions",
        "Ctrl+Shift+Return",
        "Accept every pending suggestion in this document",
    ),
    "span/link-speaker": ActionSpec(
        "&Link Speaker...",
        "S",
        "Pick the speaker of the selected quotation: Tab cycles, Enter links, Escape cancels",
    ),
    "span/snap-words": ActionSpec(
        "Snap to &Whole Words", "", "Widen a new span to whole words at both ends"
    ),
    "document/done": ActionSpec(
        "Mark &Done", "Ctrl+D", "Mark the document done and show the next one"
    ),
    "document/skip": ActionSpec(
        "&Skip", "Ctrl+K", "Mark the document skipped and show the next one"
    ),
    "view/zoom-in": ActionSpec("&Larger Text", "Ctrl++", "Make the reading text larger"),
    "view/zoom-out": ActionSpec("&Smaller Text", "Ctrl+-", "Make the reading text smaller"),
    "view/zoom-reset": ActionSpec(
        "&Normal Size", "Ctrl+0", "Show the reading text at its usual size"
    ),
    "view/show-rejected": ActionSpec(
        "Show &Rejected Suggestions",
        "Ctrl+Shift+R",
        "Show the suggestions rejected in this document, struck through (Enter takes one back)",
    ),
    "view/layer-everyone": ActionSpec(
        "&Everyone's Annotations", "", "Show the spans of every annotator and of the gold layer"
    ),
    "view/layer-mine": ActionSpec(
        "&My Annotations", "", "Show only the spans made by you (and the suggestions you ran)"
    ),
    "view/layer-gold": ActionSpec(
        "The &Gold Layer", "", "Show only the adjudicated spans of the gold layer"
    ),
    "suggest/document": ActionSpec(
        "Suggest for This &Document",
        "Ctrl+Shift+S",
        "Run the model and the quotation rules on the document shown; accept with Enter, "
        "reject with Delete",
    ),
    "suggest/listed": ActionSpec(
        "Suggest for &Listed Documents",
        "",
        "Make suggestions for every document the library lists now (its search and filters)",
    ),
    "suggest/all": ActionSpec(
        "Suggest for &All Documents", "", "Make suggestions for every document of the project"
    ),
    "suggest/auto": ActionSpec(
        "Suggest &Automatically",
        "",
        "When a document without suggestions opens, make them in the background",
    ),
    "suggest/model": ActionSpec(
        "&Model...", "", "Choose the model that makes this project's suggestions"
    ),
    "help/about": ActionSpec("&About Annotator", "", "Version, licence and credits"),
    "file/merge": ActionSpec(
        "Import &Annotations of Another Annotator...",
        "",
        "Merge another annotator's project file or JSON lines into this project, under their "
        "name or another; nothing is merged if anything does not fit",
    ),
    "edit/your-name": ActionSpec(
        "Your &Name...", "", "The name stored on every span and every edit you make"
    ),
    "review/toggle": ActionSpec(
        "&Review Mode",
        "Ctrl+R",
        "Compare annotators and decide their disagreements into the gold layer (again: back)",
    ),
    "review/next": ActionSpec(
        "&Next Disagreement",
        "N",
        "Go to the next undecided disagreement, here or in a following document",
    ),
    "review/previous": ActionSpec(
        "&Previous Disagreement",
        "P",
        "Go back to the previous undecided disagreement, here or in an earlier document",
    ),
    "review/take-a": ActionSpec(
        "Take &A's Version", "A", "Put the first compared annotator's version into the gold layer"
    ),
    "review/take-b": ActionSpec(
        "Take &B's Version", "B", "Put the second compared annotator's version into the gold layer"
    ),
    "review/take-both": ActionSpec(
        "Take &Both", "H", "Put both versions (A's and B's) into the gold layer"
    ),
    "review/take-neither": ActionSpec(
        "Take N&either", "X", "Decide that no span belongs here (recorded in the gold layer)"
    ),
    "review/edit": ActionSpec(
        "&Edit Your Own Version...", "E", "Make your own spans for this disagreement's gold layer"
    ),
    "review/accept-agreed": ActionSpec(
        "Accept Agreed in This &Document",
        "Ctrl+Shift+A",
        "Put every span the compared annotators agree on in this document into the gold layer",
    ),
    "review/accept-agreed-all": ActionSpec(
        "Accept Agreed in A&ll Documents...",
        "",
        "Put every span the compared annotators agree on, in every document, into the gold layer",
    ),
    "review/agreement": ActionSpec(
        "A&greement...",
        "",
        "Agreement figures per label (F1, kappas, alphas), a chart, a confusion matrix, export",
    ),
}


def menu_of(name: str) -> str:
    """The menu an action belongs to: the part of its name before the slash."""
    return name.partition("/")[0]


def action_title(name: str) -> str:
    """How lists and messages name an action: its menu text, with its submenu where it has one."""
    text = ACTIONS[name].text.replace("&", "").removesuffix("...")
    return f"Theme: {text}" if name.startswith("view/theme-") else text


def portable(keys: str) -> str:
    """A key sequence in one spelling ("ctrl+q" -> "Ctrl+Q"), for comparing and storing."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)


def native(keys: str) -> str:
    """A key sequence as the platform writes it to people."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def current_shortcuts(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every action's shortcut as it is now: the user's override, else the table's default."""
    if overrides is None:
        overrides = preferences.shortcut_overrides()
    return {name: portable(overrides.get(name, spec.shortcut)) for name, spec in ACTIONS.items()}


def shortcut_of(name: str) -> str:
    return portable(preferences.shortcut_overrides().get(name, ACTIONS[name].shortcut))


def conflicts(shortcuts: Mapping[str, str]) -> dict[str, list[str]]:
    """Key sequences given to more than one name: {keys: [names]}; empty ones never clash,
    nor do a review-mode action and a label or span key (never active at the same time)."""
    by_keys: dict[str, list[str]] = {}
    for name, keys in shortcuts.items():
        if keys:
            by_keys.setdefault(portable(keys), []).append(name)
    return {keys: names for keys, names in by_keys.items() if _clash(names)}


REVIEW_ONLY = frozenset(
    {
        "review/next",
        "review/previous",
        "review/take-a",
        "review/take-b",
        "review/take-both",
        "review/take-neither",
        "review/edit",
        "review/accept-agreed",
        "review/accept-agreed-all",
    }
)
"""Actions that act in review mode only, where label keys and the span keys do not."""


def _mode(name: str) -> str:
    if name in REVIEW_ONLY:
        return "review"
    return "annotate" if name.startswith(("label:", "span/")) else ""


def _clash(names: list[str]) -> bool:
    """Two of `names` act at the same time: in the same mode, or one in every mode."""
    modes = [_mode(n) for n in names]
    return any(not a or not b or a == b for i, a in enumerate(modes) for b in modes[i + 1 :])


def single_key_shortcuts(shortcuts: Mapping[str, str] | None = None) -> dict[str, str]:
    """Actions whose shortcut is one plain letter or digit (e.g. "S"): {upper-case key: name}.

    A label may not take such a key: the window's action would win.
    """
    if shortcuts is None:
        shortcuts = current_shortcuts()
    return {
        keys.upper(): name
        for name, keys in shortcuts.items()
        if len(keys) == 1 and keys.isalnum() and name not in REVIEW_ONLY
    }


def tooltip(spec: ActionSpec, shortcut: str | None = None) -> str:
    """The tip with the shortcut named, as the platform writes it ("Ctrl+Q").

    `shortcut` is the one in force (an override); None means the table's default.
    """
    text = spec.tip or spec.text.replace("&", "")
    keys = spec.shortcut if shortcut is None else shortcut
    if keys:
        text += f" ({native(keys)})"
    return text


def make_action(name: str, parent: QObject) -> QAction:
    spec = ACTIONS[name]
    action = QAction(spec.text, parent)
    action.setObjectName(name)
    action.setStatusTip(spec.tip)
    _set_shortcut(action, spec, shortcut_of(name))
    return action


def refresh_shortcuts(root: QObject) -> None:
    """Give every table action under `root` its current shortcut (after the user changed some)."""
    shortcuts = current_shortcuts()
    for action in root.findChildren(QAction):
        spec = ACTIONS.get(action.objectName())
        if spec is not None:
            _set_shortcut(action, spec, shortcuts[action.objectName()])


def _set_shortcut(action: QAction, spec: ActionSpec, keys: str) -> None:
    action.setShortcut(QKeySequence(keys))
    action.setToolTip(tooltip(spec, keys))
