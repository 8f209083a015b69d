"""The rows of the span form that edit a span's attributes, as its label's scheme declares them.

An attribute with declared values (the quotation type: Direct, Indirect, ...) is a combo box;
one without is a line of free text, applied when editing is finished.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from annotator.core.labels import AttributeSpec
from annotator.core.model import Span
from annotator.ui.steady_inputs import SteadyCombo

Chosen = Callable[[AttributeSpec, str], None]


class AttributeFields:
    """Rows of `form`, placed before the row of `before`; `chosen(spec, value)` on each edit."""

    def __init__(self, form: QFormLayout, before: QWidget, parent: QWidget, chosen: Chosen):
        self._form = form
        self._before = before
        self._parent = parent
        self._chosen = chosen
        self._specs: dict[str, AttributeSpec] = {}
        self.widgets: dict[str, QWidget] = {}

    def show(self, span: Span, specs: tuple[AttributeSpec, ...]) -> None:
        """One row per attribute of the span's label, holding the span's values."""
        if tuple(self.widgets) != tuple(a.name for a in specs):
            for widget in self.widgets.values():
                self._form.removeRow(widget)
            self.widgets = {}
            row = self._form.getWidgetPosition(self._before)[0]
            for offset, spec in enumerate(specs):
                widget = self._widget(spec)
                self._form.insertRow(row + offset, spec.name.capitalize(), widget)
                self.widgets[spec.name] = widget
        self._specs = {spec.name: spec for spec in specs}
        for spec in specs:
            widget = self.widgets[spec.name]
            value = str(span.attrs.get(spec.name, spec.default or ""))
            if isinstance(widget, QComboBox):
                index = widget.findText(value)
                if index < 0:  # a value from elsewhere that the scheme does not declare
                    widget.addItem(value)
                    index = widget.count() - 1
                widget.setCurrentIndex(index)
            elif isinstance(widget, QLineEdit) and not widget.hasFocus():
                widget.setText(value)

    def flush(self) -> None:
        """Apply free text still being typed (focus has not left it)."""
        for name, widget in self.widgets.items():
            if isinstance(widget, QLineEdit) and name in self._specs:
                self._typed(self._specs[name], widget)

    def _widget(self, spec: AttributeSpec) -> QWidget:
        widget: QWidget
        if spec.values:
            combo = SteadyCombo(self._parent)
            combo.addItems(list(spec.values))
            combo.currentTextChanged.connect(lambda value: self._chosen(spec, value))
            widget = combo
        else:
            line = QLineEdit(self._parent)
            line.editingFinished.connect(lambda: self._typed(spec, line))
            widget = line
        widget.setObjectName(f"spanAttribute-{spec.name}")
        widget.setToolTip(f"The span's {spec.name}")
        return widget

    def _typed(self, spec: AttributeSpec, line: QLineEdit) -> None:
        if line.isModified():
            line.setModified(False)
            self._chosen(spec, line.text())


__all__ = ["AttributeFields"]
