"""A child process for the crash and concurrency tests: a stream of edits to one project.

    python edit_stream.py PROJECT ANNOTATOR SEED [COUNT]

Opens PROJECT, prints "ready", then applies random edits as ANNOTATOR, the way a person
annotating would: add spans (entities and quotations), relabel and remove them, link a
quotation to its speaker, set document states, undo and redo. Before each edit it prints
`doing <json>`, and once `Project.apply` (or `undo`, `redo`) has returned, `saved <json>`; each
line is flushed at once. The JSON names the edit and its effects: the records it leaves behind
(`[kind, key, value]`, value null for a record it removes), which is what the tests compare
with the reopened file. After COUNT edits it prints "done" and exits; without COUNT it goes on
until it is killed.

The test modules import `effects` and `snapshot` from here, so both sides describe records the
same way.
"""

from __future__ import annotations

import json
import random
import sys
from typing import Any

from annotator.core import commands
from annotator.core.commands import Batch, Command, RelationChange, SpanChange, StateChange
from annotator.core.labels import LabelKind
from annotator.core.model import DocState, Span
from annotator.store import Project

ENTITY_LABELS = ("PER", "LOC", "ORG", "MISC")
STATES = (DocState.NEW, DocState.IN_PROGRESS, DocState.DONE, DocState.SKIPPED)
WEIGHTS = {"add": 40, "relabel": 15, "link": 8, "remove": 7, "state": 15, "undo": 12, "redo": 3}

Effect = list[Any]  # [kind, key, value or None]


def effects(command: Command) -> list[Effect]:
    """The records `command` leaves behind when applied, in the form `snapshot` uses."""
    if isinstance(command, Batch):
        return [e for c in command.commands for e in effects(c)]
    if isinstance(command, SpanChange):
        s = command.after
        value = [s.doc_id, s.start, s.end, s.label, s.status.value] if s else None
        return [["span", command.span_id, value]]
    if isinstance(command, RelationChange):
        r = command.after
        key = (command.after or command.before).id  # type: ignore[union-attr]
        return [["relation", key, [r.doc_id, r.head, r.tail] if r else None]]
    if isinstance(command, StateChange):
        record = command.after or command.before
        key = f"{record.doc_id}|{record.annotator}"  # type: ignore[union-attr]
        return [["state", key, command.after.state.value if command.after else None]]
    raise TypeError(f"no effects known for {command!r}")


def snapshot(project: Project) -> dict[tuple[str, str], Any]:
    """Every span, relation and document state in the project, keyed as `effects` keys them."""
    records: dict[tuple[str, str], Any] = {}
    for record in project.iter_records():
        for s in record.spans:
            records["span", s.id] = [s.doc_id, s.start, s.end, s.label, s.status.value]
        for r in record.relations:
            records["relation", r.id] = [r.doc_id, r.head, r.tail]
        for st in record.states:
            records["state", f"{st.doc_id}|{st.annotator}"] = st.state.value
    return records


def apply_effects(records: dict[tuple[str, str], Any], changes: list[Effect]) -> None:
    for kind, key, value in changes:
        if value is None:
            records.pop((kind, key), None)
        else:
            records[kind, key] = value


