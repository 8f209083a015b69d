"""The right side in review mode: whom to compare, the document's disagreements, the current
one's versions in detail, and buttons that name their keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span, Status
from annotator.review.adjudication import DECIDED_BY
from annotator.review.compare import Comparison, Item, Kind
from annotator.ui.review.colours import annotator_pen, letter
from annotator.ui.review.swatch import Swatch
from annotator.ui.theme import palette_is_dark

KIND_TEXT = {
    Kind.ONLY: "only some",
    Kind.BOUNDARIES: "boundaries",
    Kind.LABEL: "label",
    Kind.SPEAKER: "speaker",
    Kind.AGREED: "agreed",
}
KEY_ROLE = Qt.ItemDataRole.UserRole
TOO_FEW = "Tick at least two annotators to compare."


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def version_text(spans: Sequence[Span], text: str, speaker: tuple[int, int] | None) -> str:
    if not spans:
        return "nothing"
    parts = [f"{s.label} \u201c{short(text[s.start : s.end], 30)}\u201d" for s in spans]
    said = ", ".join(parts)
    if speaker is not None:
        said += f" \u2192 {short(text[speaker[0] : speaker[1]], 20)}"
    return said


def decision_text(item: Item, text: str) -> str:
    if not item.resolved:
        return "Not decided yet."
    who = sorted({str(s.attrs.get(DECIDED_BY, "")) for s in item.gold} - {""})
    by = f" (by {', '.join(who)})" if who else ""
    accepted = [s for s in item.gold if s.status is Status.ACCEPTED]
    if not accepted:
        return f"Decided{by}: neither, no span here."
    return f"Decided{by}: " + version_text(accepted, text, None)


class ReviewPanel(QWidget):
    annotators_changed = Signal(list)
    item_chosen = Signal(str)
    take = Signal(list)
    """The annotators whose versions to take (empty: neither)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.actions: dict[str, QAction] = {}
        self._text = ""
        self._comparison: Comparison | None = None
        self._filling = False

        self.who = QListWidget(self)
        self.who.setObjectName("reviewAnnotators")
        self.who.setToolTip("The annotators compared; A and B are the first two ticked")
        self.who.itemChanged.connect(self._ticked)
        self.who_message = QLabel(TOO_FEW, self)
        self.who_message.setWordWrap(True)
        who_box = QGroupBox("Compare", self)
        who_layout = QVBoxLayout(who_box)
        who_layout.addWidget(self.who)
        who_layout.addWidget(self.who_message)

        self.summary = QLabel(self)
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QTreeWidget(self)
        self.list.setObjectName("disagreements")
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformRowHeights(True)
        self.list.currentItemChanged.connect(self._chosen)
        list_box = QGroupBox("Disagreements in this document", self)
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.summary)
        list_layout.addWidget(self.list, 1)

        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("reviewItemTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.versions = QGridLayout()
        self.versions.setColumnStretch(1, 1)
        self.decision = QLabel(self)
        self.decision.setObjectName("reviewDecision")
        self.decision.setWordWrap(True)
        self.decision.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QGridLayout()
        detail_box = QGroupBox("This disagreement", self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addLayout(self.versions)
        detail_layout.addWidget(self.decision)
        detail_layout.addLayout(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(who_box)
        layout.addWidget(list_box, 1)
        layout.addWidget(detail_box)
        self._buttons: dict[str, QPushButton] = {}

    # Annotators

    def set_annotators(self, everyone: Sequence[str], chosen: Sequence[str]) -> None:
        self._filling = True
        self.who.clear()
        dark = palette_is_dark(self.palette())
        for name in everyone:
            item = QListWidgetItem(name, self.who)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            if name in chosen:
                number = list(chosen).index(name)
                item.setText(f"{letter(number)}  {name}")
                item.setForeground(annotator_pen(number, dark=dark).colour)
            item.setData(KEY_ROLE, name)
        rows = max(len(everyone), 2)
        self.who.setFixedHeight(min(rows, 5) * (self.who.sizeHintForRow(0) + 2) + 6)
        self.who_message.setVisible(len(chosen) < 2)
        self._filling = False

    def chosen(self) -> list[str]:
        return [
            self.who.item(n).data(KEY_ROLE)
            for n in range(self.who.count())
            if self.who.item(n).checkState() == Qt.CheckState.Checked
        ]

    def _ticked(self, _item: QListWidgetItem) -> None:
        if not self._filling:
            self.annotators_changed.emit(self.chosen())

    # Buttons (each triggers the window's action, so a key and a click do the same)

    def set_actions(self, actions: dict[str, QAction], buttons: Sequence[tuple[str, str]]) -> None:
        self.actions = actions
        for number, (name, text) in enumerate(buttons):
            button = QPushButton(self)
            button.setObjectName(f"button:{name}")
            button.setProperty("short", text)
            button.clicked.connect(actions[name].trigger)
            self.buttons.addWidget(button, number // 2, number % 2)
            self._buttons[name] = button
        self.update_keys()

    def update_keys(self) -> None:
        for name, button in self._buttons.items():
            action = self.actions[name]
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            text = button.property("short")
            button.setText(f"{text}  ({keys})" if keys else text)
            button.setToolTip(action.toolTip())
            button.setEnabled(action.isEnabled())

    # The document's disagreements

    def show_comparison(self, comparison: Comparison | None, text: str, current: str | None):
        self._comparison, self._text = comparison, text
        self._filling = True
        self.list.clear()
        annotators = comparison.annotators if comparison else ()
        self.list.setColumnCount(3 + len(annotators))
        self.list.setHeaderLabels(
            ["", "Kind", "Text", *(letter(n) for n in range(len(annotators)))]
        )
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        selected = None
        items = comparison.disagreements if comparison else []
        for item in items:
            row = QTreeWidgetItem(
                self.list,
                [
                    "\u2713" if item.resolved else "",
                    KIND_TEXT[item.kind],
                    short(text[item.start : item.end], 28),
                    *(", ".join(s.label for s in item.versions[a]) or "\u2014" for a in annotators),
                ],
            )
            row.setData(0, KEY_ROLE, item.key)
            row.setToolTip(0, "decided" if item.resolved else "not decided yet")
            if item.resolved:
                for column in range(row.columnCount()):
                    row.setForeground(
                        column, self.palette().color(QPalette.ColorRole.PlaceholderText)
                    )
            if item.key == current:
                selected = row
        if selected is not None:
            self.list.setCurrentItem(selected)
            self.list.scrollToItem(selected)
        self._filling = False
        decided = sum(1 for i in items if i.resolved)
        agreed = len(comparison.agreements) if comparison else 0
        if comparison is None:
            self.summary.setText("")
        elif not items:
            self.summary.setText(f"None here; {agreed} agreed.")
        else:
            self.summary.setText(
                f"{len(items)} here, {decided} decided, {len(items) - decided} open; "
                f"{agreed} agreed."
            )
        self._show_detail(comparison.item(current) if comparison and current else None)

    def select_item(self, key: str) -> None:
        """Make another disagreement of the shown comparison the current one."""
        if self._comparison is None:
            return
        self._filling = True
        for n in range(self.list.topLevelItemCount()):
            row = self.list.topLevelItem(n)
            if row.data(0, KEY_ROLE) == key:
                self.list.setCurrentItem(row)
                self.list.scrollToItem(row)
                break
        self._filling = False
        self._show_detail(next((i for i in self._comparison.items if i.key == key), None))

    def _chosen(self, row: QTreeWidgetItem | None, _previous) -> None:
        if self._filling or row is None:
            return
        self.item_chosen.emit(row.data(0, KEY_ROLE))

    def _show_detail(self, item: Item | None) -> None:
        while self.versions.count():
            widget = self.versions.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if item is None:
            self.detail_title.setText("Press N for the next disagreement.")
            self.decision.setText("")
            return
        here = short(self._text[item.start : item.end], 60)
        self.detail_title.setText(f"{KIND_TEXT[item.kind].capitalize()}: \u201c{here}\u201d")
        dark = palette_is_dark(self.palette())
        for number, (annotator, spans) in enumerate(item.versions.items()):
            pen = annotator_pen(number, dark=dark)
            self.versions.addWidget(Swatch(f"{letter(number)} {annotator}", pen, self), number, 0)
            said = QLabel(version_text(spans, self._text, item.speakers.get(annotator)), self)
            said.setTextFormat(Qt.TextFormat.PlainText)
            said.setWordWrap(True)
            self.versions.addWidget(said, number, 1)
            if number >= 2:  # A and B have keys; the others a button here
                take = QPushButton(f"Take {letter(number)}'s", self)
                take.setToolTip(f"Put {annotator}'s version into the gold layer")
                take.clicked.connect(self._taker([annotator]))
                self.versions.addWidget(take, number, 2)
        self.decision.setText(decision_text(item, self._text))

    def _taker(self, names: list[str]) -> Callable[[], None]:
        return lambda: self.take.emit(names)
