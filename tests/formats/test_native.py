"""The native JSON lines reader and writer, one document at a time (no project involved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.model import SPEAKER, AnnotatedDocument, Document, Relation, Span
from annotator.formats import native

from .conftest import TEXT, at, read_options, span, write_jsonl


def read_all(path: Path, **options) -> list[AnnotatedDocument]:
    return [item.record for item in native.read(path, read_options(**options))]


def read_error(path: Path, **options) -> InputError:
    with pytest.raises(InputError) as caught:
        read_all(path, **options)
    return caught.value


def test_only_text_is_required(tmp_path: Path):
    [record] = read_all(write_jsonl(tmp_path / "a.jsonl", [{"text": "Hallo Welt"}]))
    assert record.document.text == "Hallo Welt"
    assert record.document.id.startswith("doc-")  # from the text's hash: stable
    assert record.spans == record.relations == record.states == ()


def test_defaults_of_a_span(tmp_path: Path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": 7, "text": TEXT, "spans": [
        span("Angela Merkel", "PER"),
        span("Berlin", "LOC", source="model", model="de_core"),
    ]}])  # fmt: skip
    [record] = read_all(path)
    assert record.document.id == "7"
    person, place = record.spans
    assert (person.annotator, person.source, person.status) == ("tester", "human", "accepted")
    assert (place.source, place.model, place.status) == ("model", "de_core", "pending")
    assert person.id != place.id
    assert person.modified == person.created


def test_unknown_keys_are_kept_in_meta_and_attrs(tmp_path: Path):
    path = write_jsonl(tmp_path / "a.jsonl", [{
        "text": TEXT, "date": "2024-01-01", "meta": {"title": "T"},
        "spans": [span("„Wir schaffen das.“", "QUOTE", quote_type="Direct", part=0)],
    }])  # fmt: skip
    [record] = read_all(path)
    assert record.document.meta == {"title": "T", "date": "2024-01-01"}
    assert record.spans[0].attrs == {"quote_type": "Direct", "part": 0}


def test_a_speaker_links_to_the_span_at_its_offsets(tmp_path: Path):
    start, end = at("Angela Merkel")
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "spans": [
        span("„Wir schaffen das.“", "QUOTE", speaker={"start": start, "end": end}),
        span("Angela Merkel", "PER", id="merkel"),
    ]}])  # fmt: skip
    [record] = read_all(path)
    quote, _ = record.spans
    [relation] = record.relations
    assert (relation.head, relation.tail, relation.kind) == (quote.id, "merkel", SPEAKER)
    assert len(record.spans) == 2  # no new span made


def test_a_speaker_without_a_span_gets_a_new_one_with_the_speaker_label(tmp_path: Path):
    start, end = at("Angela Merkel")
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "spans": [
        span("„Wir schaffen das.“", "QUOTE", annotator="anna",
             speaker={"start": start, "end": end, "text": "Angela Merkel"}),
    ]}])  # fmt: skip
    [record] = read_all(path)
    _, speaker = record.spans
    assert (speaker.start, speaker.end, speaker.label, speaker.annotator) == (
        start,
        end,
        "PER",
        "anna",
    )
    assert record.relations[0].tail == speaker.id


def test_a_speaker_prefers_the_span_named_by_id(tmp_path: Path):
    start, end = at("Angela Merkel")
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "spans": [
        span("Angela Merkel", "PER", id="per"),
        span("Angela Merkel", "ORG", id="org", annotator="ben"),
        span("„Wir schaffen das.“", "QUOTE", speaker={"id": "org", "start": start, "end": end}),
    ]}])  # fmt: skip
    [record] = read_all(path)
    assert record.relations[0].tail == "org"


def test_states_as_names_and_as_objects(tmp_path: Path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "states": {
        "anna": "done", "ben": {"state": "skipped", "modified": "2024-01-01T00:00:00.000Z"},
    }}])  # fmt: skip
    [record] = read_all(path)
    anna, ben = record.states
    assert (anna.annotator, anna.state) == ("anna", "done")
    assert (ben.state, ben.modified) == ("skipped", "2024-01-01T00:00:00.000Z")


def test_document_json_writes_everything_that_import_reads(tmp_path: Path):
    quote = Span("d", *at("„Wir schaffen das.“"), "QUOTE", "anna", id="q", attrs={"type": "Direct"})
    person = Span("d", *at("Angela Merkel"), "PER", "anna", id="p", comment="Kanzlerin")
    relation = Relation("d", "q", "p", "ben", id="r", created="2024-01-02T00:00:00.000Z")
    record = AnnotatedDocument(Document("d", TEXT, {"title": "T"}), (person, quote), (relation,))
    data = native.document_json(record)
    assert data["spans"][1]["speaker"] == {
        "id": "p",
        "start": person.start,
        "end": person.end,
        "text": "Angela Merkel",
        "relation": {"id": "r", "annotator": "ben", "created": "2024-01-02T00:00:00.000Z"},
    }
    assert data["spans"][0]["text"] == "Angela Merkel"
    [again] = read_all(write_jsonl(tmp_path / "a.jsonl", [data]))
    assert again.spans == record.spans
    assert again.relations == record.relations


def test_write_puts_one_document_a_line_with_line_ends_escaped(tmp_path: Path):
    documents = [
        AnnotatedDocument(Document("a", "eins\r\nzwei\u2028drei\x85vier")),
        AnnotatedDocument(Document("b", "😀")),
    ]
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8", newline="\n") as stream:
        assert native.write_stream(documents, stream).documents == 2
    raw = out.read_bytes()
    assert raw.count(b"\n") == 2
    assert "😀".encode() in raw  # not escaped: the file is UTF-8
    assert [r.document.text for r in read_all(out)] == [d.document.text for d in documents]


# Errors name the file and the line


def test_a_broken_line_names_its_line(tmp_path: Path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "eins"}, {"text": "zwei"}, '{"text": "dr'])
    error = read_error(path)
    assert (error.file, error.line) == (str(path), 3)
    assert str(error).startswith(f"{path}:3: not valid JSON")


def test_blank_lines_are_skipped_but_counted(tmp_path: Path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "eins"}, "", "  ", {"id": 5}])
    error = read_error(path)
    assert error.line == 4
    assert 'missing "text"' in str(error)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ([1, 2], "a line must hold a JSON object, not a list"),
        ({"text": 5}, '"text" must be a string, not a number'),
        ({"text": " \n "}, '"text" is empty'),
        ({"text": "x", "id": 1.5}, '"id" must be a string or a number, not a decimal number'),
        ({"text": "x", "id": True}, '"id" must be a string or a number'),
        ({"text": "x", "meta": []}, '"meta" must be an object, not a list'),
        ({"text": "x", "spans": {}}, '"spans" must be a list, not an object'),
        ({"text": "x", "spans": ["PER"]}, "span 1 must be an object"),
        ({"text": "x", "spans": [{"start": 0, "label": "PER"}]}, 'span 1 has no "end"'),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": ""}]}, "non-empty string"),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "PER", "attrs": []}]},
         '"attrs" must be an object'),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "PER", "source": "ai"}]},
         '"source" must be "human" or "model"'),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "PER", "status": ["x"]}]},
         '"status" must be pending, accepted or rejected'),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "PER", "created": [1]}]},
         '"created" must be a string, not a list'),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "PER", "model": 3}]},
         '"model" must be a string'),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "PER", "comment": {}}]},
         '"comment" must be a string'),
        ({"text": "xy", "spans": [{"start": 0, "end": 1.0, "label": "PER"}]},
         "offsets must be whole numbers"),
        ({"text": "xy", "spans": [{"start": "0", "end": 1, "label": "PER"}]},
         "offsets must be whole numbers"),
        ({"text": "xy", "spans": [{"start": 0, "end": 3, "label": "PER"}]},
         "out of range: the text has 2 characters"),
        ({"text": "xy", "spans": [{"start": -1, "end": 1, "label": "PER"}]}, "out of range"),
        ({"text": "xy", "spans": [{"start": 1, "end": 1, "label": "PER"}]}, "empty or reversed"),
        ({"text": "xy", "spans": [{"start": 2, "end": 1, "label": "PER"}]}, "empty or reversed"),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "DATE"}]},
         "unknown label 'DATE'"),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "QUOTE",
                                    "attrs": {"type": "Erfunden"}}]},
         "attribute 'type' has value 'Erfunden'"),
        ({"text": "xy", "spans": [{"start": 0, "end": 1, "label": "PER", "text": "y"}]},
         "its \"text\" 'y' is not what the offsets hold ('x')"),
        ({"text": "xyz", "spans": [{"start": 0, "end": 2, "label": "PER"},
                                   {"start": 1, "end": 3, "label": "PER"}]},
         "the scheme does not allow this overlap"),
        ({"text": "xyz", "spans": [{"start": 0, "end": 2, "label": "PER"},
                                   {"start": 1, "end": 3, "label": "LOC"}]},
         "the scheme does not allow this overlap"),
        ({"text": "xyz", "spans": [{"start": 0, "end": 1, "label": "QUOTE",
                                    "speaker": {"start": 1, "end": 4}}]},
         "speaker offsets 1-4 are out of range or empty (the text has 3 characters)"),
        ({"text": "xyz", "spans": [{"start": 0, "end": 1, "label": "QUOTE",
                                    "speaker": {"start": 1, "end": 2, "text": "z"}}]},
         "speaker: its \"text\" 'z' is not what the offsets hold ('y')"),
        ({"text": "xyz", "spans": [{"start": 0, "end": 1, "label": "QUOTE", "speaker": 4}]},
         'speaker must be an object with "start" and "end"'),
        ({"text": "xyz", "spans": [{"start": 0, "end": 1, "label": "PER",
                                    "speaker": {"start": 1, "end": 2}}]},
         "only quotations have speakers, not PER"),
        ({"text": "xyz", "spans": [{"start": 0, "end": 1, "label": "QUOTE",
                                    "speaker": {"start": 1, "end": 2, "relation": []}}]},
         '"relation" must be an object'),
        ({"text": "xy", "states": ["done"]}, '"states" must be an object'),
        ({"text": "xy", "states": {"anna": "finished"}}, "state 'finished' of 'anna' is not one"),
        ({"text": "xy", "states": {"anna": {"state": "done", "modified": 5}}},
         '"modified" must be a string'),
        ({"text": "a\ud800b"}, '"text" has a lone surrogate (U+D800) at offset 1'),
        ({"text": "ab", "meta": {"title": "\udfff"}}, '"meta.title" has a lone surrogate'),
        ({"text": "ab", "spans": [{"start": 0, "end": 1, "label": "PER", "comment": "\ud83d"}]},
         '"spans[0].comment" has a lone surrogate'),
    ],
)  # fmt: skip
def test_what_is_wrong_with_a_line(tmp_path: Path, line, message: str):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "gut"}, line])
    error = read_error(path)
    assert (error.file, error.line) == (str(path), 2)
    assert message in error.reason
    assert str(error) == f"{path}:2: {error.reason}"
    str(error).encode("utf-8")  # printable: a lone surrogate is not echoed


def test_escaped_surrogate_pairs_are_one_character(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "\\ud83d\\ude00 \\u00fc", "meta": {"\\ud83d\\ude00": 1}}\n')
    [record] = read_all(path)
    assert record.document.text == "😀 ü"
    assert record.document.meta == {"😀": 1}


def test_a_backslash_before_u_d8_is_not_a_surrogate(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "C:\\ud800\\x"}) + "\n")
    [record] = read_all(path)
    assert record.document.text == "C:\\ud800\\x"


def test_unknown_labels_are_collected_with_add_labels(tmp_path: Path):
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"text": "xyz", "spans": [{"start": 0, "end": 1, "label": "DATE"}]},
        {"text": "abc", "spans": [{"start": 0, "end": 2, "label": "DATE"},
                                  {"start": 1, "end": 3, "label": "DATE"}]},
    ])  # fmt: skip
    options = read_options(add_labels=True)
    with pytest.raises(InputError) as caught:
        list(native.read(path, options))
    # The new label behaves as an entity label: it may not overlap itself.
    assert caught.value.line == 2
    assert "DATE 1-3 overlaps DATE 0-2" in caught.value.reason
    assert options.new_labels == {"DATE"}


def test_a_new_label_cannot_have_a_speaker(tmp_path: Path):
    # --add-labels adds entity labels, and only quotations have speakers.
    line = {"text": "xyz", "spans": [
        {"start": 0, "end": 1, "label": "ZITAT", "speaker": {"start": 1, "end": 2}}]}  # fmt: skip
    error = read_error(write_jsonl(tmp_path / "a.jsonl", [line]), add_labels=True)
    assert "only quotations have speakers, not ZITAT" in error.reason


def test_a_relation_id_used_twice_is_refused(tmp_path: Path):
    def line(doc_id: str) -> dict:
        return {"id": doc_id, "text": "xyz", "spans": [{"start": 0, "end": 1, "label": "QUOTE",
                "speaker": {"start": 1, "end": 2, "relation": {"id": "r1"}}}]}  # fmt: skip

    error = read_error(write_jsonl(tmp_path / "a.jsonl", [line("a"), line("b")]))
    assert error.line == 2
    assert "relation id 'r1' is used twice" in error.reason


def test_an_empty_file_is_refused(tmp_path: Path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n\n")
    error = read_error(path)
    assert error.file == str(path)
    assert "empty" in error.reason


def test_a_missing_file_is_refused(tmp_path: Path):
    error = read_error(tmp_path / "nowhere.jsonl")
    assert "cannot be read" in error.reason


def test_bom_and_crlf_line_ends(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "eins"}\r\n{"text": "zwei\\r\\n"}\r\n')
    assert [r.document.text for r in read_all(path)] == ["eins", "zwei\r\n"]


def test_progress_counts_bytes(tmp_path: Path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "eins"}, {"text": "zwei"}])
    done = [item.done for item in native.read(path, read_options())]
    assert done == sorted(done)
    assert done[-1] == path.stat().st_size
