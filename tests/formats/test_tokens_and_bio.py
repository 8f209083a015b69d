"""Tokens from spaCy's rule tokenizer, spans aligned to them, and BIO tags."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.formats.bio import rebuild_text, spans_from_tags, tag_document
from annotator.formats.protocol import WriteReport
from annotator.formats.tokens import Alignment, MisalignedError, TokenDoc, tokenize, tokenizer
from annotator.resources import load_scheme

TEXT = "Angela Merkel sagte:\r\n„Wir schaffen das.“ 😀  Universität Hamburg."


def doc(*spans: tuple[str, str]) -> TokenDoc:
    found = []
    for number, (fragment, label) in enumerate(spans):
        start = TEXT.index(fragment)
        found.append((f"s{number}", start, start + len(fragment), label))
    return TokenDoc("d", TEXT, tuple(found), {})


def test_tokens_keep_whitespace_runs_apart():
    tokens = tokenize(TEXT, "de")
    words = [TEXT[tokens.starts[i] : tokens.ends[i]] for i in tokens.words(TEXT)]
    assert words == ["Angela", "Merkel", "sagte", ":", "„", "Wir", "schaffen", "das", ".", "“",
                     "😀", "Universität", "Hamburg", "."]  # fmt: skip
    spaces = [TEXT[s:e] for s, e, sp in zip(tokens.starts, tokens.ends, tokens.is_space,
                                            strict=True) if sp]  # fmt: skip
    assert spaces == ["\r\n", " "]


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(AnnotatorError, match="spaCy has no tokenizer for the language 'qq'"):
        tokenizer("qq")


@pytest.mark.parametrize(
    ("fragment", "policy", "expected", "lost"),
    [
        ("Angela Merkel", "error", (0, 2), None),
        ("Merk", "snap", (1, 2), "snap"),
        (" Merkel sagte", "snap", (1, 3), "snap"),
        ("Merk", "skip", None, "skip"),
        ("  ", "snap", None, "skip"),
    ],
)
def test_alignment(fragment: str, policy: str, expected, lost):
    report = WriteReport()
    tokens = tokenize(TEXT, "de")
    alignment = Alignment(doc(), tokens, policy, report)
    start = TEXT.index(fragment)
    assert alignment.align("s", start, start + len(fragment), "PER") == expected
    assert [kind.rsplit(" ", 1)[-1].strip(")") for kind in report.lost] == (
        [lost] if lost else [])  # fmt: skip


def test_a_misaligned_span_is_an_error_naming_document_span_and_text():
    tokens = tokenize(TEXT, "de")
    with pytest.raises(MisalignedError, match=r"document 'd': the PER span 7-11 'Merk'"):
        Alignment(doc(), tokens, "error", WriteReport()).align("s", 7, 11, "PER")


def test_bio_keeps_entities_before_quotations_and_reports_the_rest():
    scheme = load_scheme("german-news")
    report = WriteReport()
    record = doc(("„Wir schaffen das.“", "QUOTE"), ("Universität Hamburg", "ORG"),
                 ("Hamburg", "LOC"), ("Wir", "PER"))  # fmt: skip
    tagged = tag_document(record, tokenize(TEXT, "de"), "error", scheme, report)
    assert list(zip(tagged.words, tagged.tags, strict=True))[4:] == [
        ("„", "O"), ("Wir", "B-PER"), ("schaffen", "O"), ("das", "O"), (".", "O"), ("“", "O"),
        ("😀", "O"), ("Universität", "B-ORG"), ("Hamburg", "I-ORG"), (".", "O")]  # fmt: skip
    assert report.lost == {"spans overlapping another span (one label a token), left out": 2}
    assert [e.text for e in next(iter(report.examples.values()))] == [
        "Hamburg", "„Wir schaffen das.“"]  # fmt: skip
    assert tagged.sentence_ends == [3]  # the line break after "sagte:"


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-PER", "I-PER", "I-LOC"], [(0, 2, "PER"), (2, 3, "LOC")]),  # IOB1
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["S-PER", "B-LOC", "E-LOC", "U-ORG"], [(0, 1, "PER"), (1, 3, "LOC"), (3, 4, "ORG")]),
        (["O", "I-MISC"], [(1, 2, "MISC")]),
    ],
)
def test_spans_from_tags(tags, spans):
    assert spans_from_tags(tags) == spans


def test_text_is_rebuilt_with_the_offsets_of_every_word():
    text, offsets = rebuild_text([["Angela", "Merkel"], ["Ja", "."]], [[False], [True]])
    assert text == "Angela Merkel\nJa."
    assert [text[s:e] for s, e in offsets] == ["Angela", "Merkel", "Ja", "."]
