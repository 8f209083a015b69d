"""A tiny spaCy pipeline the tests train themselves: blank German + "ner", a few sentences.

`tiny_model_path(tmp_path_factory)` trains it once per test session (a second or two) and
returns its folder; it learns the sentences below by heart, so tests know what it will find.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SENTENCES = [
    ("Angela Merkel sagte in Berlin: „Wir schaffen das.“", [("Angela Merkel", "PER"),
                                                           ("Berlin", "LOC")]),
    ("Siemens baut ein Werk in Berlin.", [("Siemens", "ORG"), ("Berlin", "LOC")]),
    ("Olaf Scholz sprach mit Siemens über Paris.", [("Olaf Scholz", "PER"), ("Siemens", "ORG"),
                                                   ("Paris", "LOC")]),
    ("„Das ist ein guter Tag für Europa“, sagte Olaf Scholz.", [("Europa", "LOC"),
                                                               ("Olaf Scholz", "PER")]),
    ("Das Wetter ist heute schön.", []),
    ("In Paris regnet es.", [("Paris", "LOC")]),
]  # fmt: skip

_built: dict[str, Path] = {}


def entity_offsets(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    out = []
    for name, label in names:
        start = text.index(name)
        out.append((start, start + len(name), label))
    return out


def tiny_model_path(factory: pytest.TempPathFactory) -> Path:
    if "path" in _built:
        return _built["path"]
    spacy = pytest.importorskip("spacy")
    from spacy.training import Example

    nlp = spacy.blank("de")
    ner = nlp.add_pipe("ner")
    for label in ("PER", "LOC", "ORG"):
        ner.add_label(label)
    examples = [
        Example.from_dict(nlp.make_doc(text), {"entities": entity_offsets(text, names)})
        for text, names in SENTENCES
    ]
    spacy.util.fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.meta["name"] = "tiny_ner"
    nlp.meta["version"] = "0.0.1"
    path = factory.mktemp("tiny-model") / "tiny_ner"
    nlp.to_disk(path)
    _built["path"] = path
    return path
