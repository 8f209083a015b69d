"""`annotator merge` and `annotator agree`: bringing others' work in, and how well it agrees."""

from __future__ import annotations

import argparse
import json
import math

from annotator.cli.commands import _annotator, _open_for_reading
from annotator.cli.progress import progress_bar
from annotator.core.errors import InputError
from annotator.review.agreement import AgreementReport, Figures
from annotator.services.library import ProjectSession
from annotator.services.merging import merge_file
from annotator.services.review import ReviewService
from annotator.store import Project

LISTED = 20
"""How many unmatched documents `merge` names before it only counts the rest."""


def merge(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        summary = merge_file(project, args.other, as_name=args.as_name, annotator=_annotator(args))
    print(f"{summary}.")
    for title, ids in (
        ("Not in this project (by id or text)", summary.unmatched),
        ("Another text here than in the file", summary.text_differs),
    ):
        if ids:
            print(f"{title}: {len(ids):,}")
            for doc_id in ids[:LISTED]:
                print(f"  {doc_id}")
            if len(ids) > LISTED:
                print(f"  ... and {len(ids) - LISTED:,} more")
    return 0


COLUMNS = (
    ("f1_exact", "F1 exact"),
    ("f1_overlap", "F1 overlap"),
    ("cohen_kappa", "Cohen k"),
    ("fleiss_kappa", "Fleiss k"),
    ("alpha", "alpha"),
    ("u_alpha", "u-alpha"),
)


def agree(args: argparse.Namespace) -> int:
    with _open_for_reading(args.project) as project:
        review = ReviewService(ProjectSession(project, annotator=_annotator(args)))
        names = _names(args.annotators) or review.annotators()
        unknown = [n for n in names if n not in review.annotators() and n != "gold"]
        if unknown:
            known = ", ".join(review.annotators()) or "none"
            raise InputError(f"no annotator {', '.join(unknown)} in this project (it has: {known})")
        if len(names) < 2:
            found = ", ".join(names) or "none"
            raise InputError(f"agreement needs two or more annotators; this project has {found}")
        with progress_bar("Comparing", unit="doc") as update:
            report = review.agreement(names, per_document=args.per_document, progress=update)
        suggestions = review.suggestion_review()
    if args.csv:
        print(report.as_csv(), end="")
        return 0
    if args.json:
        data = report.as_dict()
        if args.label:
            data["labels"] = [row for row in data["labels"] if row["label"] == args.label]
        data["suggestions"] = [s.as_dict() for s in suggestions]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _print_report(report, label=args.label)
    if suggestions:
        print("\nModel suggestions, per label: accepted, corrected, rejected, pending")
        for s in suggestions:
            if args.label is None or s.label == args.label:
                print(
                    f"  {s.label:<12} {s.accepted:>9,} {s.corrected:>9,} {s.rejected:>9,}"
                    f" {s.pending:>9,}"
                )
    return 0


def _names(value: str | None) -> list[str]:
    return [n.strip() for n in (value or "").split(",") if n.strip()]


def _print_report(report: AgreementReport, *, label: str | None) -> None:
    who = ", ".join(report.annotators)
    print(
        f"Agreement of {who} over {report.documents:,} documents ({report.tokens:,} tokens) "
        "that at least two of them worked on"
    )
    rows = [r for r in report.labels if label is None or r.label == label] + [report.overall]
    _table(rows, report.annotators)
    for pair in report.pairs:
        print(
            f"\n{pair.a} / {pair.b}: {pair.documents:,} documents, F1 exact "
            f"{_cell(pair.f1_exact)}, overlap {_cell(pair.f1_overlap)}, Cohen's kappa "
            f"{_cell(pair.cohen_kappa)}; same speaker for {pair.same_speaker:,} of "
            f"{pair.quotations_matched:,} quotations both marked"
        )
        _confusion(pair.labels, pair.confusion, pair.a, pair.b)
    if report.per_document:
        print("\nPer document (all labels)")
        print(f"  {'document':<30} " + " ".join(f"{t:>10}" for _, t in COLUMNS))
        for doc_id, rows in report.per_document.items():
            overall = rows[0]
            cells = " ".join(f"{_cell(getattr(overall, n)):>10}" for n, _ in COLUMNS)
            print(f"  {doc_id:<30} {cells}")


def _table(rows: list[Figures], annotators) -> None:
    spans = "spans (" + "/".join(annotators) + ")"
    width = max(len(spans), 12)
    print(f"\n  {'label':<12} {spans:>{width}} " + " ".join(f"{t:>10}" for _, t in COLUMNS))
    for row in rows:
        counts = "/".join(f"{row.spans[a]:,}" for a in annotators)
        cells = " ".join(f"{_cell(getattr(row, n)):>10}" for n, _ in COLUMNS)
        print(f"  {row.label:<12} {counts:>{width}} {cells}")


def _confusion(labels, matrix, a: str, b: str) -> None:
    print(f"  tokens: rows {a}, columns {b}")
    print("  " + " " * 8 + "".join(f"{name:>9}" for name in labels))
    for name, row in zip(labels, matrix, strict=True):
        print(f"  {name:<8}" + "".join(f"{value:>9,}" for value in row))


def _cell(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.3f}"
