"""brat standoff: folders and zips, round trips, and bad input naming the file and line."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Document, Relation, Span
from annotator.formats import brat
from annotator.formats.protocol import ExportContext, ReadOptions
from annotator.formats.registry import collect_inputs, detect
from annotator.services.importing import import_paths
from annotator.store import Project

from .conftest import TEXT, at
from .corpora import SCHEME, corpora, spans_of, speakers_of, write_and_read
from .test_bad_input_formats import PNG, snapshot

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def carried(record: AnnotatedDocument) -> tuple:
    return record.document.id, record.document.text, spans_of(record), speakers_of(record)


@SETTINGS
@given(corpora())
def test_round_trip_through_a_zip_keeps_ids_texts_spans_and_speakers(records):
    with tempfile.TemporaryDirectory() as folder:
        back = write_and_read("brat", records, Path(folder))
    records = sorted(records, key=lambda r: r.document.id)
    assert [carried(r) for r in back] == [carried(r) for r in records]


def sample() -> list[AnnotatedDocument]:
    quote = Span("d/1", *at("„Wir schaffen das.“"), "QUOTE", "anna", id="q",
                 attrs={"type": "Direct"}, comment="sicher?\nja")  # fmt: skip
    person = Span("d/1", *at("Angela Merkel"), "PER", "anna", id="p")
    city = Span("d/1", *at("Hamburg"), "LOC", "anna", id="h")
    org = Span("d/1", *at("Universität Hamburg"), "ORG", "anna", id="u")
    text = "Erste Zeile\r\nzweite Zeile 😀 Ende"
    across = Span("x", 6, text.index(" 😀"), "MISC", "anna")
    return [
        AnnotatedDocument(Document("d/1", TEXT, {"title": "T"}), (quote, person, city, org),
                          (Relation("d/1", "q", "p", "anna"),)),
        AnnotatedDocument(Document("x", text), (across,)),
    ]  # fmt: skip


def write(target: Path):
    return brat.write(sample(), target, ExportContext(scheme=SCHEME))


def test_a_folder_holds_txt_ann_and_annotation_conf(tmp_path: Path):
    report = write(tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["annotation.conf", "d%2F1.ann", "d%2F1.txt", "x.ann", "x.txt"]
    assert (tmp_path / "out" / "d%2F1.txt").read_text(encoding="utf-8") == TEXT
    ann = (tmp_path / "out" / "d%2F1.ann").read_text(encoding="utf-8").splitlines()
    start = TEXT.index("Universität")  # after the emoji: code points, not UTF-16 units
    assert f"T3\tORG {start} {start + 19}\tUniversität Hamburg" in ann
    assert "R1\tspeaker Arg1:T2 Arg2:T1" in ann
    assert "A1\ttype T2 Direct" in ann
    assert "#1\tAnnotatorNotes T2\tsicher? ja" in ann
    # across a line break: two fragments, as brat writes them; the \r\n counts one, as brat
    # reads text with universal newlines
    text = sample()[1].document.text
    assert (tmp_path / "out" / "x.ann").read_text(encoding="utf-8") == (
        f"T1\tMISC 6 11;12 {text.index(' 😀') - 1}\tZeile zweite Zeile\n"
    )
    assert (tmp_path / "out" / "x.txt").read_bytes() == text.encode()  # CRLF kept
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert "speaker\tArg1:QUOTE, Arg2:<ENTITY>" in conf
    assert report.lost == {
        "document meta (titles, sources)": 1,
        "span comments with line breaks or tabs, written on one line": 1,
    }


def test_a_zip_reads_back_like_the_folder(tmp_path: Path):
    write(tmp_path / "out")
    write(tmp_path / "out.zip")
    assert zipfile.is_zipfile(tmp_path / "out.zip")
    options = ReadOptions(scheme=SCHEME, annotator="r")
    from_folder = [i.record for i in brat.read(tmp_path / "out", options)]
    from_zip = [i.record for i in brat.read(tmp_path / "out.zip", options)]
    assert [carried(r) for r in from_folder] == [carried(r) for r in from_zip]
    quote = next(s for s in from_zip[0].spans if s.label == "QUOTE")
    assert dict(quote.attrs) == {"type": "Direct"}
    assert quote.comment == "sicher? ja"
    assert [carried(r) for r in from_zip] == [carried(r) for r in sample()]


def test_folders_and_zips_are_detected(tmp_path: Path):
    write(tmp_path / "out")
    write(tmp_path / "out.zip")
    assert [(i.format, i.doc_id) for i in collect_inputs([tmp_path / "out"])] == [("brat", "out")]
    assert detect(tmp_path / "out.zip") == "brat"
    assert detect(tmp_path / "out" / "x.ann") == "brat"


def import_ann(project: Project, folder: Path, ann: str, text: str = TEXT, **kw):
    folder.mkdir(exist_ok=True)
    (folder / "doc.txt").write_text(text, encoding="utf-8", newline="")
    (folder / "doc.ann").write_text(ann, encoding="utf-8", newline="")
    return import_paths(project, [folder], annotator="tester", format_name="brat", **kw)


def t(ident: str, fragment: str, label: str) -> str:
    start, end = at(fragment)
    return f"{ident}\t{label} {start} {end}\t{fragment}\n"


BERLIN = t("T1", "Berlin", "LOC")
BAD: dict[str, tuple[str, int | None, str]] = {
    "broken T line": (BERLIN + "T2\tPER 0\tAngela\n", 2, "'0' is not START END offsets"),
    "discontinuous": (BERLIN + "T2\tPER 0 6;14 19\tAngela sagte\n", 2,
                      "discontinuous span (0 6;14 19)"),
    "offsets out of range": (BERLIN + "T2\tPER 80 900\tx\n", 2, "offsets 80-900 are out of range"),
    "shifted text": (BERLIN + f"T2\tLOC {at('Berlin')[0] + 1} {at('Berlin')[1] + 1}\tBerlin\n",
                     2, "offsets may have shifted"),
    "relation to nothing": (BERLIN + "R1\tspeaker Arg1:T1 Arg2:T9\n", 2,
                            "T9 is not a span (T line) of this file"),
    "attribute of nothing": (BERLIN + "A1\ttype T7 Direct\n", 2, "T7 is not a span"),
    "overlap": (t("T1", "Angela Merkel", "PER") + t("T2", "Merkel sagte", "PER"), 2,
                "the scheme does not allow this overlap"),
    "unknown label": (t("T1", "Berlin", "CITY"), 1, "unknown label 'CITY'"),
    "defined twice": (BERLIN + BERLIN, 2, "T1 is defined twice"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_bad_ann_names_file_and_line_and_changes_nothing(
    project: Project, tmp_path: Path, case: str
):
    ann, line, words = BAD[case]
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_ann(project, tmp_path / "in", ann)
    assert caught.value.file == str(tmp_path / "in" / "doc.ann")
    assert caught.value.line == line
    assert words in caught.value.reason
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("name", "content", "where", "line", "words"),
    [
        ("latin-1 text", "Grüße aus Köln".encode("latin-1"), "doc.txt", 1, "not valid UTF-8"),
        ("binary text", PNG, "doc.txt", None, "binary file"),
        ("latin-1 ann", "T1\tLOC 0 5\tGrüße\n".encode("latin-1"), "doc.ann", 1, "not valid UTF-8"),
    ],
)
def test_bad_encodings_and_binary_files(project, tmp_path: Path, name, content, where, line, words):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    (folder / "doc.ann").write_text(BERLIN, encoding="utf-8")
    (folder / where).write_bytes(content)
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [folder], annotator="tester", format_name="brat")
    assert (caught.value.file, caught.value.line) == (str(folder / where), line)
    assert words in caught.value.reason
    assert snapshot(project) == before


def test_missing_text_and_empty_collections(project: Project, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lonely.ann").write_text(BERLIN, encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(InputError) as caught:
        import_paths(project, [folder], annotator="tester", format_name="brat")
    assert caught.value.file == str(folder / "lonely.ann")
    assert "there is no lonely.txt beside it" in caught.value.reason
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(InputError, match="there are no brat documents here"):
        import_paths(project, [empty], annotator="tester", format_name="brat")
    (tmp_path / "broken.zip").write_bytes(PNG)
    with pytest.raises(InputError, match="binary file"):
        import_paths(project, [tmp_path / "broken.zip"], annotator="tester", format_name="brat")
    assert snapshot(project) == before


def test_fragments_across_line_breaks_are_joined(project: Project, tmp_path: Path):
    text = "Sie sagte:\n„Wir\r\nschaffen das.“"  # brat counts the \r\n as one character
    summary = import_ann(project, tmp_path / "in", "T1\tQUOTE 11 15;16 30\t„Wir schaffen das.“\n",
                         text=text)  # fmt: skip
    assert summary.spans == 1
    record = next(r for r in project.iter_records() if r.document.id == "doc")
    assert [(s.start, s.end) for s in record.spans] == [(11, 31)]


def test_other_annotations_are_counted_and_unknown_labels_added(project: Project, tmp_path: Path):
    ann = t("T1", "Berlin", "CITY") + "E1\tMove:T1\nR1\tpart_of Arg1:T1 Arg2:T1\n"
    summary = import_ann(project, tmp_path / "in", ann, add_labels=True)
    assert summary.new_labels == ("CITY",)
    assert summary.notes == {brat.NOT_IMPORTED: 2}


def test_a_document_without_ann_has_no_spans(project: Project, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT + " b", encoding="utf-8")
    (folder / "b.ann").write_text(BERLIN, encoding="utf-8")
    summary = import_paths(project, [folder], annotator="tester", format_name="brat")
    assert (summary.documents, summary.spans) == (2, 1)


def test_offsets_count_a_crlf_as_one_character_as_brat_reads_it():
    ends = brat.LineEnds("ab\r\ncd\r\n\r\nef\rg")
    assert ends.brat_text == "ab\ncd\n\nef\rg"
    for raw, counted in ((0, 0), (2, 2), (4, 3), (6, 5), (10, 7), (13, 10)):
        assert ends.to_brat(raw) == counted
        assert ends.from_brat(counted) == raw
    assert ends.splits(3)
    assert not ends.splits(2)
    assert not ends.splits(4)
