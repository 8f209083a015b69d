"""Export then import gives back the same project, whatever was annotated and edited.

Random projects (texts with emoji, combining marks, CRLF, right-to-left script; nested entities,
nested quotations with speakers, suggestions, states, attributes, comments), then random edits
through `core.commands` with undo and redo; export, import into a new project, export again.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from annotator.core import commands
from annotator.core.errors import AnnotatorError, ConflictError
from annotator.core.model import AnnotatedDocument, DocState, Document, Span, Status
from annotator.resources import load_scheme
from annotator.services.exporting import export_jsonl
from annotator.services.importing import import_paths
from annotator.store import Project

PIECES = [
    "Angela", " ", "Merkel", "ä", "ß", "e\u0301", "n\u0303\u0301",  # combining marks
    "😀", "👩\u200d👩\u200d👧", "🇩🇪", "𝄞",  # astral, a ZWJ sequence, a flag
    "\r\n", "\n", "\r", "\t", "\u2028", "\x85",  # line ends JSON and files must not split on
    "שלום", "مرحبا", "\u200f", "\u202e",  # right to left, with direction marks
    "„", "“", "»", "«", '"', "\\", "\x00", "\ufeff",
]  # fmt: skip
ANNOTATORS = ["anna", "ben", "Zoë 😀"]
ENTITIES = ["PER", "LOC", "ORG", "MISC"]
MODELS = ["de_core_news_lg", "quotes-v2"]
QUOTE_TYPES = ["Direct", "Indirect", "Reported", "FreeIndirect", "IndirectFreeIndirect"]

plain_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=6)
texts = (
    st.lists(st.one_of(st.sampled_from(PIECES), plain_text), min_size=1, max_size=30)
    .map("".join)
    .filter(str.strip)
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | plain_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain_text, inner, max_size=3),
    max_leaves=6,
)
documents = st.builds(
    Document,
    id=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8),
    text=texts,
    meta=st.dictionaries(plain_text, json_values, max_size=3),
)
FIXED = Document(
    "wikinews/1 😀",
    "Merkel sagte:\r\n„Wir schaffen das 😀, sagte „sie“ e\u0301“.\r\nשלום 𝄞 🇩🇪 Berlin",
    {"title": "Ein Text mit allem"},
)
"""A document with CRLF, emoji, RTL and combining marks in every example, beside random ones."""


class World:
    """A project under random edits, drawing its choices from hypothesis."""

    def __init__(self, project: Project, data: st.DataObject) -> None:
        self.project = project
        self.data = data
        self.count = 0

    def draw(self, strategy: st.SearchStrategy) -> Any:
        return self.data.draw(strategy)

    def new_id(self) -> str:
        self.count += 1  # deterministic ids, so that hypothesis can replay a failing example
        return f"s{self.count}"

    def document(self) -> Document:
        docs = self.project.list_documents(limit=10)
        return self.project.get_document(self.draw(st.sampled_from(docs)).id)

    def spans(self, doc_id: str, where: Callable[[Span], bool] = lambda s: True) -> list[Span]:
        return [s for s in self.project.spans(doc_id) if where(s)]

    def offsets(self, text: str, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
        hi = len(text) if hi is None else hi
        start = self.draw(st.integers(lo, hi - 1))
        return start, self.draw(st.integers(start + 1, hi))

    def attrs(self, label: str) -> dict[str, Any]:
        if label == "QUOTE":
            return self.draw(
                st.fixed_dictionaries({}, optional={"type": st.sampled_from(QUOTE_TYPES)})
            )
        return self.draw(
            st.dictionaries(st.sampled_from(["note", "wikidata", "x"]), json_values, max_size=2)
        )

    def apply(self, command: commands.Command, annotator: str | None = None) -> None:
        self.project.apply(command, annotator or self.draw(st.sampled_from(ANNOTATORS)))

    # The edits

    def add_span(self, *, label: str | None = None, inside: Span | None = None) -> None:
        doc = self.document() if inside is None else self.project.get_document(inside.doc_id)
        if label is None:
            label = self.draw(st.sampled_from([*ENTITIES, "QUOTE"]))
        if inside is None:
            start, end = self.offsets(doc.text)
        else:
            start, end = self.offsets(doc.text, inside.start, inside.end)
        source = self.draw(st.sampled_from(["human", "human", "model"]))
        status = "accepted" if source == "human" else self.draw(st.sampled_from(list(Status)))
        span = Span(
            doc_id=doc.id,
            start=start,
            end=end,
            label=label,
            annotator=self.draw(st.sampled_from(ANNOTATORS)),
            id=self.new_id(),
            source=source,
            model=self.draw(st.sampled_from(MODELS)) if source == "model" else None,
            status=status,
            attrs=self.attrs(label),
            comment=self.draw(st.sampled_from(["", "unsicher", "😀\r\nzwei Zeilen"])),
        )  # fmt: skip
        self.apply(commands.add_span(span, doc.text), span.annotator)

    def add_nested(self) -> None:
        doc = self.document()
        outer = self.spans(doc.id, lambda s: s.end - s.start >= 2)
        if outer:
            inside = self.draw(st.sampled_from(outer))
            label = self.draw(
                st.sampled_from([name for name in [*ENTITIES, "QUOTE"] if name != inside.label])
            )
            self.add_span(label=label, inside=inside)

    def quotation_with_speaker(self) -> None:
        doc = self.document()
        annotator = self.draw(st.sampled_from(ANNOTATORS))
        start, end = self.offsets(doc.text)
        quote = Span(
            doc.id, start, end, "QUOTE", annotator, id=self.new_id(), attrs=self.attrs("QUOTE")
        )
        self.apply(commands.add_span(quote, doc.text), annotator)
        start, end = self.offsets(doc.text)
        speaker = Span(doc.id, start, end, "PER", annotator, id=self.new_id())
        self.apply(commands.add_span(speaker, doc.text), annotator)
        self.apply(commands.link_speaker(quote, speaker, annotator, doc.text), annotator)

    def link_speaker(self) -> None:
        doc = self.document()
        quotes = self.spans(doc.id, lambda s: s.label == "QUOTE")
        people = self.spans(doc.id, lambda s: s.label != "QUOTE")
        if not quotes or not people:
            return
        quote = self.draw(st.sampled_from(quotes))
        speaker = self.draw(st.sampled_from(people))
        current = next((r for r in self.project.relations(doc.id) if r.head == quote.id), None)
        annotator = self.draw(st.sampled_from(ANNOTATORS))
        self.apply(commands.link_speaker(quote, speaker, annotator, doc.text, current), annotator)

    def unlink_speaker(self) -> None:
        doc = self.document()
        relations = self.project.relations(doc.id)
        if relations:
            relation = self.draw(st.sampled_from(sorted(relations, key=lambda r: r.head)))
            quote = self.project.get_span(relation.head)
            self.apply(commands.link_speaker(quote, None, "anna", doc.text, relation))

    def change_span(self) -> None:
        doc = self.document()
        spans = self.spans(doc.id)
        if not spans:
            return
        span = self.draw(st.sampled_from(spans))
        change = self.draw(st.sampled_from(["relabel", "resize", "status", "edit", "remove"]))
        if change == "relabel":  # a quotation relabelled as an entity loses its speaker
            label = self.draw(st.sampled_from([n for n in [*ENTITIES, "QUOTE"] if n != span.label]))
            relations = self.draw(st.sampled_from([(), self.project.relations(doc.id)]))
            command = commands.relabel_span(
                span, doc.text, label, relations=relations, scheme=self.project.scheme
            )
        elif change == "resize":
            command = commands.resize_span(span, doc.text, *self.offsets(doc.text))
        elif change == "status":
            annotator = self.draw(st.sampled_from(ANNOTATORS))
            status = self.draw(st.sampled_from(list(Status)))
            self.apply(commands.set_span_status(span, doc.text, status, annotator), annotator)
            return
        elif change == "edit":
            attrs = self.attrs(span.label)
            comment = self.draw(st.none() | st.sampled_from(["", "prüfen", "ﬁ\u0301"]))
            command = commands.edit_span(span, attrs=attrs, comment=comment)
        else:
            command = commands.remove_span(span, doc.text, self.project.relations(doc.id))
        self.apply(command)

    def set_state(self) -> None:
        doc = self.document()
        annotator = self.draw(st.sampled_from(ANNOTATORS))
        state = self.draw(st.sampled_from(list(DocState)))
        current = self.project.states(doc.id).get(annotator)
        self.apply(commands.set_document_state(doc.id, annotator, state, current), annotator)

    def undo(self) -> None:
        annotator = self.draw(st.sampled_from(ANNOTATORS))
        if self.project.next_undo(annotator) is None:
            return
        try:
            self.project.undo(annotator)
        except ConflictError:  # someone changed or linked the span since: refused, unchanged
            event("undo refused as a conflict")

    def redo(self) -> None:
        annotator = self.draw(st.sampled_from(ANNOTATORS))
        if self.project.next_redo(annotator) is None:
            return
        try:
            self.project.redo(annotator)
        except ConflictError:
            event("redo refused as a conflict")


EDITS = [
    World.add_span, World.add_span, World.add_span, World.add_nested, World.add_nested,
    World.quotation_with_speaker, World.quotation_with_speaker, World.link_speaker,
    World.unlink_speaker, World.change_span, World.change_span, World.change_span,
    World.set_state, World.undo, World.undo, World.redo,
]  # fmt: skip


def describe(records: list[tuple]) -> None:
    """Tell hypothesis' statistics what the examples held (pytest --hypothesis-show-statistics)."""
    spans = [s for _, doc_spans, _, _ in records for s in doc_spans]
    relations = sum(len(r) for _, _, r, _ in records)
    event(f"spans: {min(len(spans) // 5 * 5, 20)}+")
    event(f"speaker relations: {min(relations, 3)}{'+' if relations >= 3 else ''}")
    for status in Status:
        if any(s.status is status for s in spans):
            event(f"has {status.value} spans")
    if any(s.start <= o.start and o.end <= s.end and s.id != o.id for s in spans for o in spans):
        event("has nested spans")
    if sum(s.label == "QUOTE" for s in spans) >= 2:
        event("has two quotations or more")
    if any(states for _, _, _, states in records):
        event("has states")


