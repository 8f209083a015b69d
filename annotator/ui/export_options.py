"""The Export dialog's choices of what to write: filters, splits, misaligned spans.

`ExportOptions` turns its widgets into the export service's `ExportFilters`, `SplitSpec` and
misaligned policy; it knows nothing of formats beyond whether one is lossless or token-based.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelScheme
from annotator.formats.protocol import Misaligned
from annotator.services.export_filters import GOLD, ExportFilters
from annotator.services.export_splits import SplitSpec

STATES = (("All documents", "all"), ("Only documents marked done", "done"))
SOURCES = (
    ("People's spans and accepted suggestions", "accepted"),
    ("People's spans only", "human"),
    ("Everything, pending and rejected suggestions too", "all"),
)
MISALIGNED = (
    ("Stop and name them (nothing is written)", "error"),
    ("Widen them to whole tokens", "snap"),
    ("Leave them out", "skip"),
)


class ExportOptions(QWidget):
    """Filters and splits; `changed` whenever any of them does."""

    changed = Signal()

    def __init__(
        self, scheme: LabelScheme, annotators: Iterable[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportOptions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._filters_box(scheme, annotators))
        layout.addWidget(self._split_box())
        layout.addWidget(self._tokens_box())
        layout.addStretch(1)

    def _combo(self, name: str, choices: Iterable[tuple[str, object]]) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        for text, value in choices:
            box.addItem(text, value)
        box.currentIndexChanged.connect(self.changed)
        return box

    def _filters_box(self, scheme: LabelScheme, annotators: Iterable[str]) -> QGroupBox:
        group = QGroupBox("What to export", self)
        form = QFormLayout(group)
        self.state = self._combo("exportState", STATES)
        form.addRow("&Documents:", self.state)
        layers = [("Everyone's spans", None), ("The adjudicated layer (gold)", GOLD)]
        layers += [(f"Only {name}'s spans", name) for name in annotators if name != GOLD]
        self.layer = self._combo("exportLayer", layers)
        self.layer.setToolTip("Whose spans: one annotator's, the adjudicated layer, or all")
        form.addRow("&Layer:", self.layer)
        self.source = self._combo("exportSource", SOURCES)
        self._source_chosen = False
        self.source.activated.connect(lambda _index: setattr(self, "_source_chosen", True))
        form.addRow("&Spans:", self.source)

        self.labels = QListWidget(group)
        self.labels.setObjectName("exportLabels")
        self.labels.setToolTip("Untick a label to leave its spans out of the export")
        for label in scheme.labels:
            item = QListWidgetItem(label.name, self.labels)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        rows = max(1, min(len(scheme.labels), 6))
        self.labels.setFixedHeight(self.labels.sizeHintForRow(0) * rows + 6)
        self.labels.itemChanged.connect(lambda _item: self.changed.emit())
        form.addRow("La&bels:", self.labels)

        self.since_on, self.since = self._date_row("exportSince", "Modified &since")
        self.until_on, self.until = self._date_row("exportUntil", "Modified &until")
        dates = QHBoxLayout()
        for check, edit in ((self.since_on, self.since), (self.until_on, self.until)):
            dates.addWidget(check)
            dates.addWidget(edit)
            dates.addSpacing(8)
        dates.addStretch(1)
        form.addRow("Dates:", dates)
        return group

    def _date_row(self, name: str, text: str) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(text, self)
        check.setObjectName(f"{name}On")
        edit = QDateEdit(QDate.currentDate(), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        check.toggled.connect(lambda _on: self.changed.emit())
        edit.dateChanged.connect(lambda _date: self.changed.emit())
        return check, edit

    def _split_box(self) -> QGroupBox:
        group = QGroupBox("Split into train, dev and test (by document)", self)
        group.setObjectName("exportSplit")
        group.setCheckable(True)
        group.setChecked(False)
        group.toggled.connect(lambda _on: self.changed.emit())
        self.split_group = group
        form = QFormLayout(group)
        shares = QHBoxLayout()
        self.shares: dict[str, QSpinBox] = {}
        for name, value in (("train", 80), ("dev", 10), ("test", 10)):
            box = QSpinBox(group)
            box.setObjectName(f"exportShare_{name}")
            box.setRange(0, 100)
            box.setSuffix(" %")
            box.setValue(value)
            box.valueChanged.connect(lambda _value: self.changed.emit())
            label = QLabel(f"{name.capitalize()}:", group)
            label.setBuddy(box)
            shares.addWidget(label)
            shares.addWidget(box)
            shares.addSpacing(6)
            self.shares[name] = box
        shares.addStretch(1)
        form.addRow("Shares:", shares)
        self.seed = QSpinBox(group)
        self.seed.setObjectName("exportSeed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip("The same seed, documents and filters always give the same split")
        self.seed.valueChanged.connect(lambda _value: self.changed.emit())
        self.stratify = QCheckBox("Stratify by label (each split gets its share of each)", group)
        self.stratify.setObjectName("exportStratify")
        self.stratify.toggled.connect(lambda _on: self.changed.emit())
        form.addRow("S&eed:", self.seed)
        form.addRow("", self.stratify)
        return group

    def _tokens_box(self) -> QGroupBox:
        group = QGroupBox("Spans that do not fall on token boundaries", self)
        self.tokens_group = group
        form = QFormLayout(group)
        self.misaligned_box = self._combo("exportMisaligned", MISALIGNED)
        form.addRow("&Then:", self.misaligned_box)
        return group

    # What the widgets say

    def set_format(self, *, lossless: bool, suggestions: bool, token_based: bool) -> None:
        """Offer everything (suggestions too) only to a format that keeps them (and choose it
        for a lossless one, as the command line does, unless the user chose otherwise), and
        the misaligned choice only to a token-based one."""
        item = self.source.model().item(2)  # type: ignore[attr-defined]
        item.setEnabled(lossless or suggestions)
        if not self._source_chosen:
            self.source.setCurrentIndex(2 if lossless else 0)
        elif not (lossless or suggestions) and self.source.currentIndex() == 2:
            self.source.setCurrentIndex(0)
        self.tokens_group.setVisible(token_based)

    def filters(self) -> ExportFilters:
        unticked = frozenset(
            self.labels.item(row).text()
            for row in range(self.labels.count())
            if self.labels.item(row).checkState() != Qt.CheckState.Checked
        )
        since = self.since.date().toString("yyyy-MM-dd") if self.since_on.isChecked() else None
        until = self.until.date().toString("yyyy-MM-dd") if self.until_on.isChecked() else None
        return ExportFilters(
            state=self.state.currentData(),
            annotator=self.layer.currentData(),
            exclude_labels=unticked,
            source=self.source.currentData(),
            since=since,
            until=until,
        )

    def split(self) -> SplitSpec | None:
        """None without a split; InputError for shares that make none."""
        if not self.split_group.isChecked():
            return None
        values = [self.shares[name].value() for name in ("train", "dev", "test")]
        if values[1] == 0:  # no dev: a train/test split
            values = [values[0], values[2]]
        spec = SplitSpec.parse(",".join(str(v) for v in values), seed=self.seed.value(),
                               stratify=self.stratify.isChecked())  # fmt: skip
        return spec

    def misaligned(self) -> Misaligned:
        return self.misaligned_box.currentData()

    def untick(self, *labels: str) -> None:
        for row in range(self.labels.count()):
            item = self.labels.item(row)
            if item.text() in labels:
                item.setCheckState(Qt.CheckState.Unchecked)
