"""Comparing annotators on one document: what they agree on and each disagreement.

Spans are compared within a layer (entities, quotations). First, spans that every annotator
has with the same offsets and label agree (for quotations also the speaker, compared by its
offsets). The remaining spans form groups of spans that overlap one another; each group is
one disagreement:

- ONLY: some annotators have nothing there ("a span only one has"),
- LABEL: all have spans at the same offsets, with different labels,
- BOUNDARIES: all have something there, at different offsets,
- SPEAKER: the same quotation, with different speakers (or only some link one).

Each item has a key (layer and region, e.g. "entity:14-20") that stays the same while the
annotators' spans stay the same, so a window can keep its place after an adjudication.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from annotator.core.labels import LabelKind, LabelScheme
from annotator.core.model import Span, Status
from annotator.review.layers import layer_of


class Kind(StrEnum):
    AGREED = "agreed"
    ONLY = "only"
    LABEL = "label"
    BOUNDARIES = "boundaries"
    SPEAKER = "speaker"


Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Item:
    """One place in a document where the annotators agree or disagree."""

    key: str
    kind: Kind
    layer: LabelKind
    start: int
    end: int
    versions: Mapping[str, tuple[Span, ...]]
    """Each compared annotator's spans here (empty: they have none)."""
    speakers: Mapping[str, Offsets | None]
    """For quotations: the offsets of each version's speaker (of its first quotation)."""
    gold: tuple[Span, ...] = ()
    """Spans of the adjudicated layer here, accepted or rejected (a decision was made)."""

    @property
    def agreed(self) -> bool:
        return self.kind is Kind.AGREED

    @property
    def resolved(self) -> bool:
        return bool(self.gold)

    def only(self) -> list[str]:
        """The annotators who have spans here."""
        return [a for a, spans in self.versions.items() if spans]


@dataclass(frozen=True, slots=True)
class Comparison:
    doc_id: str
    annotators: tuple[str, ...]
    items: tuple[Item, ...]
    """In reading order."""

    @property
    def disagreements(self) -> list[Item]:
        return [i for i in self.items if not i.agreed]

    @property
    def agreements(self) -> list[Item]:
        return [i for i in self.items if i.agreed]

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


def compare(
    doc_id: str,
    spans: Sequence[Span],
    speakers: Mapping[str, str],
    annotators: Sequence[str],
    scheme: LabelScheme,
    *,
    gold: Sequence[Span] = (),
) -> Comparison:
    """Compare the accepted `spans` of `annotators` (others are ignored) in one document.

    `speakers` maps quotation span ids to speaker span ids; `gold` are the spans of the
    adjudicated layer, attached to the items they overlap.
    """
    annotators = tuple(annotators)
    by_id = {s.id: s for s in spans}
    wanted = set(annotators)
    items: list[Item] = []
    for layer in (LabelKind.ENTITY, LabelKind.QUOTATION):
        mine = [
            s
            for s in spans
            if s.annotator in wanted
            and s.status is Status.ACCEPTED
            and layer_of(s.label, scheme) is layer
        ]
        layer_gold = [s for s in gold if layer_of(s.label, scheme) is layer]
        items.extend(_layer_items(layer, mine, speakers, by_id, annotators, layer_gold))
    items.sort(key=lambda i: (i.start, -i.end, i.layer.value))
    seen: dict[str, int] = {}
    unique = []
    for item in items:
        count = seen[item.key] = seen.get(item.key, 0) + 1
        unique.append(item if count == 1 else _rekeyed(item, f"{item.key}#{count}"))
    return Comparison(doc_id, annotators, tuple(unique))


def _layer_items(layer, spans, speakers, by_id, annotators, gold) -> list[Item]:
    def speaker_of(span: Span) -> Offsets | None:
        target = by_id.get(speakers.get(span.id, ""))
        return (target.start, target.end) if target is not None else None

    by_key: dict[tuple[int, int, str], dict[str, list[Span]]] = {}
    for span in spans:
        by_key.setdefault((span.start, span.end, span.label), {}).setdefault(
            span.annotator, []
        ).append(span)
    items: list[Item] = []
    rest: list[Span] = []
    for (start, end, _), found in by_key.items():
        if len(found) == len(annotators) and all(len(v) == 1 for v in found.values()):
            versions = {a: tuple(found[a]) for a in annotators}
            heard = {a: speaker_of(found[a][0]) for a in annotators}
            quoted = layer is LabelKind.QUOTATION
            kind = Kind.SPEAKER if quoted and len(set(heard.values())) > 1 else Kind.AGREED
            items.append(_item(layer, kind, start, end, versions, heard if quoted else {}, gold))
        else:
            rest.extend(s for v in found.values() for s in v)
    rest.sort(key=lambda s: (s.start, -s.end))
    group: list[Span] = []
    reach = -1
    for span in [*rest, None]:
        if span is None or (group and span.start >= reach):
            if group:
                items.append(_group_item(layer, group, annotators, speaker_of, gold))
            group, reach = [], -1
            if span is None:
                break
        group.append(span)
        reach = max(reach, span.end)
    return items


def _group_item(layer, group, annotators, speaker_of, gold) -> Item:
    versions = {a: tuple(s for s in group if s.annotator == a) for a in annotators}
    start, end = min(s.start for s in group), max(s.end for s in group)
    if not all(versions.values()):
        kind = Kind.ONLY
    elif len({tuple((s.start, s.end) for s in v) for v in versions.values()}) == 1:
        kind = Kind.LABEL
    else:
        kind = Kind.BOUNDARIES
    heard = (
        {a: (speaker_of(v[0]) if v else None) for a, v in versions.items()}
        if layer is LabelKind.QUOTATION
        else {}
    )
    return _item(layer, kind, start, end, versions, heard, gold)


def _item(layer, kind, start, end, versions, speakers, gold) -> Item:
    here = tuple(s for s in gold if s.start < end and start < s.end)
    return Item(f"{layer.value}:{start}-{end}", kind, layer, start, end, versions, speakers, here)


def _rekeyed(item: Item, key: str) -> Item:
    return Item(
        key, item.kind, item.layer, item.start, item.end, item.versions, item.speakers, item.gold
    )


__all__ = ["Comparison", "Item", "Kind", "compare"]
