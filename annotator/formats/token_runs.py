"""spaCy's rule tokenizer, splitting each distinct run of text once (see `RunTokenizer`):
the same tokens as `spacy.blank(language).tokenizer`, faster wherever words come again
(0.2-0.3 ms a news article whose words it has seen, against spaCy's 1.2-2.5 ms), in bounded
memory."""

from __future__ import annotations

import re
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain, pairwise
from typing import Any

from annotator.core.errors import AnnotatorError


@dataclass(frozen=True, slots=True)
class Tokens:
    """Token boundaries of one text (Python string indices)."""

    starts: list[int]
    ends: list[int]
    space_after: list[bool]
    """Whether a single space follows the token (spaCy's `whitespace_`)."""
    is_space: list[bool]

    def __len__(self) -> int:
        return len(self.starts)

    def words(self, text: str) -> list[int]:
        """Indices of the tokens that are not whitespace."""
        return [i for i, space in enumerate(self.is_space) if not space]


@cache
def run_tokenizer(language: str) -> RunTokenizer:
    """The one RunTokenizer of `language` in this process."""
    return RunTokenizer(language)


MAX_RUNS = 100_000
"""Runs of text remembered (about 100 bytes each); past this they are forgotten, so that
memory stays bounded however large the export."""


class RunTokenizer:
    """spaCy's tokenizer, remembering how it splits each run of text.

    spaCy's tokenizer works chunk by chunk (a run of non-space characters, or of whitespace
    less the single space that follows a token, which becomes that token's `whitespace_`),
    then joins tokens that make a special case (":)") by a matcher over the whole document.
    spaCy caches chunks too, but in a document stops caching after the first chunk that is a
    special case (an abbreviation, a line break: nearly every news article), so it splits the
    same common words again and again. Here each distinct run (a word with the space after
    it, or whitespace) is split once, by spaCy, and reused; runs not seen yet are split
    together in one call, joined by line breaks (a token of its own, which no special case
    holds). Where the last token of a run and the first of the next could be two tokens of
    one special case, the matcher may take tokens of both runs (spaCy then leaves ": )" as it
    is, but the match hides one inside a run, as in "usw.) :)z.B."): such a text is given to
    spaCy whole."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.spacy = _spacy_tokenizer(language)
        self.lock = threading.Lock()
        self.runs: dict[str, _Shape] = {}
        self._shapes: dict[_Shape, _Shape] = {}  # one copy of each shape ("a word": most)
        self.pairs = _special_pairs(self.spacy)
        """Tokens that follow each other in a special case of several tokens."""
        pairs = self.pairs or set()
        self.ends = {first for first, _ in pairs}
        self.openings = {second for _, second in pairs}
        self._open_sizes = sorted({len(x) for x in self.openings})
        self._end_sizes = sorted({len(x) for x in self.ends})
        self._unmatched = _unmatched_tokenizer(self.spacy) if self.pairs is not None else None
        self._edges: dict[str, tuple[str, str]] = {}
        self._loose: dict[tuple[frozenset, frozenset], bool] = {}

    def tokens(self, text: str) -> Tokens:
        if len(self.runs) > MAX_RUNS:
            self.runs.clear()
            self._shapes.clear()
            self._edges.clear()
        if self.pairs is None:
            return self.whole(text)
        pieces = _RUNS.findall(text)
        known = self.runs
        shapes = list(map(known.get, pieces))
        if None in shapes:
            with self.transient():
                self._split(
                    dict.fromkeys(p for p, s in zip(pieces, shapes, strict=True) if s is None)
                )
            shapes = list(map(known.__getitem__, pieces))
        for index in [i for i, shape in enumerate(shapes) if shape[4] is not None and i]:
            ending = shapes[index - 1][5]
            if ending is not None and self._joined(pieces[index - 1], pieces[index], ending,
                                                   shapes[index][4]):  # fmt: skip
                return self.whole(text)
        places = list(zip(accumulate(map(len, pieces), initial=0), shapes, strict=False))
        return Tokens(  # (`places` leaves out the end of the text, the sum's last value)
            [at + first for at, shape in places for first in shape[0]],
            [at + last for at, shape in places for last in shape[1]],
            list(chain.from_iterable([shape[2] for shape in shapes])),
            list(chain.from_iterable([shape[3] for shape in shapes])),
        )

    def whole(self, text: str) -> Tokens:
        """The tokens of spaCy's tokenizer run on the whole text."""
        with self.transient():
            doc = self.spacy(text)
            starts, ends = _bounds(doc)
            spaces = [bool(t.whitespace_) for t in doc]
        spacing = [text[s:e].isspace() for s, e in zip(starts, ends, strict=True)]
        return Tokens(starts, ends, spaces, spacing)

    def transient(self) -> AbstractContextManager:
        """A block whose new words spaCy forgets at its end (its vocabulary would otherwise
        grow with every new word: tens of MB in a large export)."""
        return self.spacy.vocab.memory_zone()

    def _split(self, missing: dict[str, None]) -> None:
        pieces = [piece for piece in missing if not piece[0].isspace()]
        words = [piece.rstrip(" ") for piece in pieces]
        for piece, word, found in zip(pieces, words, _split_words(self.spacy, words),
                                      strict=True):  # fmt: skip
            spaces = [False] * len(found)
            spaces[-1] = piece != word
            self.runs[piece] = self._keep(found, spaces, False, word)
        for piece in missing:
            if piece[0].isspace():
                doc = self.spacy(piece)
                spaces = [bool(t.whitespace_) for t in doc]
                found = list(zip(*_bounds(doc), strict=True))
                self.runs[piece] = self._keep(found, spaces, True, None)

    def _keep(
        self, found: list[tuple[int, int]], spaces: list[bool], space: bool, word: str | None
    ) -> _Shape:
        may_open = may_end = None
        if word is not None:  # what the word starts and ends with that is in a special case
            size = len(word)
            may_open = frozenset([word[:k] for k in self._open_sizes if k <= size
                                  and word[:k] in self.openings]) or None  # fmt: skip
            may_end = frozenset([word[-k:] for k in self._end_sizes if k <= size
                                 and word[-k:] in self.ends]) or None  # fmt: skip
        shape = (tuple(s for s, _ in found), tuple(e for _, e in found), tuple(spaces),
                 (space,) * len(found), may_open, may_end)  # fmt: skip
        return self._shapes.setdefault(shape, shape)

    def _joined(self, before: str, after: str, ending: frozenset, opening: frozenset) -> bool:
        """Whether spaCy's matcher could join the last token of one run and the first of the
        next into one special case (as it sees them: before it joins tokens in a run)."""
        loose = self._loose.get((ending, opening))
        if loose is None:
            loose = any((x, y) in self.pairs for x in ending for y in opening)
            self._loose[(ending, opening)] = loose
        if not loose:
            return False
        return (self._edge(before)[1], self._edge(after)[0]) in self.pairs

    def _edge(self, piece: str) -> tuple[str, str]:
        """The first and last token of a run as spaCy's matcher sees them."""
        found = self._edges.get(piece)
        if found is None:
            word = piece.rstrip(" ")
            with self.transient():
                starts, ends = _bounds(self._unmatched(word))
            found = self._edges[piece] = (word[: ends[0]], word[starts[-1] :])
        return found