def contents(project: Project) -> list[tuple]:
    """Every record of the project, comparable with == (ids, offsets, times and all)."""
    return [
        (
            record.document,
            sorted(record.spans, key=lambda s: s.id),
            sorted(record.relations, key=lambda r: r.id),
            sorted(record.states, key=lambda s: s.annotator),
        )
        for record in project.iter_records()
    ]


def assert_same(found: list[tuple], expected: list[tuple]) -> None:
    """The same documents with the same records, compared one kind at a time (short messages)."""
    assert [doc for doc, *_ in found] == [doc for doc, *_ in expected]
    for (doc, *records), (_, *wanted) in zip(found, expected, strict=True):
        for kind, got, want in zip(("spans", "relations", "states"), records, wanted, strict=True):
            assert got == want, f"{kind} of {doc.id!r} differ"


@settings(
    max_examples=40,
    deadline=None,
    # No shrinking: each example builds two project files, and shrinking a failure of this
    # many draws takes minutes; the failing example is printed as it was drawn.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(docs=st.lists(documents, max_size=2, unique_by=lambda d: d.id), data=st.data())
def test_export_import_export_gives_back_the_same_project(docs: list[Document], data):
    docs = [FIXED, *(d for d in docs if d.id != FIXED.id)]
    scheme = load_scheme("german-news")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        with Project.create(tmp / "a.annotator", scheme) as original:
            add(original, *docs)
            world = World(original, data)
            edits = st.lists(st.sampled_from(EDITS), min_size=10, max_size=40)
            for edit in data.draw(edits, label="edits"):
                # Refused edits (an overlap, nothing to undo, a conflict) change nothing.
                with contextlib.suppress(AnnotatorError):
                    edit(world)
            assert original.check() == []
            export_jsonl(original, tmp / "first.jsonl")
            expected = contents(original)
            describe(expected)

        with Project.create(tmp / "b.annotator", scheme) as copy:
            summary = import_paths(copy, [tmp / "first.jsonl"], annotator="importer")
            export_jsonl(copy, tmp / "second.jsonl")
            assert summary.documents == len(docs)
            assert_same(contents(copy), expected)
            assert copy.check() == []

        assert (tmp / "second.jsonl").read_bytes() == (tmp / "first.jsonl").read_bytes()


@pytest.mark.parametrize("pass_relations", [True, False])
def test_relabelling_a_quotation_with_a_speaker_keeps_it_exportable(
    tmp_path: Path, pass_relations: bool
):
    """A quotation relabelled as an entity may not keep its speaker, or import refuses it."""
    text = "Merkel sagte: „Ja.“"
    with Project.create(tmp_path / "a.annotator", load_scheme("german-news")) as project:
        add(project, Document("d", text))
        quote = Span("d", 14, 19, "QUOTE", "anna")
        person = Span("d", 0, 6, "PER", "anna")
        project.apply(commands.add_span(quote, text), "anna")
        project.apply(commands.add_span(person, text), "anna")
        project.apply(commands.link_speaker(quote, person, "anna", text), "anna")
        relations = project.relations("d") if pass_relations else ()
        relabel = commands.relabel_span(
            quote, text, "MISC", relations=relations, scheme=project.scheme
        )
        with contextlib.suppress(AnnotatorError):  # refusing it keeps the project sound too
            project.apply(relabel, "anna")
        assert project.check() == []
        export_jsonl(project, tmp_path / "out.jsonl")
        expected = contents(project)
    with Project.create(tmp_path / "b.annotator", load_scheme("german-news")) as copy:
        import_paths(copy, [tmp_path / "out.jsonl"], annotator="importer")
        assert_same(contents(copy), expected)


def add(project: Project, *docs: Document) -> None:
    with project.importing("setup", "Set up") as sink:
        for number, document in enumerate(docs, start=1):
            sink.add(AnnotatedDocument(document), origin=f"setup:{number}")


def linked_quotation(project: Project, text: str) -> tuple[Span, Span]:
    """A document "d" with a quotation and a person, added by anna; not linked yet."""
    add(project, Document("d", text))
    quote = Span("d", 14, 19, "QUOTE", "anna", id="q")
    person = Span("d", 0, 6, "PER", "anna", id="p")
    project.apply(commands.add_span(quote, text), "anna")
    project.apply(commands.add_span(person, text), "anna")
    return quote, person


def test_undoing_the_addition_of_a_span_linked_since(tmp_path: Path):
    text = "Merkel sagte: „Ja.“"
    with Project.create(tmp_path / "a.annotator", load_scheme("german-news")) as project:
        quote, person = linked_quotation(project, text)
        project.apply(commands.link_speaker(quote, person, "ben", text), "ben")
        before = contents(project)
        with pytest.raises(ConflictError, match="linked since"):
            project.undo("anna")  # anna's latest edit: adding the person
        assert contents(project) == before


def test_redoing_a_speaker_link_when_the_quotation_has_another_one(tmp_path: Path):
    text = "Merkel sagte: „Ja.“"
    with Project.create(tmp_path / "a.annotator", load_scheme("german-news")) as project:
        quote, person = linked_quotation(project, text)
        project.apply(commands.link_speaker(quote, person, "anna", text), "anna")
        project.undo("anna")
        project.apply(commands.link_speaker(quote, person, "ben", text), "ben")
        with pytest.raises(ConflictError, match="has a speaker already"):
            project.redo("anna")
        assert project.check() == []
        export_jsonl(project, tmp_path / "out.jsonl")
        expected = contents(project)
    with Project.create(tmp_path / "b.annotator", load_scheme("german-news")) as copy:
        import_paths(copy, [tmp_path / "out.jsonl"], annotator="importer")
        assert_same(contents(copy), expected)
