"""The spaCy component: a CRF tags the words of each sentence, its tags become `doc.ents`,
and (setting `consistent`) a name found once is marked where it recurs in the document.

Registered as the factory `annotator_crf_ner` when `annotator.nlp.components` is imported. The
pipeline directory holds the CRF (`model.crfsuite`, CRFsuite's own format) and the lexicon
(`lexicon.jsonl`); nothing is pickled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pycrfsuite
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from annotator.nlp.ner.consistency import recurring_names
from annotator.nlp.ner.features import sentence_features
from annotator.nlp.ner.lexicon import Lexicon
from annotator.nlp.ner.tagging import tags_to_spans

FACTORY = "annotator_crf_ner"
MODEL_FILE = "model.crfsuite"
LEXICON_FILE = "lexicon.jsonl"


def sentences(doc: Doc) -> Iterator[list[int]]:
    """Token indices of each sentence, whitespace left out; a line break also ends one, so a
    headline without a full stop does not run into the first sentence."""
    has_sents = doc.has_annotation("SENT_START")
    current: list[int] = []
    for token in doc:
        if current and has_sents and token.is_sent_start:
            yield current
            current = []
        if token.is_space:
            if "\n" in token.text and current:
                yield current
                current = []
            continue
        current.append(token.i)
    if current:
        yield current


class CrfEntityRecognizer:
    def __init__(self, name: str = FACTORY, *, consistent: bool = True) -> None:
        self.name = name
        self.consistent = consistent
        """Mark a found name where it recurs in the document (see `consistency`)."""
        self.lexicon = Lexicon()
        self.model_bytes = b""
        self._tagger: pycrfsuite.Tagger | None = None

    def set_model(self, model_bytes: bytes, lexicon: Lexicon) -> None:
        self.model_bytes = model_bytes
        self.lexicon = lexicon
        self._tagger = None

    @property
    def tagger(self) -> pycrfsuite.Tagger:
        if self._tagger is None:
            if not self.model_bytes:
                raise ValueError(f"The component {self.name!r} has no trained model.")
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self.model_bytes)
            self._tagger = tagger
        return self._tagger

    def __call__(self, doc: Doc) -> Doc:
        ents = []
        for indices in sentences(doc):
            words = [doc[i].text for i in indices]
            tags = self.tagger.tag(sentence_features(words, self.lexicon))
            for first, after, label in tags_to_spans(tags):
                ents.append(Span(doc, indices[first], indices[after - 1] + 1, label=label))
        ents = filter_spans(ents)
        if self.consistent:
            ents += [
                Span(doc, first, after, label=label)
                for first, after, label in recurring_names(
                    [t.text for t in doc], [(e.start, e.end, e.label_) for e in ents]
                )
            ]
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    @property
    def labels(self) -> tuple[str, ...]:
        if not self.model_bytes:
            return ()
        names = {tag.partition("-")[2] for tag in self.tagger.labels() if tag != "O"}
        return tuple(sorted(names))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(
            {"model": self.model_bytes, "lexicon": srsly.json_dumps(self._lexicon_data())}
        )

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> CrfEntityRecognizer:
        msg = srsly.msgpack_loads(data)
        lexicon = srsly.json_loads(msg["lexicon"])
        self.set_model(msg["model"], Lexicon(**lexicon))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / MODEL_FILE).write_bytes(self.model_bytes)
        self.lexicon.to_disk(path / LEXICON_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CrfEntityRecognizer:
        path = Path(path)
        self.set_model((path / MODEL_FILE).read_bytes(), Lexicon.from_disk(path / LEXICON_FILE))
        return self

    def _lexicon_data(self) -> dict:
        lex = self.lexicon
        return {"case": lex.case, "gazetteer": lex.gazetteer, "clusters": lex.clusters}


@Language.factory(FACTORY, default_config={"consistent": True})
def make_crf_entity_recognizer(nlp: Language, name: str, consistent: bool) -> CrfEntityRecognizer:
    return CrfEntityRecognizer(name, consistent=consistent)
