"""Whether a new label scheme would strand annotations the project already has.

`ProjectSession.set_scheme` asks `problems_of_change` before it saves a scheme. Labels that
spans use may not disappear, be renamed or change kind: spans, speaker links and the edit
history (which can bring old spans back) keep the old name and kind. A change of a used
label's attributes or overlap rules is allowed when every existing span still fits it; only
then are the documents read (streamed), so that recolouring or a new key stays instant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from annotator.core.labels import Label, LabelScheme
from annotator.core.model import AnnotatedDocument
from annotator.core.validation import overlap_problems, span_problems


def problems_of_change(
    old: LabelScheme,
    new: LabelScheme,
    *,
    spans_by_label: Mapping[str, int],
    records: Callable[[], Iterable[AnnotatedDocument]],
    renamed: Mapping[str, str] | None = None,
) -> list[str]:
    """What stands against replacing `old` by `new`, one sentence per label (empty: fine)."""
    renamed = renamed or {}
    problems = []
    rechecked: list[str] = []
    for label in old.labels:
        count = spans_by_label.get(label.name, 0)
        if not count:
            continue
        uses = _uses(count)
        successor = new.get(label.name)
        if successor is None and label.name in renamed:
            target = renamed[label.name]
            problems.append(
                f"{label.name} cannot be renamed to {target}: {uses}; "
                f"add {target} as a new label and relabel the spans instead"
            )
        elif successor is None:
            problems.append(f"{label.name} cannot be removed: {uses}")
        elif successor.kind != label.kind:
            problems.append(f"{label.name} cannot become a {successor.kind.value} label: {uses}")
        elif _stricter(label, successor):
            rechecked.append(label.name)
    if problems:
        return problems
    nesting_stricter = old.allow_nesting and not new.allow_nesting
    if rechecked or nesting_stricter:
        problems += _misfits(old, new, records(), set(rechecked), every_label=nesting_stricter)
    return problems


def _uses(count: int) -> str:
    return f"{count:,} span{'s' if count != 1 else ''} use{'s' if count == 1 else ''} it"


def _stricter(old: Label, new: Label) -> bool:
    return old.attributes != new.attributes or (old.may_overlap and not new.may_overlap)


def _misfits(
    old: LabelScheme,
    new: LabelScheme,
    records: Iterable[AnnotatedDocument],
    labels: set[str],
    *,
    every_label: bool,
) -> list[str]:
    """Spans that fit `old` but not `new`, counted by label, with one example reason each."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for record in records:
        text = record.document.text
        spans = [s for s in record.spans if every_label or s.label in labels]
        for span in spans:
            before = set(span_problems(span, text, old))
            for reason in span_problems(span, text, new):
                if reason not in before:
                    counts[span.label] += 1
                    examples.setdefault(span.label, reason)
                    break
        before = set(overlap_problems(record.spans, old))
        for reason in overlap_problems(record.spans, new):
            if reason not in before:
                name = reason.split(" ", 1)[0]
                counts[name] += 1
                examples.setdefault(name, reason)
    return [
        f"{count:,} {name} span{'s' if count != 1 else ''} would not fit the new scheme "
        f"(for example: {examples[name]})"
        for name, count in sorted(counts.items())
    ]
