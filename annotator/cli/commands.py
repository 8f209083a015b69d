"""What each `annotator` subcommand does."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from annotator.cli.progress import progress_bar
from annotator.core.errors import InputError
from annotator.formats.registry import FORMATS
from annotator.resources import load_scheme, scheme_names
from annotator.services import exporting, settings
from annotator.services.export_filters import ExportFilters
from annotator.services.export_splits import SplitSpec
from annotator.services.importing import import_paths
from annotator.services.samples import ensure_sample_project
from annotator.services.user import current_annotator
from annotator.store import Project


def _annotator(args: argparse.Namespace) -> str:
    return (getattr(args, "annotator", None) or "").strip() or current_annotator()


def _open_for_reading(path: Path) -> Project:
    """Open a project to read it, without leaving SQLite's -wal and -shm files behind.

    A read-only connection would leave them beside the project (only a writer removes them on
    closing), so the file is opened for writing where it may be, and nothing is written.
    """
    return Project.open(path, read_only=not os.access(path, os.W_OK))


def open_last() -> int:
    recent = settings.recent_projects()
    path = recent[0] if recent else ensure_sample_project()
    return _show(path, doc_id=None, read_only=False, screenshot=None)


def open_window(args: argparse.Namespace) -> int:
    # Open (and upgrade) the file here first, so that a bad file fails before Qt starts.
    Project.open(args.project, read_only=args.read_only).close()
    return _show(
        args.project, doc_id=args.doc, read_only=args.read_only, screenshot=args.screenshot
    )


def _show(path: Path, *, doc_id: str | None, read_only: bool, screenshot: Path | None) -> int:
    from annotator.ui.app import run  # Qt is imported only when a window is wanted

    if screenshot is None:
        settings.remember_project(path)
    return run(path, doc_id=doc_id, read_only=read_only, screenshot=screenshot)


def init(args: argparse.Namespace) -> int:
    scheme = load_scheme(args.scheme)
    with Project.create(args.project, scheme, name=args.name or "") as project:
        labels = ", ".join(scheme.names)
        print(f"Created {project.path} with the label scheme {scheme.name} ({labels}).")
    return 0


def import_files(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project, progress_bar("Importing") as update:
        summary = import_paths(
            project,
            args.inputs,
            annotator=_annotator(args),
            format_name=args.format,
            add_labels=args.add_labels,
            progress=update,
        )
    print(f"{summary}.")
    return 0


def export(args: argparse.Namespace) -> int:
    request = export_request(args)
    with (
        _open_for_reading(args.project) as project,
        progress_bar("Exporting", unit="doc") as update,
    ):
        summary = exporting.export(project, args.output, request, progress=update)
    print(f"{summary}.", file=sys.stderr if args.output == "-" else sys.stdout)
    return 0


def export_request(args: argparse.Namespace) -> exporting.ExportRequest:
    """The export the options ask for (filters left to the format's default when none given)."""
    filters = None
    given = [args.state != "all", args.annotator, args.labels, args.exclude_labels, args.rename,
             args.source, args.since, args.until]  # fmt: skip
    if any(given):
        default = "all" if FORMATS[args.format].lossless else "accepted"
        filters = ExportFilters(
            state=args.state,
            annotator=(args.annotator or "").strip() or None,
            labels=frozenset(_names(args.labels)),
            exclude_labels=frozenset(_names(args.exclude_labels)),
            rename=_renames(args.rename),
            source=args.source or default,
            since=args.since,
            until=args.until,
        )
    split = None
    if args.split:
        split = SplitSpec.parse(args.split, seed=args.seed, stratify=args.stratify)
    return exporting.ExportRequest(
        format=args.format,
        filters=filters,
        split=split,
        misaligned=args.misaligned,
        language=args.language or "",
        manifest=args.manifest,
    )


def _names(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def _renames(text: str | None) -> dict[str, str]:
    renames = {}
    for pair in _names(text):
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip() or " " in new.strip():
            raise InputError(f"--rename {pair!r}: write OLD=NEW, e.g. --rename PER=PERSON")
        renames[old.strip()] = new.strip()
    return renames


def stats(args: argparse.Namespace) -> int:
    with _open_for_reading(args.project) as project:
        figures = project.stats()
        name = project.name
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    print(f"{name}: {figures['documents']:,} documents, {figures['characters']:,} characters")
    if figures["states"]:
        print("\nDocuments by state")
        for annotator, counts in figures["states"].items():
            parts = ", ".join(f"{state} {count:,}" for state, count in sorted(counts.items()))
            print(f"  {annotator:<20} {parts}")
    print(f"\nSpans: {figures['spans']:,}, speaker links: {figures['relations']:,}")
    for title, key in (
        ("by label", "spans_by_label"),
        ("by status", "spans_by_status"),
        ("by source", "spans_by_source"),
        ("by annotator", "spans_by_annotator"),
    ):
        if figures[key]:
            print(f"  {title}")
            for value, count in figures[key].items():
                print(f"    {value:<24} {count:>9,}")
    return 0


def check(args: argparse.Namespace) -> int:
    with _open_for_reading(args.project) as project:
        problems = project.check()
        figures = project.stats()
    if not problems:
        print(
            f"{args.project}: no problems ({figures['documents']:,} documents, "
            f"{figures['spans']:,} spans checked)."
        )
        return 0
    for problem in problems:
        print(f"{args.project}: {problem}")
    print(f"{len(problems):,} problem(s) found.", file=sys.stderr)
    return 1


def formats(args: argparse.Namespace) -> int:
    width = max(len(name) for name in FORMATS)
    print(f"{'name':<{width}} {'read':<5} {'write':<6} description")
    for info in FORMATS.values():
        read = "yes" if info.can_read else "-"
        write = "yes" if info.can_write else "-"
        print(f"{info.name:<{width}} {read:<5} {write:<6} {info.description}")
    return 0


def schemes(args: argparse.Namespace) -> int:
    for name in scheme_names():
        scheme = load_scheme(name)
        print(f"{name:<16} {', '.join(scheme.names):<32} {scheme.description}")
    return 0
