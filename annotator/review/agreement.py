"""Agreement between annotators, per label and overall, per document and for the corpus.

`measure(documents, annotators, scheme)` reads each document once and keeps only sums that
add up across documents (confusion and coincidence matrices, span match counts); the figures
of every document and of the corpus then come from the same numpy expressions
(`coefficients`). How each figure is defined: docs/review.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from annotator.core.labels import LabelKind, LabelScheme
from annotator.review import coefficients as co
from annotator.review.layers import ReviewDocument, layer_of
from annotator.review.report import OUTSIDE, OVERALL, AgreementReport, Figures, PairFigures
from annotator.review.spans import match_spans
from annotator.review.tokens import outermost, token_codes, tokens_before
from annotator.review.unitizing import pair_lengths, segment_sums, segments_of

LAYERS = (LabelKind.ENTITY, LabelKind.QUOTATION)


class _Sums:
    """What one pass over the documents collects (see `measure`)."""

    def __init__(self, annotators: Sequence[str], scheme: LabelScheme) -> None:
        self.annotators = tuple(annotators)
        self.scheme = scheme
        self.codes: dict[str, int] = {OUTSIDE: co.EMPTY}
        self.layers: dict[str, LabelKind] = {}
        self.pairs = [(i, j) for i in range(len(annotators)) for j in range(i + 1, len(annotators))]
        self.doc_ids: list[str] = []
        self.present: list[list[bool]] = []
        self.tokens = 0
        self.implicit: list[int] = []
        self.item_doc: list[int] = []
        self.item_codes: list[list[int]] = [[] for _ in annotators]
        self.units: list[tuple[int, int, int, float]] = []
        self.unit_sums: list[tuple[int, int, int, int]] = []
        self.matches: list[tuple[int, int, int, int, int]] = []
        self.span_counts: list[tuple[int, int, int, int]] = []
        self.speakers = [[0, 0] for _ in self.pairs]
        self.pair_documents = [0] * len(self.pairs)

    def code(self, label: str) -> int:
        found = self.codes.get(label)
        if found is None:
            found = self.codes[label] = len(self.codes)
            self.layers[label] = layer_of(label, self.scheme)
        return found

    def add(self, doc: ReviewDocument) -> None:
        present = [a in doc.spans for a in self.annotators]
        if sum(present) < 2:
            return
        d = len(self.doc_ids)
        self.doc_ids.append(doc.doc_id)
        self.present.append(present)
        before = tokens_before(doc.text)
        count = int(before[-1])
        self.tokens += count
        implicit = 0
        code = self.code
        for layer in LAYERS:
            labelled: list[dict[int, int] | None] = []
            segmentations = []
            for i, annotator in enumerate(self.annotators):
                if not present[i]:
                    labelled.append(None)
                    continue
                top = outermost(s for s in doc.spans[annotator] if self._layer(s.label) is layer)
                units = [(s.start, s.end, code(s.label)) for s in top]
                labelled.append(token_codes(before, units))
                segmentations.append(segments_of(units, len(doc.text)))
            covered = set().union(*(m for m in labelled if m is not None))
            implicit += count - len(covered)
            for t in covered:
                self.item_doc.append(d)
                for i, marks in enumerate(labelled):
                    self.item_codes[i].append(-1 if marks is None else marks.get(t, co.EMPTY))
            for (c, k), size in pair_lengths(segmentations).items():
                self.units.append((d, c, k, size))
            for c, (length, square) in segment_sums(segmentations).items():
                self.unit_sums.append((d, c, length, square))
        self.implicit.append(implicit)
        for i, annotator in enumerate(self.annotators):
            if present[i]:
                counts = Counter(s.label for s in doc.spans[annotator])
                self.span_counts.extend((d, i, code(lab), n) for lab, n in counts.items())
        by_id = {s.id: s for spans in doc.spans.values() for s in spans}
        for p, (i, j) in enumerate(self.pairs):
            if not (present[i] and present[j]):
                continue
            self.pair_documents[p] += 1
            found = match_spans(doc.spans[self.annotators[i]], doc.spans[self.annotators[j]])
            for label, n in found.overlapping.items():
                self.matches.append((d, p, code(label), found.exact[label], n))
            for span_a, span_b in found.pairs:
                if self._layer(span_a.label) is LabelKind.QUOTATION:
                    self.speakers[p][0] += 1
                    self.speakers[p][1] += _where(by_id, doc.speakers.get(span_a.id)) == _where(
                        by_id, doc.speakers.get(span_b.id)
                    )

    def _layer(self, label: str) -> LabelKind:
        found = self.layers.get(label)
        if found is None:
            found = self.layers[label] = layer_of(label, self.scheme)
        return found


def _where(by_id: dict, span_id: str | None) -> tuple[int, int] | None:
    span = by_id.get(span_id) if span_id else None
    return (span.start, span.end) if span is not None else None


def measure(
    documents: Iterable[ReviewDocument],
    annotators: Sequence[str],
    scheme: LabelScheme,
    *,
    per_document: bool = False,
) -> AgreementReport:
    """Agreement of `annotators` (two or more) over the documents at least two worked on."""
    if len(annotators) < 2:
        raise ValueError("agreement needs at least two annotators")
    sums = _Sums(annotators, scheme)
    for doc in documents:
        sums.add(doc)
    return _report(sums, per_document=per_document)


def _report(sums: _Sums, *, per_document: bool) -> AgreementReport:
    m, k, d = len(sums.annotators), len(sums.codes), len(sums.doc_ids)
    names = list(sums.codes)
    present = np.array(sums.present, dtype=float).reshape(d, m)
    implicit = np.array(sums.implicit, dtype=float)
    item_doc = np.array(sums.item_doc, dtype=np.int64)
    codes = np.array(sums.item_codes, dtype=np.int64).reshape(m, -1)

    def counted(index: np.ndarray, mask: np.ndarray, size: int) -> np.ndarray:
        return np.bincount(index[mask], minlength=size).astype(float)

    diagonal = []
    for i in range(m):
        own = counted(item_doc * k + codes[i], codes[i] >= 0, d * k).reshape(d, k)
        own[:, co.EMPTY] += implicit * present[:, i]
        diagonal.append(own)
    confusion = []
    for i, j in sums.pairs:
        both = (codes[i] >= 0) & (codes[j] >= 0)
        matrix = counted((item_doc * k + codes[i]) * k + codes[j], both, d * k * k)
        matrix = matrix.reshape(d, k, k)
        matrix[:, co.EMPTY, co.EMPTY] += implicit * present[:, i] * present[:, j]
        confusion.append(matrix)
    raters = present.sum(axis=1)
    weight = 1 / np.maximum(raters - 1, 1)
    o = sum(
        ((c + c.transpose(0, 2, 1)) * weight[:, None, None] for c in confusion), np.zeros((d, k, k))
    )
    full = present.all(axis=1)
    items = (np.bincount(item_doc, minlength=d) + implicit) * full
    fleiss_sums = sum(diagonal, np.zeros((d, k))) * full[:, None]
    gram = (
        fleiss_sums
        + sum((2 * np.diagonal(c, axis1=1, axis2=2) for c in confusion), np.zeros((d, k)))
        * full[:, None]
    )
    units = np.zeros((d, k, k))
    for doc, c, c2, size in sums.units:
        units[doc, c, c2] += size
    lengths, squares = np.zeros((d, k)), np.zeros((d, k))
    for doc, c, length, square in sums.unit_sums:
        lengths[doc, c] += length
        squares[doc, c] += square
    p = len(sums.pairs)
    matched = np.zeros((d, max(p, 1), k, 2))
    for doc, pair, c, exact, overlapping in sums.matches:
        matched[doc, pair, c] = (exact, overlapping)
    span_counts = np.zeros((d, m, k))
    for doc, i, c, n in sums.span_counts:
        span_counts[doc, i, c] = n
    pair_totals = np.stack(
        [span_counts[:, i] + span_counts[:, j] for i, j in sums.pairs] or [np.zeros((d, k))],
        axis=1,
    )  # [d, pair, k]: spans of both, in documents both worked on
    for index, (i, j) in enumerate(sums.pairs):
        pair_totals[:, index] *= (present[:, i] * present[:, j])[:, None]

    def figures(total: bool) -> list[tuple[str, np.ndarray, dict[str, np.ndarray]]]:
        """(label, spans by annotator, {figure: values}) for every label, then overall; the
        values are one number (total) or one per document."""

        def pick(array: np.ndarray) -> np.ndarray:
            return array.sum(axis=0) if total else array

        conf = [pick(c) for c in confusion]
        coin, gr, fs, it = pick(o), pick(gram), pick(fleiss_sums), pick(items)
        un, ln, sq = pick(units), pick(lengths), pick(squares)
        mt, tot, sc = pick(matched), pick(pair_totals), pick(span_counts)
        rows = []
        order = {name: n for n, name in enumerate(sums.scheme.names)}
        for c in sorted(range(1, k), key=lambda c: (order.get(names[c], len(order)), names[c])):
            rows.append(
                (
                    names[c],
                    sc[..., c],
                    {
                        "f1_exact": _mean_pairs(co.ratio(2 * mt[..., c, 0], tot[..., c])),
                        "f1_overlap": _mean_pairs(co.ratio(2 * mt[..., c, 1], tot[..., c])),
                        "cohen_kappa": _mean_pairs(
                            np.stack([co.cohen_kappa(co.binary(x, c)) for x in conf], axis=-1)
                        ),
                        "fleiss_kappa": co.binary_fleiss(it, m, fs, gr, c),
                        "alpha": co.krippendorff_alpha(co.binary(coin, c)),
                        "u_alpha": co.binary_unitizing(un, ln, sq, c),
                    },
                )
            )
        squares_all = sq.copy()
        squares_all[..., co.EMPTY] = ln[..., co.EMPTY]
        overall = {
            "f1_exact": _mean_pairs(co.ratio(2 * mt[..., 0].sum(-1), tot.sum(-1))),
            "f1_overlap": _mean_pairs(co.ratio(2 * mt[..., 1].sum(-1), tot.sum(-1))),
            "cohen_kappa": _mean_pairs(np.stack([co.cohen_kappa(x) for x in conf], axis=-1)),
            "fleiss_kappa": co.fleiss_kappa(it, m, fs, gr.sum(-1)),
            "alpha": co.krippendorff_alpha(coin),
            "u_alpha": co.unitizing_alpha(un, squares_all),
        }
        return [(OVERALL, sc.sum(-1), overall), *rows]

    def rows_at(found, index: tuple) -> tuple[Figures, ...]:
        made = []
        for label, spans, values in found:
            counts = spans[index]
            if label != OVERALL and not counts.any():
                continue  # a label nobody used here
            made.append(
                Figures(
                    label=label,
                    spans={a: int(counts[i]) for i, a in enumerate(sums.annotators)},
                    **{name: float(array[index]) for name, array in values.items()},
                )
            )
        return tuple(made)

    corpus = rows_at(figures(True), ())
    corpus_conf = [c.sum(axis=0) for c in confusion]
    pairs = tuple(
        PairFigures(
            a=sums.annotators[i],
            b=sums.annotators[j],
            documents=sums.pair_documents[index],
            f1_exact=float(
                co.ratio(2 * matched[:, index, :, 0].sum(), pair_totals[:, index].sum())
            ),
            f1_overlap=float(
                co.ratio(2 * matched[:, index, :, 1].sum(), pair_totals[:, index].sum())
            ),
            cohen_kappa=float(co.cohen_kappa(corpus_conf[index])),
            quotations_matched=sums.speakers[index][0],
            same_speaker=sums.speakers[index][1],
            labels=tuple(names),
            confusion=tuple(tuple(int(v) for v in row) for row in corpus_conf[index]),
        )
        for index, (i, j) in enumerate(sums.pairs)
    )
    return AgreementReport(
        annotators=sums.annotators,
        documents=d,
        tokens=sums.tokens,
        overall=corpus[0],
        labels=tuple(corpus[1:]),
        pairs=pairs,
        per_document=(_per_document(sums.doc_ids, figures(False), rows_at) if per_document else {}),
    )


def _per_document(doc_ids, found, rows_at) -> dict[str, tuple[Figures, ...]]:
    return {doc_id: rows_at(found, (n,)) for n, doc_id in enumerate(doc_ids)}


def _mean_pairs(values: np.ndarray) -> np.ndarray:
    """The mean over the last axis (pairs of annotators), leaving out undefined ones."""
    values = np.asarray(values, dtype=float)
    defined = ~np.isnan(values)
    count = defined.sum(axis=-1)
    total = np.where(defined, values, 0).sum(axis=-1)
    return co.ratio(total, count)


__all__ = ["OUTSIDE", "OVERALL", "AgreementReport", "Figures", "PairFigures", "measure"]
