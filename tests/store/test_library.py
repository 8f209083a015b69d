"""The library listing: paging, sorting, filters (title words, label, state), positions, stats."""

from __future__ import annotations

import pytest

from annotator.core import commands
from annotator.core.library import DocumentQuery, SortKey
from annotator.core.model import AnnotatedDocument, DocState, Document, Source, Span, Status
from annotator.store import Project
from annotator.store.transaction import SqlTarget

from .conftest import import_records

# id -> (title, text); the texts differ in length, two of them share one.
DOCUMENTS = {
    "d01": ("Ärger um die Bahn", "Die Bahn streikt. " * 9),
    "d02": ("Über den Wolken", "Ein Flug über die Alpen."),
    "d03": ("Merkel in Berlin", "Angela Merkel sprach in Berlin über die Lage."),
    "d04": ("merkel antwortet", "Merkel antwortet nicht."),
    "d05": ("50% mehr Gehalt", "Die Gewerkschaft fordert mehr. " * 3),
    "d06": ("Wahl_2025 Ergebnis", "Die Wahl ist entschieden."),
    "d07": ("Zoë und 😀", "Zoë lacht 😀 laut."),
    "d08": ("Berlin Marathon", "Der Marathon in Berlin war schnell."),
    **{f"d{n:02}": (f"Meldung {n}", f"Kurze Meldung Nummer {n}.") for n in range(9, 24)},
}
ASCII_TITLES = [d for d, (title, _) in DOCUMENTS.items() if title.isascii()]


def found(project: Project, **query) -> list[str]:
    return [s.id for s in project.list_documents(DocumentQuery(**query), limit=1000)]


def span(doc_id: str, fragment: str, label: str, annotator: str = "anna", **kw) -> Span:
    text = DOCUMENTS[doc_id][1]
    start = text.index(fragment)
    return Span(doc_id, start, start + len(fragment), label, annotator, **kw)


@pytest.fixture
def library(project_path, scheme) -> Project:
    with Project.create(project_path, scheme) as project:
        suggestion = span(
            "d04", "Merkel", "PER", "spacy",
            source=Source.MODEL, model="de_core_news_lg", status=Status.REJECTED,
        )  # fmt: skip
        records = [
            AnnotatedDocument(
                Document(doc_id, text, {"title": title}),
                spans=(suggestion,) if doc_id == "d04" else (),
            )
            for doc_id, (title, text) in DOCUMENTS.items()
        ]
        import_records(project, records)
        for new in (span("d03", "Angela Merkel", "PER"), span("d03", "Berlin", "LOC")):
            project.apply(commands.add_span(new, DOCUMENTS["d03"][1]), "anna")
        marathon = span("d08", "Berlin", "LOC", "bob")
        project.apply(commands.add_span(marathon, DOCUMENTS["d08"][1]), "bob")
        for doc_id, annotator, state in [
            ("d01", "anna", DocState.DONE),
            ("d02", "anna", DocState.SKIPPED),
            ("d03", "anna", DocState.IN_PROGRESS),
            ("d05", "anna", DocState.NEW),  # an explicit "new" row: the same as none
            ("d01", "bob", DocState.IN_PROGRESS),
        ]:
            change = commands.set_document_state(doc_id, annotator, state, None)
            project.apply(change, annotator)
        yield project


def test_listing_in_library_order(library: Project):
    summaries = library.list_documents(limit=1000)
    assert [s.id for s in summaries] == list(DOCUMENTS)
    assert library.document_count() == len(DOCUMENTS)
    positions = [s.position for s in summaries]
    assert positions == sorted(positions)
    merkel = next(s for s in summaries if s.id == "d03")
    assert (merkel.title, merkel.length, merkel.span_count) == (
        "Merkel in Berlin",
        len(DOCUMENTS["d03"][1]),
        2,
    )
    assert merkel.state_of("anna") is DocState.IN_PROGRESS
    assert merkel.state_of("bob") is DocState.NEW
    rejected_only = next(s for s in summaries if s.id == "d04")
    assert rejected_only.span_count == 0, "a rejected suggestion is not counted"
    emoji = next(s for s in summaries if s.id == "d07")
    assert emoji.length == len(DOCUMENTS["d07"][1]), "length counts characters"
    assert next(s for s in summaries if s.id == "d01").states == {
        "anna": DocState.DONE,
        "bob": DocState.IN_PROGRESS,
    }


