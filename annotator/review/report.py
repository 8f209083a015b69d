"""What an agreement measurement reports: one row per label and overall, pairs of annotators
with their confusion matrix, and the same per document (see `agreement.measure`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

OUTSIDE = "O"
OVERALL = "(all)"


@dataclass(frozen=True, slots=True)
class Figures:
    """One row of the agreement table: one label, or all labels (`OVERALL`)."""

    label: str
    spans: dict[str, int]
    """How many spans each annotator has (in the documents compared)."""
    f1_exact: float
    f1_overlap: float
    cohen_kappa: float
    """Mean over the pairs of annotators."""
    fleiss_kappa: float
    alpha: float
    u_alpha: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "spans": self.spans,
            **{
                name: _number(getattr(self, name))
                for name in (
                    "f1_exact",
                    "f1_overlap",
                    "cohen_kappa",
                    "fleiss_kappa",
                    "alpha",
                    "u_alpha",
                )
            },
        }


@dataclass(frozen=True, slots=True)
class PairFigures:
    """Two annotators: span F1, Cohen's kappa, speakers and the confusion matrix of labels."""

    a: str
    b: str
    documents: int
    f1_exact: float
    f1_overlap: float
    cohen_kappa: float
    quotations_matched: int
    same_speaker: int
    """Of the quotations both have (same offsets and label), those with the same speaker."""
    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]
    """Tokens: row = A's label, column = B's label (labels[0] is O)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "annotators": [self.a, self.b],
            "documents": self.documents,
            "f1_exact": _number(self.f1_exact),
            "f1_overlap": _number(self.f1_overlap),
            "cohen_kappa": _number(self.cohen_kappa),
            "quotations_matched": self.quotations_matched,
            "same_speaker": self.same_speaker,
            "confusion": {"labels": list(self.labels), "tokens": [list(r) for r in self.confusion]},
        }


@dataclass(frozen=True, slots=True)
class AgreementReport:
    annotators: tuple[str, ...]
    documents: int
    """Documents at least two of the annotators worked on: the ones compared."""
    tokens: int
    overall: Figures
    labels: tuple[Figures, ...]
    pairs: tuple[PairFigures, ...]
    per_document: dict[str, tuple[Figures, ...]] = field(default_factory=dict)
    """With per_document=True: {doc id: (overall, label rows...)}."""

    def rows(self) -> tuple[Figures, ...]:
        return (*self.labels, self.overall)

    def as_csv(self) -> str:
        """The table (per label, then all labels; per document when measured) as CSV."""
        import csv
        import io

        names = ("f1_exact", "f1_overlap", "cohen_kappa", "fleiss_kappa", "alpha", "u_alpha")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["document", "label", *(f"spans {a}" for a in self.annotators), *names])
        tables = [("", self.rows())] + [
            (doc_id, (*rows[1:], rows[0])) for doc_id, rows in self.per_document.items()
        ]
        for doc_id, rows in tables:
            for row in rows:
                values = [_number(getattr(row, n)) for n in names]
                writer.writerow(
                    [
                        doc_id,
                        row.label,
                        *(row.spans[a] for a in self.annotators),
                        *("" if v is None else v for v in values),
                    ]
                )
        return out.getvalue()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "tokens": self.tokens,
            "overall": self.overall.as_dict(),
            "labels": [f.as_dict() for f in self.labels],
            "pairs": [p.as_dict() for p in self.pairs],
        }
        if self.per_document:
            data["per_document"] = {
                doc_id: [f.as_dict() for f in rows] for doc_id, rows in self.per_document.items()
            }
        return data


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)


__all__ = ["OUTSIDE", "OVERALL", "AgreementReport", "Figures", "PairFigures"]
