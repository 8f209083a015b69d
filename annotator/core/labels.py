"""Label schemes: which labels a project uses, how they look, which keys make them.

A scheme is plain data (JSON in `resources/schemes/` and in the project file). It belongs to the
domain because validation needs it: unknown labels, overlaps the scheme forbids, attribute values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from annotator.core.errors import ValidationError

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL_NAME = re.compile(r"^[^\s]{1,64}$")

# Okabe-Ito, safe for colour-blind readers; new labels take the next free one.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")


class LabelKind(StrEnum):
    ENTITY = "entity"
    QUOTATION = "quotation"


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """An attribute a span of a label may carry, e.g. quotation type Direct/Indirect."""

    name: str
    values: tuple[str, ...] = ()
    """Allowed values; empty means free text."""
    default: str | None = None

    def check(self, value: Any) -> str | None:
        """The reason `value` is not allowed, or None."""
        if not isinstance(value, str):
            return f"attribute {self.name!r} must be text, not {type(value).__name__}"
        if self.values and value not in self.values:
            allowed = ", ".join(self.values)
            return f"attribute {self.name!r} has value {value!r}; allowed: {allowed}"
        return None


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    colour: str
    key: str = ""
    """The keyboard key that applies the label: '1'-'9' or a letter."""
    kind: LabelKind = LabelKind.ENTITY
    description: str = ""
    attributes: tuple[AttributeSpec, ...] = ()
    may_overlap: bool = False
    """Whether spans of this label may overlap other spans freely (cross them)."""

    def attribute(self, name: str) -> AttributeSpec | None:
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True, slots=True)
class LabelScheme:
    name: str
    labels: tuple[Label, ...] = ()
    language: str = ""
    description: str = ""
    speaker_label: str = "PER"
    """The label given to a speaker span that has to be created (e.g. on import)."""
    allow_nesting: bool = True
    """Whether a span may lie wholly inside a span of another label ("Universität [Hamburg]")."""
    _by_name: dict[str, Label] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {label.name: label for label in self.labels})
        problems = list(_scheme_problems(self))
        if problems:
            raise ValidationError(f"label scheme {self.name!r}: " + "; ".join(problems))

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self):
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    def get(self, name: str) -> Label | None:
        return self._by_name.get(name)

    def label(self, name: str) -> Label:
        label = self._by_name.get(name)
        if label is None:
            known = ", ".join(self._by_name) or "none"
            raise ValidationError(f"unknown label {name!r} (the scheme {self.name!r} has: {known})")
        return label

    def attribute_defaults(self, name: str) -> dict[str, Any]:
        """The attributes a new span of label `name` starts with (none for an unknown label)."""
        label = self._by_name.get(name)
        if label is None:
            return {}
        return {a.name: a.default for a in label.attributes if a.default}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def with_labels(self, names: Iterable[str]) -> LabelScheme:
        """A copy with entity labels added for each name not yet in the scheme."""
        labels = list(self.labels)
        used_colours = {label.colour.upper() for label in labels}
        for name in names:
            if name in self._by_name or any(label.name == name for label in labels):
                continue
            free = [c for c in PALETTE if c not in used_colours] or list(PALETTE)
            used_colours.add(free[0])
            labels.append(Label(name=name, colour=free[0]))
        return LabelScheme(
            name=self.name,
            labels=tuple(labels),
            language=self.language,
            description=self.description,
            speaker_label=self.speaker_label,
            allow_nesting=self.allow_nesting,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "language": self.language,
            "description": self.description,
            "speaker_label": self.speaker_label,
            "allow_nesting": self.allow_nesting,
            "labels": [
                {
                    "name": label.name,
                    "colour": label.colour,
                    "key": label.key,
                    "kind": label.kind.value,
                    "description": label.description,
                    "may_overlap": label.may_overlap,
                    "attributes": [
                        {"name": a.name, "values": list(a.values), "default": a.default}
                        for a in label.attributes
                    ],
                }
                for label in self.labels
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LabelScheme:
        """Build a scheme from its JSON form; a malformed one raises ValidationError."""
        if not isinstance(data, Mapping):
            raise ValidationError("a label scheme must be a JSON object")
        name = data.get("name")
        if not isinstance(name, str) or not name:
            raise ValidationError("a label scheme needs a 'name'")
        raw_labels = data.get("labels", [])
        if not isinstance(raw_labels, list):
            raise ValidationError(f"label scheme {name!r}: 'labels' must be a list")
        labels = []
        for index, raw in enumerate(raw_labels):
            if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
                raise ValidationError(f"label scheme {name!r}: label {index + 1} needs a 'name'")
            try:
                kind = LabelKind(raw.get("kind", LabelKind.ENTITY))
            except ValueError:
                raise ValidationError(
                    f"label scheme {name!r}: label {raw['name']!r} has kind {raw.get('kind')!r}; "
                    "use 'entity' or 'quotation'"
                ) from None
            attributes = _attributes_from_json(raw.get("attributes") or [], name, raw["name"])
            labels.append(
                Label(
                    name=raw["name"],
                    colour=str(raw.get("colour") or PALETTE[index % len(PALETTE)]),
                    key=str(raw.get("key") or ""),
                    kind=kind,
                    description=str(raw.get("description") or ""),
                    attributes=attributes,
                    may_overlap=bool(raw.get("may_overlap", False)),
                )
            )
        return cls(
            name=name,
            labels=tuple(labels),
            language=str(data.get("language") or ""),
            description=str(data.get("description") or ""),
            speaker_label=str(data.get("speaker_label") or "PER"),
            allow_nesting=bool(data.get("allow_nesting", True)),
        )


def _attributes_from_json(raw: Any, scheme: str, label: str) -> tuple[AttributeSpec, ...]:
    where = f"label scheme {scheme!r}: label {label!r}"
    if not isinstance(raw, list):
        raise ValidationError(f"{where}: 'attributes' must be a list")
    attributes = []
    for index, a in enumerate(raw):
        if not isinstance(a, Mapping) or not isinstance(a.get("name"), str):
            raise ValidationError(f"{where}: attribute {index + 1} needs a 'name'")
        values = a.get("values") or []
        if not isinstance(values, list):
            raise ValidationError(f"{where}: the values of {a['name']!r} must be a list")
        attributes.append(
            AttributeSpec(
                name=a["name"], values=tuple(str(v) for v in values), default=a.get("default")
            )
        )
    return tuple(attributes)


def _scheme_problems(scheme: LabelScheme) -> Iterable[str]:
    seen_names: set[str] = set()
    seen_keys: dict[str, str] = {}
    for label in scheme.labels:
        if not _LABEL_NAME.match(label.name):
            yield f"label name {label.name!r} must be 1-64 characters without spaces"
        if label.name in seen_names:
            yield f"label {label.name!r} appears twice"
        seen_names.add(label.name)
        if not _COLOUR.match(label.colour):
            yield f"label {label.name!r} has colour {label.colour!r}; use the form #RRGGBB"
        if label.key:
            if len(label.key) != 1 or not label.key.isalnum():
                yield f"label {label.name!r} has key {label.key!r}; use one digit or letter"
            elif label.key.lower() in seen_keys:
                other = seen_keys[label.key.lower()]
                yield f"labels {other!r} and {label.name!r} share the key {label.key!r}"
            else:
                seen_keys[label.key.lower()] = label.name
        for attribute in label.attributes:
            if attribute.default is not None and attribute.check(attribute.default):
                yield f"label {label.name!r}: default of {attribute.name!r} is not allowed"
