"""The adjudicated layer: spans of the annotator `gold`, made by reversible commands.

A decision on one disagreement replaces whatever the gold layer holds in its region with
copies of the chosen versions: one annotator's, several ("both"), none ("neither"), or spans
the reviewer edited. "Neither" keeps rejected copies, so that the decision is recorded and
the item counts as resolved while the gold layer's accepted spans stay empty there. Each gold
span says who decided (`adjudicated_by`) and whose version it is (`adjudicated_from`) in its
attributes; when is its `created` time. A quotation brings its speaker: the gold span at the
speaker's offsets, or a new gold copy of the speaker span.

Everything is an ordinary `commands.Batch`, so undo, redo, the edit log and conflicts work as
for every other edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.core import commands
from annotator.core.clock import new_id
from annotator.core.commands import Batch, Command, RelationChange, SpanChange
from annotator.core.model import Relation, Span, Status
from annotator.review.compare import Comparison, Item
from annotator.review.layers import GOLD

DECIDED_BY = "adjudicated_by"
DECIDED_FROM = "adjudicated_from"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A span as the reviewer wants it in the gold layer (for "edit, then take")."""

    start: int
    end: int
    label: str


@dataclass
class _Plan:
    """The parts of one adjudication, in the order they must be applied."""

    text: str
    decided_by: str
    relations: Sequence[Relation]
    gold: list[Span]
    """The gold layer as it will be: what is kept and what is added."""
    unlink: list[RelationChange]
    remove: list[Command]
    add: list[SpanChange]
    link: list[RelationChange]

    def commands(self) -> tuple[Command, ...]:
        return (*self.unlink, *self.remove, *self.add, *self.link)

    def drop(self, spans: Iterable[Span]) -> None:
        dropped = {s.id for s in spans}
        gone: set[str] = set()
        for relation in self.relations:
            if relation.id not in gone and dropped & {relation.head, relation.tail}:
                gone.add(relation.id)
                self.unlink.append(RelationChange(relation, None, "unlink"))
        for span in self.gold:
            if span.id in dropped:
                self.remove.append(SpanChange(span, None, "remove"))
        self.gold = [s for s in self.gold if s.id not in dropped]

    def copy(self, span: Span, origin: str, *, status: Status = Status.ACCEPTED) -> Span:
        attrs = {**span.attrs, DECIDED_BY: self.decided_by, DECIDED_FROM: origin}
        made = Span(
            doc_id=span.doc_id,
            start=span.start,
            end=span.end,
            label=span.label,
            annotator=GOLD,
            id=new_id(),
            status=status,
            attrs=attrs,
            comment=span.comment,
        )
        self.add.append(SpanChange(None, made, "add"))
        self.gold.append(made)
        return made

    def speaker_for(self, quotation: Span, speaker: Span) -> None:
        """Link the gold `quotation` to the gold span at `speaker`'s place (made if missing)."""
        target = next(
            (
                s
                for s in self.gold
                if (s.start, s.end, s.label) == (speaker.start, speaker.end, speaker.label)
                and s.status is Status.ACCEPTED
            ),
            None,
        )
        if target is None:
            target = self.copy(speaker, speaker.annotator)
        relation = Relation(quotation.doc_id, quotation.id, target.id, GOLD)
        self.link.append(RelationChange(None, relation, "link"))


def _plan(text: str, decided_by: str, gold: Sequence[Span], relations: Sequence[Relation]):
    return _Plan(text, decided_by, relations, list(gold), [], [], [], [])


def _finish(plan: _Plan, description: str) -> Command | None:
    parts = plan.commands()
    if not parts:
        return None
    return Batch(tuple(_described(c, description) for c in parts), description)


def _described(command: Command, description: str) -> Command:
    if isinstance(command, SpanChange):
        return SpanChange(command.before, command.after, description)
    if isinstance(command, RelationChange):
        return RelationChange(command.before, command.after, description)
    return command


def decide(
    item: Item,
    take: Sequence[str],
    *,
    text: str,
    decided_by: str,
    gold: Sequence[Span],
    relations: Sequence[Relation],
    spans_by_id: Mapping[str, Span],
) -> Command:
    """Make the gold layer at `item` the versions of the annotators in `take` (none: neither).

    `gold` and `relations` are the document's gold spans and all its relations;
    `spans_by_id` finds the annotators' speaker spans.
    """
    unknown = [a for a in take if a not in item.versions]
    if unknown:
        raise ValueError(f"not compared here: {', '.join(unknown)}")
    plan = _plan(text, decided_by, gold, relations)
    plan.drop(item.gold)
    speakers = {r.head: r.tail for r in relations if r.kind == commands.SPEAKER}
    if take:
        seen: set[tuple[int, int, str]] = set()
        for annotator in take:
            for span in item.versions[annotator]:
                if (span.start, span.end, span.label) in seen:
                    continue
                seen.add((span.start, span.end, span.label))
                made = plan.copy(span, "+".join(take))
                speaker = spans_by_id.get(speakers.get(span.id, ""))
                if speaker is not None:
                    plan.speaker_for(made, speaker)
        verb = f"take {' and '.join(take)}'s version" if len(take) == 1 else "take both"
        if len(take) > 2:
            verb = f"take {', '.join(take)}"
    else:
        seen = set()
        for span in (s for spans in item.versions.values() for s in spans):
            if (span.start, span.end, span.label) not in seen:
                seen.add((span.start, span.end, span.label))
                plan.copy(span, "", status=Status.REJECTED)
        verb = "take neither"
    command = _finish(plan, f"Adjudicate {_quote(text[item.start : item.end])}: {verb}")
    if command is None:
        raise ValueError("nothing to decide here")
    return command


def decide_spans(
    item: Item,
    proposals: Sequence[Proposal],
    *,
    doc_id: str,
    text: str,
    decided_by: str,
    gold: Sequence[Span],
    relations: Sequence[Relation],
) -> Command:
    """The reviewer's own version of the item (after editing it) becomes the gold layer there."""
    plan = _plan(text, decided_by, gold, relations)
    plan.drop(item.gold)
    for proposal in proposals:
        template = Span(doc_id, proposal.start, proposal.end, proposal.label, decided_by)
        plan.copy(template, decided_by)
    command = _finish(plan, f"Adjudicate {_quote(text[item.start : item.end])}: edited")
    if command is None:
        raise ValueError("nothing to decide here")
    return command


def accept_agreed(
    comparison: Comparison,
    *,
    text: str,
    decided_by: str,
    gold: Sequence[Span],
    relations: Sequence[Relation],
    spans_by_id: Mapping[str, Span],
) -> Command | None:
    """Copy everything the annotators agree on, and that the gold layer lacks, in one edit."""
    plan = _plan(text, decided_by, gold, relations)
    speakers = {r.head: r.tail for r in relations if r.kind == commands.SPEAKER}
    origin = "+".join(comparison.annotators)
    quotations = []
    for item in comparison.agreements:
        if item.resolved:
            continue
        span = next(iter(item.versions.values()))[0]
        made = plan.copy(span, origin)
        speaker = spans_by_id.get(speakers.get(span.id, ""))
        if speaker is not None:
            quotations.append((made, speaker))
    for made, speaker in quotations:  # after the entities, which their speakers may be
        plan.speaker_for(made, speaker)
    count = len(plan.add)
    return _finish(plan, f"Adjudicate: accept {count} span(s) the annotators agree on")


def _quote(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


__all__ = [
    "DECIDED_BY",
    "DECIDED_FROM",
    "GOLD",
    "Proposal",
    "accept_agreed",
    "decide",
    "decide_spans",
]