@pytest.mark.parametrize("limit", [1, 5, 7, 100])
def test_pages_add_up_to_the_listing(library: Project, limit: int):
    query = DocumentQuery(sort=SortKey.TITLE)
    whole = library.list_documents(query, limit=1000)
    pages = []
    for offset in range(0, len(whole) + limit, limit):
        pages += library.list_documents(query, offset=offset, limit=limit)
    assert pages == whole
    assert library.list_documents(query, offset=len(whole), limit=limit) == []


def test_sorting(library: Project):
    by_title = found(library, sort=SortKey.TITLE)
    ascii_part = [d for d in by_title if d in ASCII_TITLES]
    assert ascii_part == sorted(ASCII_TITLES, key=lambda d: DOCUMENTS[d][0].lower())
    assert by_title.index("d04") < by_title.index("d03"), "case does not matter"

    by_length = found(library, sort=SortKey.LENGTH)
    lengths = [len(DOCUMENTS[d][1]) for d in by_length]
    assert lengths == sorted(lengths)
    same = [d for d in by_length if len(DOCUMENTS[d][1]) == len(DOCUMENTS["d09"][1])]
    assert len(same) > 1
    assert same == sorted(same), "ties keep library order"

    for key in SortKey:
        ascending = found(library, sort=key)
        assert found(library, sort=key, descending=True) == ascending[::-1], key


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("merkel", ["d03", "d04"]),
        ("MERKEL berlin", ["d03"]),
        ("berlin", ["d03", "d08"]),
        ("50%", ["d05"]),
        ("%", ["d05"]),
        ("_", ["d06"]),
        ("\\", []),
        ("Meldung 1", [*[f"d{n}" for n in range(10, 20)], "d21"]),
        ("straße", []),
        ("Ärger BAHN", ["d01"]),
        ("ärger", ["d01"]),
        ("ÜBER", ["d02"]),
        ("zoë 😀", ["d07"]),
        ("nirgends", []),
        ("  ", list(DOCUMENTS)),
    ],
)
def test_search_by_title_words(library: Project, search: str, expected: list[str]):
    """Every word must appear in the title, in any case; % and _ are plain characters."""
    assert found(library, search=search, in_text=False) == expected
    assert library.document_count(DocumentQuery(search=search, in_text=False)) == len(expected)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("sprach", ["d03"]),  # in the text only
        ("SPRA", ["d03"]),  # the beginning of a word
        ("prach", []),  # not the middle of one (as titles are searched)
        ("alpen FLUG", ["d02"]),
        ("alpen merkel", []),  # every word, though each may be in the title or the text
        ("über", ["d02", "d03"]),  # d02 by its title and text, d03 by its text
        ("uber", ["d02", "d03"]),  # accents do not matter in the text
        ("zoe", ["d07"]),
        ("lacht 😀", ["d07"]),  # the emoji is in the title, "lacht" in the text
        ("streikt.", ["d01"]),
        ("bahn-streik", ["d01"]),  # "Die Bahn streikt."
        ("Meldung 1", [*[f"d{n}" for n in range(10, 20)], "d21"]),
        ('"Merkel', ["d03", "d04"]),
        ('"', []),
        ("AND", []),
        ("NEAR(merkel", []),
        ("merk*", ["d03", "d04"]),
        ("-merkel", ["d03", "d04"]),
        ("*", []),
    ],
)
def test_search_in_titles_and_text(library: Project, search: str, expected: list[str]):
    """Words of the text are found from their beginning, in any case and accent; characters
    that mean something in SQLite's search syntax are plain characters."""
    assert found(library, search=search) == expected
    assert library.document_count(DocumentQuery(search=search)) == len(expected)


def test_search_sees_documents_imported_later(library: Project):
    assert found(library, search="Zeppelin") == []
    before = library.list_documents(limit=1000)[-1].position
    import_records(
        library, [AnnotatedDocument(Document("late", "Ein Zeppelin über dem Bodensee."))]
    )
    assert found(library, search="zeppelin") == ["late"]
    assert found(library, search="bodensee", sort=SortKey.TITLE) == ["late"]
    [late] = library.list_documents(DocumentQuery(search="Zeppelin"))
    assert late.position == before + 1
    assert library.position_of("late", DocumentQuery(search="Zeppelin")) == 0


def test_a_filtered_listing_follows_edits(library: Project):
    """The matches of a filter are remembered between pages, but not past a change."""
    query = DocumentQuery(label="ORG")
    assert found(library, label="ORG") == []
    assert library.document_count(query) == 0
    change = commands.add_span(span("d02", "Flug", "ORG"), DOCUMENTS["d02"][1])
    library.apply(change, "anna")
    assert library.document_count(query) == 1
    assert found(library, label="ORG") == ["d02"]
    assert library.list_documents(query)[0].span_count == 1


