"""Tokens: the regular expression is the definition; the numpy count must find the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Span
from annotator.review.tokens import token_labels, token_starts, tokenize, tokens_before

SAMPLE = "Die Universität Hamburg (UHH) sagte: „Wir schaffen das.“ 😀 Ça_va? 2026-11-25\t\u00a0x"


def expected_before(text: str) -> list[int]:
    starts = set(token_starts(text))
    before, count = [], 0
    for offset in range(len(text) + 1):
        before.append(count)
        count += offset in starts
    return before


def test_tokens_of_a_german_sentence():
    words = [SAMPLE[a:b] for a, b in tokenize(SAMPLE)]
    assert words[:8] == ["Die", "Universität", "Hamburg", "(", "UHH", ")", "sagte", ":"]
    assert "😀" in words
    assert "Ça_va" in words


def test_the_numpy_count_matches_the_expression_on_a_sample():
    assert tokens_before(SAMPLE).tolist() == expected_before(SAMPLE)
    assert tokens_before("").tolist() == [0]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_the_numpy_count_matches_the_expression(text: str):
    assert tokens_before(text).tolist() == expected_before(text)


def test_a_token_takes_the_label_of_the_outermost_span():
    text = "Die Universität Hamburg schwieg."
    starts = token_starts(text)
    outer = Span("d", 4, 23, "ORG", "anna")
    inner = Span("d", 16, 23, "LOC", "anna")
    assert token_labels(starts, [inner, outer]) == {1: "ORG", 2: "ORG"}
