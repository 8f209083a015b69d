"""Which documents and spans an export takes: state, annotator or gold layer, labels, source,
dates; and the label renames. Applied to one document at a time, so the export streams.

What the filters leave out is counted (`RecordFilter.left_out`), apart from what a format
cannot carry: the summary shows both.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from annotator.core.errors import InputError
from annotator.core.labels import LabelScheme
from annotator.core.model import AnnotatedDocument, DocState, Source, Status

GOLD = "gold"
"""The annotator name of the adjudicated layer (spans a review settled)."""

StateFilter = Literal["all", "done"]
SourceFilter = Literal["all", "accepted", "human"]


@dataclass(frozen=True, slots=True)
class ExportFilters:
    state: StateFilter = "all"
    """"done": only documents marked done (by the chosen annotator, else by anyone)."""
    annotator: str | None = None
    """Only this annotator's spans (GOLD: the adjudicated layer); None: everyone's."""
    labels: frozenset[str] = frozenset()
    """Only spans of these labels (empty: all)."""
    exclude_labels: frozenset[str] = frozenset()
    rename: Mapping[str, str] = field(default_factory=dict)
    """Old label -> new label, applied after the label filters (two labels may become one)."""
    source: SourceFilter = "accepted"
    """"all": every span with its status (pending and rejected suggestions too, for lossless
    formats only); "accepted": people's spans and accepted suggestions; "human": people's only."""
    since: str | None = None
    """Only spans modified on or after this date or time (ISO 8601, UTC)."""
    until: str | None = None
    """Only spans modified on or before this date or time (a date includes its whole day)."""

    def check(self, scheme: LabelScheme) -> None:
        """Refuse labels the scheme does not have, and dates that are not ISO 8601."""
        named = [*self.labels, *self.exclude_labels, *self.rename]
        unknown = sorted({name for name in named if name not in scheme})
        if unknown:
            raise InputError(
                f"unknown label(s) {', '.join(unknown)}; the project has {', '.join(scheme.names)}"
            )
        for name, value in (("--since", self.since), ("--until", self.until)):
            if value is not None and not _looks_like_iso_date(value):
                raise InputError(f"{name} {value!r} is not a date like 2026-11-25")
        if self.since and self.until and self.since[: len(self.until)] > self.until:
            raise InputError(f"--since {self.since} is after --until {self.until}")

    def export_scheme(self, scheme: LabelScheme) -> LabelScheme:
        """The scheme as the export names it: labels filtered and renamed, in scheme order."""
        labels, seen = [], set()
        for label in scheme.labels:
            if not self._takes_label(label.name):
                continue
            name = self.rename.get(label.name, label.name)
            if name in seen:
                continue
            seen.add(name)
            labels.append(dataclasses.replace(label, name=name))
        speaker = self.rename.get(scheme.speaker_label, scheme.speaker_label)
        return dataclasses.replace(scheme, labels=tuple(labels), speaker_label=speaker)

    def _takes_label(self, label: str) -> bool:
        if self.labels and label not in self.labels:
            return False
        return label not in self.exclude_labels

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "annotator": self.annotator,
            "labels": sorted(self.labels),
            "exclude_labels": sorted(self.exclude_labels),
            "rename": dict(self.rename),
            "source": self.source,
            "since": self.since,
            "until": self.until,
        }


class RecordFilter:
    """Applies `ExportFilters` to documents one at a time, counting what it leaves out."""

    def __init__(self, filters: ExportFilters) -> None:
        self.filters = filters
        self.left_out: Counter[str] = Counter()
        until = filters.until
        # A date alone includes its whole day: compare as a prefix.
        self._until = until + "\uffff" if until and len(until) <= 10 else until

    def takes_document(self, record: AnnotatedDocument) -> bool:
        if self.filters.state == "all":
            return True
        wanted = self.filters.annotator
        return any(
            s.state is DocState.DONE and (wanted is None or s.annotator == wanted)
            for s in record.states
        )

    def apply(self, record: AnnotatedDocument) -> AnnotatedDocument | None:
        """The document with only the spans and links the filters take; None to skip it."""
        if not self.takes_document(record):
            self.left_out["documents not done"] += 1
            return None
        f = self.filters
        kept, renamed = [], False
        for span in record.spans:
            reason = self._reason_to_leave(span)
            if reason is not None:
                self.left_out[reason] += 1
                continue
            new_label = f.rename.get(span.label)
            if new_label is not None and new_label != span.label:
                span = dataclasses.replace(span, label=new_label)
                renamed = True
            kept.append(span)
        if len(kept) == len(record.spans) and not renamed:
            return record
        ids = {span.id for span in kept}
        relations = tuple(r for r in record.relations if r.head in ids and r.tail in ids)
        if len(relations) < len(record.relations):
            self.left_out["speaker links to spans left out"] += len(record.relations) - len(
                relations
            )
        return dataclasses.replace(record, spans=tuple(kept), relations=relations)

    def _reason_to_leave(self, span: Any) -> str | None:
        f = self.filters
        if f.annotator is not None and span.annotator != f.annotator:
            return "spans of other annotators"
        if f.source != "all" and span.status is not Status.ACCEPTED:
            return "suggestions not accepted (pending or rejected)"
        if f.source == "human" and span.source is not Source.HUMAN:
            return "accepted suggestions (--source human)"
        if (f.labels and span.label not in f.labels) or span.label in f.exclude_labels:
            return "spans of labels not exported"
        if f.since and span.modified < f.since:
            return "spans modified before --since"
        if self._until and span.modified > self._until:
            return "spans modified after --until"
        return None


def _looks_like_iso_date(value: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
