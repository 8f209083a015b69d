"""Edit commands: each one applied, undone and redone on a project in memory; JSON round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from annotator.core.commands import (
    Batch,
    Command,
    RelationChange,
    SpanChange,
    StateChange,
    add_span,
    command_from_json,
    edit_span,
    link_speaker,
    relabel_span,
    remove_span,
    resize_span,
    set_document_state,
    set_span_status,
)
from annotator.core.errors import ConflictError, ValidationError
from annotator.core.history import History
from annotator.core.memory import MemoryProject
from annotator.core.model import DocState, DocumentState, Relation, Source, Span, Status

from .conftest import DOC, OTHER_DOC, TEXT, at


@dataclass
class World:
    """A project with a quotation linked to its speaker, a second person and a suggestion."""

    project: MemoryProject
    quote: Span
    speaker: Span
    other_person: Span
    suggestion: Span
    link: Relation
    state: DocumentState


@pytest.fixture
def world(project: MemoryProject) -> World:
    quote = Span(DOC, *at("„Wir schaffen das.“"), "QUOTE", "ann", attrs={"type": "Direct"})
    speaker = Span(DOC, *at("Angela Merkel"), "PER", "ann")
    other_person = Span(DOC, *at("Universität Hamburg"), "ORG", "ann")
    suggestion = Span(
        DOC, *at("Berlin"), "LOC", "model", source=Source.MODEL, status=Status.PENDING
    )
    for span in (quote, speaker, other_person, suggestion):
        project.put_span(span)
    link = Relation(DOC, quote.id, speaker.id, "ann")
    project.put_relation(link)
    state = DocumentState(DOC, "ann", DocState.IN_PROGRESS)
    project.put_state(state)
    return World(project, quote, speaker, other_person, suggestion, link, state)


def link_unlinked_quotation(world: World) -> Command:
    world.project.delete_relation(world.link.id)  # a quotation without a speaker yet
    return link_speaker(world.quote, world.other_person, "ann", TEXT)


EDITS: dict[str, Callable[[World], Command]] = {
    "add": lambda w: add_span(Span(DOC, *at("Hamburg"), "LOC", "ann"), TEXT),
    "remove quote": lambda w: remove_span(w.quote, TEXT, [w.link]),
    "remove unlinked": lambda w: remove_span(w.other_person, TEXT, [w.link]),
    "relabel": lambda w: relabel_span(w.other_person, TEXT, "LOC"),
    "resize": lambda w: resize_span(w.speaker, TEXT, *at("Merkel")),
    "accept": lambda w: set_span_status(w.suggestion, TEXT, Status.ACCEPTED, "ann"),
    "reject": lambda w: set_span_status(w.suggestion, TEXT, Status.REJECTED, "ann"),
    "edit attrs": lambda w: edit_span(w.quote, attrs={"type": "Indirect"}),
    "edit comment": lambda w: edit_span(w.speaker, comment="Bundeskanzlerin"),
    "link new": link_unlinked_quotation,
    "link replace": lambda w: link_speaker(w.quote, w.other_person, "ann", TEXT, w.link),
    "unlink": lambda w: link_speaker(w.quote, None, "ann", TEXT, w.link),
    "state": lambda w: set_document_state(DOC, "ann", DocState.DONE, w.state),
    "first state": lambda w: set_document_state(OTHER_DOC, "ann", DocState.SKIPPED, None),
}


@pytest.mark.parametrize("edit", EDITS)
def test_undo_restores_and_redo_reapplies(world: World, history: History, edit: str):
    command = EDITS[edit](world)
    before = world.project.snapshot()
    history.do(command, "ann")
    after = world.project.snapshot()
    assert after != before

    history.undo("ann")
    assert world.project.snapshot() == before
    history.redo("ann")
    assert world.project.snapshot() == after


@pytest.mark.parametrize("edit", EDITS)
def test_json_round_trip(world: World, edit: str):
    command = EDITS[edit](world)
    again = command_from_json(json.loads(json.dumps(command.to_json())))
    assert again == command
    assert again.inverse() == command.inverse()
    assert again.describe() == command.describe()

    before = world.project.snapshot()
    command.apply(world.project)
    after = world.project.snapshot()
    command.inverse().apply(world.project)
    assert world.project.snapshot() == before
    again.apply(world.project)
    assert world.project.snapshot() == after


@pytest.mark.parametrize("edit", EDITS)
def test_inverse_of_inverse_is_the_command(world: World, edit: str):
    command = EDITS[edit](world)
    assert command.inverse().inverse() == command
    assert command.inverse().describe() == "Undo: " + command.describe()


def test_unknown_command_type():
    with pytest.raises(ValueError, match="unknown command type 'paint'"):
        command_from_json({"type": "paint"})


def test_descriptions_name_label_and_text(world: World):
    assert EDITS["add"](world).describe() == "Add LOC 'Hamburg'"
    assert EDITS["relabel"](world).describe() == "Relabel 'Universität Hamburg' ORG -> LOC"
    assert EDITS["resize"](world).describe() == "Resize PER 'Angela Merkel' to 'Merkel'"
    assert EDITS["accept"](world).describe() == "Accept LOC 'Berlin'"
    assert EDITS["edit attrs"](world).describe() == "Edit attributes of QUOTE"
    assert EDITS["link new"](world).describe() == (
        "Link '„Wir schaffen das.“' to speaker 'Universität Hamburg'"
    )
    assert EDITS["state"](world).describe() == "Mark as done document 'doc-1'"


def test_long_text_is_shortened_in_descriptions():
    long_text = "word " * 20
    command = add_span(Span(DOC, 0, len(long_text), "PER", "ann"), long_text)
    assert command.describe() == "Add PER 'word word word word word word…'"


# What each command does


def test_remove_span_removes_its_relations_and_undo_restores_them(world: World, history):
    history.do(remove_span(world.speaker, TEXT, world.project.relations.values()), "ann")
    assert world.speaker.id not in world.project.spans
    assert world.project.relations == {}

    history.undo("ann")
    assert world.project.spans[world.speaker.id] == world.speaker
    assert world.project.relations == {world.link.id: world.link}


def test_remove_span_without_relations_is_a_single_change(world: World):
    command = remove_span(world.other_person, TEXT, [world.link])
    assert isinstance(command, SpanChange)
    assert isinstance(remove_span(world.quote, TEXT, [world.link]), Batch)


def test_accepting_a_suggestion_makes_the_decider_its_annotator(world: World, history):
    history.do(set_span_status(world.suggestion, TEXT, Status.ACCEPTED, "ann"), "ann")
    accepted = world.project.spans[world.suggestion.id]
    assert (accepted.status, accepted.annotator) == (Status.ACCEPTED, "ann")
    assert accepted.source is Source.MODEL


def test_link_replace_leaves_one_speaker(world: World, history):
    history.do(EDITS["link replace"](world), "ann")
    (relation,) = world.project.relations.values()
    assert (relation.head, relation.tail) == (world.quote.id, world.other_person.id)


def test_unlink_needs_a_link():
    quote = Span(DOC, *at("„Wir schaffen das.“"), "QUOTE", "ann")
    with pytest.raises(ValueError, match="no speaker to unlink"):
        link_speaker(quote, None, "ann", TEXT)


def test_edit_span_changes_only_what_is_given(world: World):
    command = edit_span(world.quote, comment="Merkel 2015")
    assert command.after.attrs == world.quote.attrs
    assert command.after.comment == "Merkel 2015"


def test_span_change_keeps_the_span_id(world: World):
    with pytest.raises(ValueError, match="keeps the span's id"):
        SpanChange(world.speaker, Span(DOC, 0, 6, "PER", "ann"), "bad")
    with pytest.raises(ValueError, match="needs a span before or after"):
        SpanChange(None, None, "bad")


def test_empty_batch_is_refused():
    with pytest.raises(ValueError, match="at least one command"):
        Batch((), "nothing")


# Refused edits change nothing


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda w: relabel_span(w.other_person, TEXT, "DATE"), "unknown label 'DATE'"),
        (lambda w: resize_span(w.speaker, TEXT, 7, 200), "out of range"),
        (lambda w: resize_span(w.speaker, TEXT, 6, 6), "empty or reversed"),
        (
            lambda w: add_span(Span(DOC, *at("Merkel sagte"), "PER", "ann"), TEXT),
            "overlaps PER 0-13 'Angela Merkel'",
        ),
        (lambda w: edit_span(w.quote, attrs={"type": "Shouted"}), "allowed: Direct, Indirect"),
        (lambda w: link_speaker(w.quote, w.quote, "ann", TEXT), "to itself"),
        (
            lambda w: link_speaker(w.other_person, w.speaker, "ann", TEXT),
            "a speaker belongs to a quotation, not to a ORG span",
        ),
        (
            lambda w: add_span(Span("doc-9", 0, 3, "PER", "ann"), TEXT),
            "no document 'doc-9'",
        ),
        (
            lambda w: set_document_state("doc-9", "ann", DocState.DONE, None),
            "no document 'doc-9'",
        ),
    ],
)
def test_a_refused_edit_changes_nothing(world: World, history: History, edit, message: str):
    before = world.project.snapshot()
    with pytest.raises(ValidationError, match=message):
        history.do(edit(world), "ann")
    assert world.project.snapshot() == before
    assert history.log.latest_done("ann") is None


def test_link_to_a_span_of_another_document_is_refused(world: World, history: History):
    elsewhere = Span(OTHER_DOC, 0, 3, "PER", "ann")
    world.project.put_span(elsewhere)
    relation = Relation(DOC, world.quote.id, elsewhere.id, "ann")
    with pytest.raises(ValidationError, match="belongs to document 'doc-2', not 'doc-1'"):
        history.do(RelationChange(None, relation, "Link"), "ann")
    assert relation.id not in world.project.relations


def test_failing_part_of_a_batch_takes_back_the_parts_before_it(world: World, history: History):
    # Replacing the speaker with the quotation itself: removing the old link works, the new
    # link is refused, so the old link must stay.
    command = link_speaker(world.quote, world.quote, "ann", TEXT, world.link)
    before = world.project.snapshot()
    with pytest.raises(ValidationError, match="to itself"):
        history.do(command, "ann")
    assert world.project.snapshot() == before


def test_state_change_records_a_new_state(world: World, history: History):
    history.do(EDITS["first state"](world), "ann")
    assert world.project.get_state(OTHER_DOC, "ann").state is DocState.SKIPPED
    history.undo("ann")
    assert world.project.get_state(OTHER_DOC, "ann") is None


def test_state_change_round_trips_through_json(world: World):
    command = set_document_state(DOC, "ann", DocState.DONE, world.state)
    assert isinstance(command, StateChange)
    assert command_from_json(json.loads(json.dumps(command.to_json()))) == command


def test_a_second_speaker_is_refused(world: World, history):
    before = world.project.snapshot()
    with pytest.raises(ConflictError, match="has a speaker already"):
        history.do(link_speaker(world.quote, world.other_person, "ben", TEXT), "ben")
    assert world.project.snapshot() == before


def test_removing_a_span_linked_since_is_refused(world: World, history):
    added = Span(DOC, *at("Hamburg"), "LOC", "ann")
    history.do(add_span(added, TEXT), "ann")
    world.project.delete_relation(world.link.id)
    history.do(link_speaker(world.quote, added, "ben", TEXT), "ben")
    before = world.project.snapshot()
    with pytest.raises(ConflictError, match="linked since"):
        history.undo("ann")  # would remove the span ben linked as a speaker
    assert world.project.snapshot() == before


def test_relabelling_a_linked_quotation_without_its_links_is_refused(world: World, history):
    before = world.project.snapshot()
    with pytest.raises(ValidationError, match="has a speaker"):
        history.do(relabel_span(world.quote, TEXT, "ORG"), "ann")
    assert world.project.snapshot() == before


def test_relabelling_a_linked_quotation_to_an_entity_unlinks_its_speaker(world: World, history):
    before = world.project.snapshot()
    relations = world.project.relations_of(DOC)
    assert any(r.head == world.quote.id for r in relations)
    command = relabel_span(
        world.quote, TEXT, "ORG", relations=relations, scheme=world.project.scheme
    )
    history.do(command, "ann")
    assert world.project.get_span(world.quote.id).label == "ORG"
    assert not any(r.head == world.quote.id for r in world.project.relations_of(DOC))
    history.undo("ann")
    assert world.project.snapshot() == before


def test_the_memory_projects_overlap_index_follows_loads_and_edits() -> None:
    from annotator.core.labels import LabelScheme
    from annotator.core.memory import MemoryProject
    from annotator.core.model import Document, Span

    text = "Angela Merkel sprach in Berlin mit Olaf Scholz."
    project = MemoryProject(
        LabelScheme.from_dict({"name": "t", "labels": [{"name": "PER"}]}), [Document("d", text)]
    )
    project.load_spans(
        [Span("d", 0, 13, "PER", "a", id="merkel"), Span("d", 35, 46, "PER", "a", id="scholz")]
    )
    project.put_span(Span("d", 24, 30, "PER", "a", id="berlin"))
    assert [s.id for s in project.spans_overlapping("d", 10, 25)] == ["merkel", "berlin"]
    project.put_span(Span("d", 0, 6, "PER", "a", id="merkel"))  # shortened: moved in the index
    assert [s.id for s in project.spans_overlapping("d", 10, 25)] == ["berlin"]
    project.delete_span("berlin")
    assert project.spans_overlapping("d", 10, 30) == []
    assert [s.id for s in project.spans_overlapping("d", 40, 41)] == ["scholz"]
