"""Random edit sequences: undo always restores the state before, redo the state after.

Two annotators edit two documents, so their histories interleave without touching each
other's records; a refused edit must leave the project as it was.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from annotator.core.commands import (
    Command,
    add_span,
    edit_span,
    link_speaker,
    relabel_span,
    remove_span,
    resize_span,
    set_document_state,
    set_span_status,
)
from annotator.core.errors import AnnotatorError, NothingToRedo, NothingToUndo
from annotator.core.memory import MemoryProject, memory_history
from annotator.core.model import DocState, Document, Span, Status

from .conftest import DOC, OTHER_DOC, TEXT, make_scheme

TEXTS = {DOC: TEXT, OTHER_DOC: "Olaf Scholz sagte: „Das ist so.“\r\nBerlin 😀"}
DESK = {"anna": DOC, "ben": OTHER_DOC}
"""Which document each annotator edits."""

LABELS = st.sampled_from(["PER", "LOC", "ORG", "CUE", "QUOTE", "DATE"])  # DATE is unknown


def new_project() -> MemoryProject:
    return MemoryProject(make_scheme(), [Document(i, t) for i, t in TEXTS.items()])


def view(project: MemoryProject, doc_id: str) -> tuple:
    """The part of the project one document holds, comparable with ==."""
    return view_of(project.snapshot(), doc_id)


def view_of(snapshot: tuple, doc_id: str) -> tuple:
    spans, relations, states = snapshot
    return (
        {k: v for k, v in spans.items() if v.doc_id == doc_id},
        {k: v for k, v in relations.items() if v.doc_id == doc_id},
        {k: v for k, v in states.items() if k[0] == doc_id},
    )


def draw_command(draw, project: MemoryProject, annotator: str) -> Command:
    """An edit `annotator` might make to their document now (it may be refused)."""
    doc_id = DESK[annotator]
    text = TEXTS[doc_id]
    # Sorted by content, not by id: ids are random, and draws must replay.
    spans = sorted(project.spans_of(doc_id), key=lambda s: (s.start, s.end, s.label, s.status))
    quotations = [s for s in spans if s.label == "QUOTE"]
    kinds = ["add", "state"]
    if spans:
        kinds += ["remove", "relabel", "resize", "status", "edit"]
    if quotations:
        kinds += ["link", "link"]
    kind = draw(st.sampled_from(kinds))

    if kind == "add":
        start = draw(st.integers(0, len(text) - 1))
        end = min(len(text), start + draw(st.integers(1, 25)))
        status = draw(st.sampled_from(Status))
        return add_span(Span(doc_id, start, end, draw(LABELS), annotator, status=status), text)
    if kind == "state":
        current = project.get_state(doc_id, annotator)
        return set_document_state(doc_id, annotator, draw(st.sampled_from(DocState)), current)
    if kind == "link":
        quotation = draw(st.sampled_from(quotations))
        current = next((r for r in project.relations.values() if r.head == quotation.id), None)
        speakers = [s for s in spans if s is not quotation] + [quotation]  # itself: refused
        if current:
            speakers.append(None)
        speaker = draw(st.sampled_from(speakers))
        return link_speaker(quotation, speaker, annotator, text, current)

    span = draw(st.sampled_from(spans))
    if kind == "remove":
        return remove_span(span, text, project.relations.values())
    if kind == "relabel":
        return relabel_span(span, text, draw(LABELS))
    if kind == "resize":
        start = draw(st.integers(0, len(text) - 1))
        return resize_span(span, text, start, draw(st.integers(start, len(text))))
    if kind == "status":
        return set_span_status(span, text, draw(st.sampled_from(Status)), annotator)
    attrs = draw(st.fixed_dictionaries({}, optional={"type": st.sampled_from(["Direct", "X"])}))
    return edit_span(span, attrs=attrs, comment=draw(st.sampled_from(["", "sicher?"])))


class EditUndoRedo(RuleBasedStateMachine):
    """Model: per annotator, a stack of (before, after) views of their document to undo and
    one to redo."""

    def __init__(self) -> None:
        super().__init__()
        self.project = new_project()
        self.history = memory_history(self.project)
        self.done: dict[str, list[tuple]] = {a: [] for a in DESK}
        self.undone: dict[str, list[tuple]] = {a: [] for a in DESK}

    def views(self) -> dict[str, tuple]:
        return {a: view(self.project, d) for a, d in DESK.items()}

    @rule(annotator=st.sampled_from(list(DESK)), data=st.data())
    def edit(self, annotator: str, data: st.DataObject) -> None:
        command = draw_command(data.draw, self.project, annotator)
        before = self.project.snapshot()
        try:
            self.history.do(command, annotator)
        except AnnotatorError:
            assert self.project.snapshot() == before
            return
        self.done[annotator].append((view_of(before, DESK[annotator]), self.mine(annotator)))
        self.undone[annotator].clear()

    @rule(annotator=st.sampled_from(list(DESK)))
    def undo(self, annotator: str) -> None:
        others = self.others(annotator)
        if not self.done[annotator]:
            with pytest.raises(NothingToUndo):
                self.history.undo(annotator)
        else:
            before, after = self.done[annotator].pop()
            assert self.mine(annotator) == after
            self.history.undo(annotator)
            assert self.mine(annotator) == before
            self.undone[annotator].append((before, after))
        assert self.others(annotator) == others

    @rule(annotator=st.sampled_from(list(DESK)))
    def redo(self, annotator: str) -> None:
        others = self.others(annotator)
        if not self.undone[annotator]:
            with pytest.raises(NothingToRedo):
                self.history.redo(annotator)
        else:
            before, after = self.undone[annotator].pop()
            self.history.redo(annotator)
            assert self.mine(annotator) == after
            self.done[annotator].append((before, after))
        assert self.others(annotator) == others

    @invariant()
    def records_stay_in_their_documents(self) -> None:
        for span in self.project.spans.values():
            assert DESK[span.annotator] == span.doc_id

    def mine(self, annotator: str) -> tuple:
        return view(self.project, DESK[annotator])

    def others(self, annotator: str) -> dict[str, tuple]:
        return {a: v for a, v in self.views().items() if a != annotator}


TestEditUndoRedo = EditUndoRedo.TestCase
TestEditUndoRedo.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), edits=st.integers(0, 12))
def test_undo_k_then_redo_k_then_undo_all(data: st.DataObject, edits: int):
    project = new_project()
    history = memory_history(project)
    states = [project.snapshot()]
    for _ in range(edits):
        command = draw_command(data.draw, project, "anna")
        try:
            history.do(command, "anna")
        except AnnotatorError:
            assert project.snapshot() == states[-1]
            continue
        states.append(project.snapshot())

    k = data.draw(st.integers(0, len(states) - 1), label="k")
    for _ in range(k):
        history.undo("anna")
    assert project.snapshot() == states[-1 - k]
    for _ in range(k):
        history.redo("anna")
    assert project.snapshot() == states[-1]

    for _ in range(len(states) - 1):
        history.undo("anna")
    assert project.snapshot() == states[0]
