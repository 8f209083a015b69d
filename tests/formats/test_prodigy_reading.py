"""A Prodigy task's tokens are left unread: the rest of the line reads as json.loads reads it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.prodigy import without_tokens

TRICKY = st.text(st.sampled_from('ab"\\}]{[,: \n\u00e9😀'), max_size=8)
TOKEN = st.fixed_dictionaries({"text": TRICKY, "start": st.integers(0, 9), "ws": st.booleans()})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(TOKEN, max_size=6),
    TRICKY,
    st.dictionaries(st.sampled_from(["tokens", "title", "x"]), TRICKY | st.lists(TOKEN)),
    st.booleans(),
)
def test_the_line_reads_the_same_but_its_tokens(tokens, text, meta, ascii_only):
    task = {"id": "d", "text": text, "meta": meta, "tokens": tokens, "spans": [{"label": text}]}
    line = json.dumps(task, ensure_ascii=ascii_only)
    found, expected = without_tokens(line), json.loads(line)
    assert found.pop("tokens") in (None, expected.pop("tokens"))
    assert found == expected


def test_a_line_without_tokens_or_broken_reads_as_json_loads_reads_it():
    assert without_tokens('{"text": "a"}') == {"text": "a"}
    with pytest.raises(json.JSONDecodeError, match="Expecting value"):
        without_tokens('{"tokens": [{"text": "a"}], "text": ')