class Writer:
    def __init__(self, project: Project, annotator: str, rng: random.Random) -> None:
        self.project = project
        self.annotator = annotator
        self.rng = rng
        self.doc_ids = [s.id for s in project.list_documents(limit=1000)]
        self.texts = {d: project.get_document(d).text for d in self.doc_ids}
        # Word boundaries of each text: spans start and end on them.
        self.words = {d: _words(t) for d, t in self.texts.items()}

    def mine(self, doc_id: str) -> list[Span]:
        return [s for s in self.project.spans(doc_id) if s.annotator == self.annotator]

    def next_edit(self) -> tuple[str, Command | None]:
        """An edit that fits the project as it is now: (op, command), or ("undo"/"redo", None)."""
        op = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        if op in ("undo", "redo"):
            return (op, None) if self._history_entry(op) else self._state()
        doc_id = self.rng.choice(self.doc_ids)
        text = self.texts[doc_id]
        spans = self.mine(doc_id)
        if op == "add":
            return self._add(doc_id, text, spans) or self._state()
        if op == "relabel":
            entities = [s for s in spans if s.label in ENTITY_LABELS]
            if not entities:
                return self._state()
            span = self.rng.choice(entities)
            label = self.rng.choice([x for x in ENTITY_LABELS if x != span.label])
            return "relabel", commands.relabel_span(span, text, label)
        if op == "link":
            quotes = [s for s in spans if s.label == "QUOTE"]
            people = [s for s in spans if s.label == "PER"]
            if not quotes or not people:
                return self._state()
            quote, speaker = self.rng.choice(quotes), self.rng.choice(people)
            relations = self.project.relations(doc_id)
            current = next((r for r in relations if r.head == quote.id), None)
            return "link", commands.link_speaker(quote, speaker, self.annotator, text, current)
        if op == "remove":
            if not spans:
                return self._state()
            span = self.rng.choice(spans)
            return "remove", commands.remove_span(span, text, self.project.relations(doc_id))
        return self._state(doc_id)

    def _add(self, doc_id: str, text: str, spans: list[Span]) -> tuple[str, Command] | None:
        words = self.words[doc_id]
        label = self.rng.choice([*ENTITY_LABELS, "QUOTE"])
        length = self.rng.randint(3, 6) if label == "QUOTE" else self.rng.randint(1, 2)
        for _ in range(10):
            first = self.rng.randrange(len(words) - length)
            start, end = words[first][0], words[first + length - 1][1]
            if all(end <= s.start or s.end <= start for s in spans):
                kind = self.rng.choice(["Direct", "Indirect"])
                attrs = {"type": kind} if label == "QUOTE" else {}
                span = Span(doc_id, start, end, label, self.annotator, attrs=attrs)
                return "add", commands.add_span(span, text)
        return None

    def _state(self, doc_id: str | None = None) -> tuple[str, Command]:
        doc_id = doc_id or self.rng.choice(self.doc_ids)
        current = self.project.states(doc_id).get(self.annotator)
        choices = [s for s in STATES if current is None or s is not current.state]
        state = self.rng.choice(choices)
        return "state", commands.set_document_state(doc_id, self.annotator, state, current)

    def _history_entry(self, op: str):
        if op == "undo":
            return self.project.next_undo(self.annotator)
        return self.project.next_redo(self.annotator)

    def step(self, number: int) -> None:
        op, command = self.next_edit()
        if command is None:
            entry = self._history_entry(op)
            command = entry.command.inverse() if op == "undo" else entry.command
            report = {"n": number, "op": op, "seq": entry.seq, "effects": effects(command)}
            say("doing", report)
            done = getattr(self.project, op)(self.annotator)
            if done.seq != entry.seq:
                raise AssertionError(f"{op} took back edit {done.seq}, expected {entry.seq}")
        else:
            report = {"n": number, "op": op, "effects": effects(command)}
            say("doing", report)
            report["seq"] = self.project.apply(command, self.annotator)
        say("saved", report)


def _words(text: str) -> list[tuple[int, int]]:
    words, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                words.append((start, i))
            start = None
        elif start is None:
            start = i
    return words


def say(what: str, report: dict[str, Any]) -> None:
    sys.stdout.write(f"{what} {json.dumps(report)}\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    path, annotator, seed = argv[0], argv[1], int(argv[2])
    count = int(argv[3]) if len(argv) > 3 else None
    rng = random.Random(seed)
    with Project.open(path) as project:
        assert project.scheme.label("QUOTE").kind is LabelKind.QUOTATION
        writer = Writer(project, annotator, rng)
        print("ready", flush=True)
        number = 0
        while count is None or number < count:
            writer.step(number)
            number += 1
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