def test_the_label_filter_follows_relabels_rejections_removals_and_undo(library: Project):
    """Which documents have a label is kept beside the spans, by the file's own triggers."""
    text = DOCUMENTS["d02"][1]
    flug = span("d02", "Flug", "ORG", id="flug")
    library.apply(commands.add_span(flug, text), "anna")
    assert found(library, label="ORG") == ["d02"]
    relabelled = library.get_span("flug")
    library.apply(commands.relabel_span(relabelled, text, "MISC"), "anna")
    assert found(library, label="ORG") == []
    assert "d02" in found(library, label="MISC")
    library.undo("anna")
    assert found(library, label="ORG") == ["d02"]
    rejected = commands.set_span_status(library.get_span("flug"), text, Status.REJECTED, "anna")
    library.apply(rejected, "anna")
    assert found(library, label="ORG") == []
    library.undo("anna")
    library.apply(commands.remove_span(library.get_span("flug"), text), "anna")
    assert found(library, label="ORG") == []
    library.undo("anna")
    assert found(library, label="ORG", descending=True) == ["d02"]
    assert library.check() == []


def test_a_span_written_over_in_place_moves_between_labels(library: Project):
    """INSERT OR REPLACE (how the store writes a changed span) fires the triggers as well."""
    text = DOCUMENTS["d02"][1]
    library.apply(commands.add_span(span("d02", "Flug", "ORG", id="flug"), text), "anna")
    target = SqlTarget(library.db, library.scheme)
    target.put_span(library.get_span("flug").changed(label="MISC"))
    library.db.conn.commit()
    assert found(library, label="ORG") == []
    assert library.check() == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"label": "LOC"}, ["d03", "d08"]),
        ({"label": "LOC", "descending": True}, ["d08", "d03"]),
        ({"label": "LOC", "state": DocState.NEW, "annotator": "anna"}, ["d08"]),
        ({"label": "LOC", "state": DocState.IN_PROGRESS, "annotator": "anna"}, ["d03"]),
        ({"label": "PER"}, ["d03"]),  # d04's only PER span is a rejected suggestion
        ({"label": "QUOTE"}, []),
        ({"state": DocState.DONE, "annotator": "anna"}, ["d01"]),
        ({"state": DocState.SKIPPED, "annotator": "anna"}, ["d02"]),
        ({"state": DocState.IN_PROGRESS, "annotator": "bob"}, ["d01"]),
        ({"state": DocState.DONE, "annotator": "carla"}, []),
        (
            {"state": DocState.NEW, "annotator": "anna"},
            [d for d in DOCUMENTS if d not in ("d01", "d02", "d03")],
        ),
        ({"state": DocState.NEW, "annotator": "bob"}, [d for d in DOCUMENTS if d != "d01"]),
        ({"state": DocState.NEW, "annotator": "carla"}, list(DOCUMENTS)),
        ({"search": "merkel", "label": "PER", "state": DocState.IN_PROGRESS, "annotator": "anna"},
         ["d03"]),
        ({"search": "berlin", "label": "LOC", "sort": SortKey.TITLE}, ["d08", "d03"]),
    ],
)  # fmt: skip
def test_filters(library: Project, query: dict, expected: list[str]):
    assert found(library, **query) == expected
    assert library.document_count(DocumentQuery(**query)) == len(expected)


def test_a_state_filter_needs_an_annotator():
    with pytest.raises(ValueError, match="annotator"):
        DocumentQuery(state=DocState.DONE)


@pytest.mark.parametrize(
    "query",
    [
        DocumentQuery(),
        DocumentQuery(sort=SortKey.TITLE, descending=True),
        DocumentQuery(sort=SortKey.LENGTH),
        DocumentQuery(search="e", sort=SortKey.LENGTH, descending=True),
        DocumentQuery(state=DocState.NEW, annotator="anna", sort=SortKey.TITLE),
    ],
)
def test_position_of_a_document_in_the_listing(library: Project, query: DocumentQuery):
    listing = [s.id for s in library.list_documents(query, limit=1000)]
    for index, doc_id in enumerate(listing):
        assert library.position_of(doc_id, query) == index
    for hidden in set(DOCUMENTS) - set(listing):
        assert library.position_of(hidden, query) is None
    assert library.position_of("no-such-document", query) is None


