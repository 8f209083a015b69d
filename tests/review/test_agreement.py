"""Corpus agreement: the token figures against scikit-learn and the krippendorff package on the
same token labels, span F1 by hand, and the shape of the report."""

from __future__ import annotations

import math
import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.core.model import Span
from annotator.review.agreement import OVERALL, measure
from annotator.review.tokens import tokenize
from tests.review.conftest import SCHEME, TEXT, document, span

WORDS = "die Kanzlerin sagte am Montag in Berlin , dass „ wir es schaffen “ . Hamburg".split()  # noqa: SIM905
ANNOTATORS = ("anna", "ben", "cem")


def random_corpus(seed: int = 3, documents: int = 12):
    rng = random.Random(seed)
    corpus = []
    for n in range(documents):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40)))
        tokens = tokenize(text)
        base = []
        for first in sorted(rng.sample(range(len(tokens)), 5)):
            base.append((first, rng.choice(["PER", "LOC", "ORG"])))
        spans = {}
        for annotator in ANNOTATORS:
            if rng.random() < 0.15:
                continue  # did not work on this one
            own, used = [], set()
            for first, label in base:
                if rng.random() < 0.2:
                    continue
                last = min(first + (rng.random() < 0.2), len(tokens) - 1)
                if rng.random() < 0.2:
                    label = rng.choice(["PER", "LOC", "ORG"])
                if used & {first, last}:
                    continue
                used |= set(range(first, last + 1))
                own.append(Span(f"d{n}", tokens[first][0], tokens[last][1], label, annotator))
            q = rng.randrange(len(tokens) - 4)
            own.append(Span(f"d{n}", tokens[q][0], tokens[q + 3][1], "QUOTE", annotator))
            spans[annotator] = own
        corpus.append(document(spans, doc_id=f"d{n}", text=text))
    return corpus


def token_table(corpus):
    """By hand: every (document, layer, token) with each annotator's label or None."""
    rows = []
    for doc in corpus:
        if len(doc.spans) < 2:
            continue
        for layer in (("PER", "LOC", "ORG"), ("QUOTE",)):
            for start, _ in tokenize(doc.text):
                row = []
                for annotator in ANNOTATORS:
                    if annotator not in doc.spans:
                        row.append(None)
                        continue
                    covering = [
                        s
                        for s in doc.spans[annotator]
                        if s.label in layer and s.start <= start < s.end
                    ]
                    row.append(covering[0].label if covering else "O")
                rows.append(row)
    return rows


CODES = {"O": 0, "PER": 1, "LOC": 2, "ORG": 3, "QUOTE": 4}


def test_token_figures_match_scikit_learn_and_krippendorff():
    corpus = random_corpus()
    report = measure(corpus, ANNOTATORS, SCHEME)
    rows = token_table(corpus)
    both = [(r[0], r[1]) for r in rows if r[0] is not None and r[1] is not None]
    pair = next(p for p in report.pairs if (p.a, p.b) == ("anna", "ben"))
    assert pair.cohen_kappa == pytest.approx(cohen_kappa_score(*zip(*both, strict=True)))
    data = np.array([[np.nan if r[i] is None else CODES[r[i]] for r in rows] for i in range(3)])
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert report.overall.alpha == pytest.approx(expected)
    for row in report.labels:
        binary = np.where(np.isnan(data), np.nan, data == CODES[row.label])
        expected = krippendorff.alpha(reliability_data=binary, level_of_measurement="nominal")
        assert row.alpha == pytest.approx(expected), row.label
        kappas = []
        for i, j in ((0, 1), (0, 2), (1, 2)):
            pairs = [
                (r[i] == row.label, r[j] == row.label) for r in rows if None not in (r[i], r[j])
            ]
            kappas.append(cohen_kappa_score(*zip(*pairs, strict=True)))
        assert row.cohen_kappa == pytest.approx(sum(kappas) / 3), row.label


def test_fleiss_kappa_uses_documents_everyone_worked_on():
    corpus = random_corpus(seed=5)
    report = measure(corpus, ANNOTATORS, SCHEME)
    full = [r for r in token_table(corpus) if None not in r]
    counts = np.array([[r.count(label) for label in CODES] for r in full])
    from annotator.review.coefficients import fleiss_kappa

    expected = fleiss_kappa(len(full), 3, counts.sum(axis=0), (counts * counts).sum())
    assert report.overall.fleiss_kappa == pytest.approx(float(expected))


def test_span_f1_exact_and_overlapping():
    doc = document(
        {
            "anna": [span("anna", "Angela Merkel", "PER"), span("anna", "Berlin", "LOC")],
            "ben": [span("ben", "Merkel", "PER"), span("ben", "Berlin", "LOC")],
        }
    )
    report = measure([doc], ("anna", "ben"), SCHEME)
    assert report.overall.f1_exact == pytest.approx(0.5)
    assert report.overall.f1_overlap == pytest.approx(1.0)
    per = {row.label: row for row in report.labels}
    assert per["PER"].f1_exact == 0
    assert per["LOC"].f1_exact == 1
    assert per["LOC"].u_alpha == pytest.approx(1.0)  # PER units become gaps for LOC
    assert per["PER"].u_alpha < 1


def test_identical_annotations_agree_perfectly():
    spans = [("Angela Merkel", "PER"), ("Berlin", "LOC"), ("„Wir schaffen das.“", "QUOTE")]
    doc = document({a: [span(a, f, label) for f, label in spans] for a in ("anna", "ben")})
    report = measure([doc], ("anna", "ben"), SCHEME, per_document=True)
    for name in ("f1_exact", "f1_overlap", "cohen_kappa", "fleiss_kappa", "alpha", "u_alpha"):
        assert getattr(report.overall, name) == pytest.approx(1.0), name
    assert report.per_document["d"][0].label == OVERALL
    assert report.pairs[0].quotations_matched == 1
    assert report.pairs[0].same_speaker == 1  # neither has a speaker


def test_confusion_matrix_counts_tokens():
    doc = document(
        {
            "anna": [span("anna", "Universität Hamburg", "ORG")],
            "ben": [span("ben", "Universität Hamburg", "LOC")],
        }
    )
    pair = measure([doc], ("anna", "ben"), SCHEME).pairs[0]
    labels = list(pair.labels)
    assert pair.confusion[labels.index("ORG")][labels.index("LOC")] == 2
    assert sum(map(sum, pair.confusion)) == 2 * len(tokenize(TEXT))  # two layers


def test_documents_one_annotator_did_not_touch_are_left_out():
    doc = document({"anna": [span("anna", "Berlin", "LOC")]})
    report = measure([doc], ("anna", "ben"), SCHEME)
    assert report.documents == 0
    assert math.isnan(report.overall.alpha)
    assert report.as_dict()["overall"]["alpha"] is None