def _bounds(doc: Any) -> tuple[list[int], list[int]]:
    """The start and end of each token of a spaCy Doc."""
    from spacy.attrs import IDX, LENGTH

    if not len(doc):
        return [], []
    starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
    return starts, [start + length for start, length in zip(starts, lengths, strict=True)]


def _split_words(tokenizer: Any, words: list[str]) -> list[list[tuple[int, int]]]:
    """Each word's tokens (start and end in the word), by one call of `tokenizer` on the
    words joined by line breaks (each a token of its own between the words' tokens)."""
    if not words:
        return []
    joined = "\n".join(words)
    starts, ends = _bounds(tokenizer(joined))
    starts.append(len(joined) + 1)
    position, index, split = 0, 0, []
    for word in words:
        end, found = position + len(word), []
        while starts[index] < end:
            found.append((starts[index] - position, ends[index] - position))
            index += 1
        split.append(found)
        position = end + 1
        index += 1  # the line break
    return split


_Shape = tuple[tuple[int, ...], tuple[int, ...], tuple[bool, ...], tuple[bool, ...],
               frozenset[str] | None, frozenset[str] | None]  # fmt: skip
"""A run's tokens: their starts and ends in the run, whether a space follows each, whether
each is whitespace; what the run starts with that may continue a special case of several
tokens, and what it ends with that may begin one (None: nothing)."""
_RUNS = re.compile(r"\S+ ?|\s+")
"""Runs of text: a word with the single space after it (the word's last token's), or the
whitespace after a word less that space (tokens of their own)."""


def _special_pairs(spacy_tokenizer: Any) -> set[tuple[str, str]] | None:
    """Each two tokens that follow each other in the matcher's pattern of a special case (its
    text split without special cases); None where a pattern holds whitespace (no language of
    spaCy's has one: then every text goes to spaCy whole)."""
    from spacy.tokenizer import Tokenizer

    t = spacy_tokenizer
    bare = Tokenizer(t.vocab, rules={}, prefix_search=t.prefix_search,
                     suffix_search=t.suffix_search, infix_finditer=t.infix_finditer,
                     token_match=t.token_match, url_match=t.url_match)  # fmt: skip
    pairs = set()
    for rule in t.rules:
        pattern = [token.text for token in bare(rule)]
        if len(pattern) > 1 and any(token.isspace() for token in pattern):
            return None
        pairs.update(pairwise(pattern))
    return pairs


def _unmatched_tokenizer(spacy_tokenizer: Any) -> Any:
    """A tokenizer like `spacy_tokenizer` whose special-case matcher holds no pattern: its
    tokens are those spaCy's matcher sees. (A special case goes to the matcher when a prefix,
    suffix or infix is found in it as it is added: here none is found until all are added.)"""
    from spacy.tokenizer import Tokenizer

    t, ready = spacy_tokenizer, [False]

    def only_when_ready(function: Any, nothing: Any = None) -> Any:
        if function is None:
            return None
        return lambda text: function(text) if ready[0] else nothing

    made = Tokenizer(t.vocab, rules=t.rules, prefix_search=only_when_ready(t.prefix_search),
                     suffix_search=only_when_ready(t.suffix_search),
                     infix_finditer=only_when_ready(t.infix_finditer, ()),
                     token_match=t.token_match, url_match=t.url_match)  # fmt: skip
    ready[0] = True
    return made


def _spacy_tokenizer(language: str) -> Any:
    import spacy

    try:
        made = spacy.blank(language).tokenizer
    except (ImportError, KeyError, ValueError) as error:
        raise AnnotatorError(
            f"spaCy has no tokenizer for the language {language!r} ({error}); "
            "give another with --language (e.g. de, en, xx)"
        ) from None
    made.vocab.lex_attr_getters = {}  # a new word's features (shape, ...): no part of tokens
    return made
