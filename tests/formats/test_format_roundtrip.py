"""For each format: read(write(x)) == x for all that the format carries (property tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from .corpora import (
    corpora,
    meta_of,
    spacy_words,
    spans_of,
    speakers_of,
    split_words,
    word_spans,
    write_and_read,
)

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def round_trip(fmt: str, records):
    with tempfile.TemporaryDirectory() as folder:
        return write_and_read(fmt, records, Path(folder))


@SETTINGS
@given(corpora())
def test_spacy_jsonl_keeps_ids_texts_meta_and_every_span(records):
    back = round_trip("spacy-jsonl", records)
    assert [(r.document.id, r.document.text, meta_of(r), spans_of(r)) for r in back] == [
        (r.document.id, r.document.text, meta_of(r), spans_of(r)) for r in records
    ]


@SETTINGS
@given(corpora())
def test_prodigy_keeps_ids_texts_meta_spans_and_speakers(records):
    back = round_trip("prodigy", records)
    assert [
        (r.document.id, r.document.text, meta_of(r), spans_of(r), speakers_of(r)) for r in back
    ] == [(r.document.id, r.document.text, meta_of(r), spans_of(r), speakers_of(r))
          for r in records]  # fmt: skip


@SETTINGS
@given(corpora())
def test_spacy_docbin_keeps_ids_texts_meta_spans_and_speakers(records):
    back = round_trip("spacy", records)
    assert [
        (r.document.id, r.document.text, meta_of(r), spans_of(r), speakers_of(r)) for r in back
    ] == [(r.document.id, r.document.text, meta_of(r), spans_of(r), speakers_of(r))
          for r in records]  # fmt: skip


@SETTINGS
@given(corpora(flat=True))
def test_hf_keeps_ids_words_and_flat_spans(records):
    back = round_trip("hf", records)
    assert [r.document.id for r in back] == [r.document.id for r in records]
    assert [word_spans(r, split_words) for r in back] == [
        word_spans(r, spacy_words) for r in records
    ]


@SETTINGS
@given(corpora(flat=True))
def test_conll_keeps_words_and_flat_spans(records):
    back = round_trip("conll", records)
    assert [word_spans(r, split_words) for r in back] == [
        word_spans(r, spacy_words) for r in records
    ]


@SETTINGS
@given(corpora())
def test_native_jsonl_keeps_everything(records):
    back = round_trip("jsonl", records)
    assert back == records