def test_stats(library: Project):
    stats = library.stats()
    total = len(DOCUMENTS)
    assert stats["documents"] == total
    assert stats["characters"] == sum(len(text) for _, text in DOCUMENTS.values())
    assert stats["states"] == {
        "anna": {"done": 1, "skipped": 1, "in_progress": 1, "new": total - 3},
        "bob": {"in_progress": 1, "new": total - 1},
    }
    assert stats["spans"] == 4
    assert stats["spans_by_label"] == {"LOC": 2, "PER": 2}
    assert stats["spans_by_status"] == {"accepted": 3, "rejected": 1}
    assert stats["spans_by_source"] == {"human": 3, "model:de_core_news_lg": 1}
    assert stats["spans_by_annotator"] == {"anna": 2, "bob": 1, "spacy": 1}
    assert stats["relations"] == 0
    assert stats["edits"] == 1 + 3 + 5
    assert library.annotators() == ["anna", "bob", "spacy"]


def test_stats_of_an_empty_project(project_path, scheme):
    with Project.create(project_path, scheme) as project:
        stats = project.stats()
        assert (stats["documents"], stats["characters"], stats["states"]) == (0, 0, {})
        assert project.list_documents() == []
        assert project.document_count() == 0
        assert project.check() == []


@pytest.mark.parametrize("descending", [False, True])
def test_positions_after_a_document_was_removed(library: Project, descending: bool):
    """Pages by position are ranges of positions while those run 1..N; after a gap, they are
    counted (the program removes no documents yet; another tool might)."""
    query = DocumentQuery(descending=descending)
    before = found(library, descending=descending)
    library.db.execute("DELETE FROM documents WHERE id = 'd05'")
    expected = [d for d in before if d != "d05"]
    assert found(library, descending=descending) == expected
    pages = []
    for offset in range(0, len(expected), 4):
        pages += [s.id for s in library.list_documents(query, offset=offset, limit=4)]
    assert pages == expected
    for index, doc_id in enumerate(expected):
        assert library.position_of(doc_id, query) == index
    assert library.position_of("d05", query) is None
    assert found(library, search="Gehalt") == []  # its words in the index lead nowhere


@pytest.mark.parametrize("descending", [False, True])
def test_pages_by_position_without_gaps(library: Project, descending: bool):
    query = DocumentQuery(descending=descending)
    whole = found(library, descending=descending)
    for limit in (1, 5, 7, 100):
        for offset in range(0, len(whole) + 2):
            page = library.list_documents(query, offset=offset, limit=limit)
            assert [s.id for s in page] == whole[offset : offset + limit], (offset, limit)


def test_a_filtered_listing_of_many_documents_at_once(project_path, scheme):
    """Read in pieces: an SQLite statement takes a limited number of parameters (32,766 in
    SQLite's default build)."""
    with Project.create(project_path, scheme) as project:
        records = [
            AnnotatedDocument(Document(f"n{n}", f"Nachricht {n}.", {"title": f"N {n}"}))
            for n in range(1_234)
        ]
        import_records(project, records)
        query = DocumentQuery(search="nachricht")
        listing = project.list_documents(query, limit=2_000)
        assert len(listing) == project.document_count(query) == 1_234
        assert [s.id for s in listing] == [f"n{n}" for n in range(1_234)]


def test_titles_sort_as_german_dictionaries_do(project_path, scheme):
    """DIN 5007-1: umlauts with their base letters, "ß" as "ss", any case (SQLite's NOCASE
    knows ASCII only and put "Äpfel" after "Zoo")."""
    titles = ["Zoo", "Öl", "apfel", "Äpfel", "Ober", "Straße", "Strasse", "Élysée", "Ende"]
    with Project.create(project_path, scheme) as project:
        import_records(
            project,
            [
                AnnotatedDocument(Document(f"t{n}", "Text.", {"title": title}))
                for n, title in enumerate(titles)
            ],
        )
        listed = project.list_documents(DocumentQuery(sort=SortKey.TITLE), limit=100)
        assert [s.title for s in listed] == [
            "apfel", "Äpfel", "Élysée", "Ende", "Ober", "Öl", "Straße", "Strasse", "Zoo",
        ]  # fmt: skip
        backwards = DocumentQuery(sort=SortKey.TITLE, descending=True)
        assert [s.title for s in project.list_documents(backwards, limit=100)] == [
            s.title for s in reversed(listed)
        ]
        for row, summary in enumerate(listed):
            query = DocumentQuery(sort=SortKey.TITLE)
            assert project.position_of(summary.id, query) == row
