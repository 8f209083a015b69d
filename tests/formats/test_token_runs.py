"""The tokens `tokens.tokenize` makes are spaCy's tokenizer's own, though it splits each run
of text once and remembers it (and several unseen runs in one call)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import token_runs
from annotator.formats.tokens import tokenize

NEWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "articles.jsonl"
PARTS = [
    "z.B.", "(z.B.", "z.B.,", "Dr.", "usw.)", ":)", ":-)", "'s", "geht's", "US-Präsident",
    "„Wir", "das.“", "5.000", "3,5%", "http://example.org/a?b=1.", "a@b.de", "😀", "👩\u200d👧",
    "e\u0301", "Köln", "(Berlin)", "...", "—", "-", "'", '"', "Nr.", "ca.", "S.", "a",
    " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", " \n ", "\u2028", "\u3000",
]  # fmt: skip


@cache
def spacy_tokenizer(language: str) -> Any:
    import spacy

    return spacy.blank(language).tokenizer


def spacy_tokens(text: str, language: str) -> tuple[list, list, list, list]:
    doc = spacy_tokenizer(language)(text)
    return ([t.idx for t in doc], [t.idx + len(t) for t in doc],
            [bool(t.whitespace_) for t in doc], [t.is_space for t in doc])  # fmt: skip


def ours(text: str, language: str) -> tuple[list, list, list, list]:
    found = tokenize(text, language)
    return found.starts, found.ends, found.space_after, found.is_space


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PARTS), max_size=30), st.sampled_from(["de", "en"]))
def test_the_same_tokens_as_spacy(parts: list[str], language: str):
    text = "".join(parts)
    assert ours(text, language) == spacy_tokens(text, language)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_the_same_tokens_as_spacy_for_any_text(text: str):
    assert ours(text, "de") == spacy_tokens(text, "de")


def test_the_same_tokens_as_spacy_for_the_news():
    if not NEWS.is_file():
        pytest.skip(f"the news articles are missing ({NEWS})")
    with NEWS.open(encoding="utf-8") as stream:
        texts = [json.loads(line)["text"] for line, _ in zip(stream, range(300), strict=False)]
    for text in texts:
        assert ours(text, "de") == spacy_tokens(text, "de")


def test_memory_stays_bounded(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(token_runs, "MAX_RUNS", 5)
    words = " ".join(f"Wort{n}" for n in range(20))
    first = tokenize(words, "de")
    again = tokenize(words, "de")  # past the bound: a fresh tokenizer, the same tokens
    assert again == first
    assert len(token_runs.run_tokenizer("de").runs) <= 20
