"""`annotator`: open the window, or work on a project from the terminal.

Exit status: 0 done, 1 `check` found problems, 2 bad input or an unusable project (the message
says which file and line), 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.formats.registry import readable_names, writable_names

EPILOG = """\
examples:
  annotator                                  open the last project (first run: a sample)
  annotator news.annotator                   open a project (the same as `annotator open`)
  annotator init news.annotator              create a project with the German news scheme
  annotator import news.annotator articles/  import .txt and .jsonl files, recursively
  annotator export news.annotator -o out.jsonl
  annotator export news.annotator --format spacy --state done --split 0.8,0.1,0.1 -o corpus/
  annotator stats news.annotator
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Read and annotate text: entities, quotations and their speakers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, description: str = "") -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=description or help_text,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def project_argument(p: argparse.ArgumentParser) -> None:
        p.add_argument("project", type=Path, metavar="PROJECT", help="the project file")

    def annotator_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--annotator",
            metavar="NAME",
            help="who is named on the edits (default: $ANNOTATOR_USER, the settings, the login)",
        )

    p = command("open", "open a project in the window")
    project_argument(p)
    p.add_argument("--doc", metavar="ID", help="show this document first")
    p.add_argument("--read-only", action="store_true", help="open without changing anything")
    p.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="render the window, save a screenshot and exit (works without a screen)",
    )
    p.set_defaults(run="open_window")

    p = command("init", "create a new project file")
    project_argument(p)
    p.add_argument(
        "--scheme",
        default="german-news",
        metavar="NAME",
        help="a built-in label scheme (german-news, english-conll) or a scheme JSON file",
    )
    p.add_argument("--name", help="the project's name (default: the file name)")
    p.set_defaults(run="init")

    p = command(
        "import",
        "add documents from files in any readable format",
        "Add documents from files and folders (searched recursively): plain text, Annotator\n"
        "JSON lines and the formats `annotator formats` lists (see docs/formats.md). The format\n"
        "is told by extension and content unless --format says it. All or nothing: on the\n"
        "first error the project is left exactly as it was.",
    )
    project_argument(p)
    p.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--format", default="auto", choices=["auto", *readable_names()])
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="add labels the project's scheme lacks instead of refusing the import",
    )
    annotator_option(p)
    p.set_defaults(run="import_files")

    p = command(
        "export",
        "write the project's documents and annotations to a file",
        "Write documents and annotations in one of the formats `annotator formats` lists.\n"
        "What the format cannot carry is reported, never dropped silently; with --split the\n"
        "output is a folder with one file per split and manifest.json.",
    )
    project_argument(p)
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the file ('-' for stdout) or folder"
    )
    p.add_argument("--format", default="jsonl", choices=writable_names())
    p.add_argument(
        "--state", choices=["all", "done"], default="all", help="only documents marked done"
    )
    p.add_argument(
        "--annotator",
        metavar="NAME",
        help="only this annotator's spans ('gold': the adjudicated layer); default: everyone's",
    )
    p.add_argument("--labels", metavar="A,B", help="only spans of these labels")
    p.add_argument("--exclude-labels", metavar="A,B", help="leave out spans of these labels")
    p.add_argument("--rename", metavar="OLD=NEW,...", help="rename labels in the output")
    p.add_argument(
        "--source",
        choices=["all", "accepted", "human"],
        help="human: people's spans only; accepted: accepted suggestions too; all: pending and "
        "rejected suggestions too (jsonl only). Default: all for jsonl, else accepted",
    )
    p.add_argument("--since", metavar="DATE", help="only spans modified on or after DATE")
    p.add_argument("--until", metavar="DATE", help="only spans modified on or before DATE")
    p.add_argument(
        "--split", metavar="0.8,0.1,0.1", help="train,dev,test shares by document (or train,test)"
    )
    p.add_argument("--seed", type=int, default=0, help="for the split (default 0)")
    p.add_argument("--stratify", action="store_true", help="balance each label across splits")
    p.add_argument(
        "--misaligned",
        choices=["error", "snap", "skip"],
        default="error",
        help="spans off token boundaries (token formats): stop, snap to tokens, or leave out",
    )
    p.add_argument("--language", metavar="LANG", help="the tokenizer's (default: the scheme's)")
    p.add_argument(
        "--manifest", action="store_true", help="write OUT.manifest.json (always with --split)"
    )
    p.set_defaults(run="export")

    p = command("stats", "count documents by state and spans by label, status, source, annotator")
    project_argument(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run="stats")

    p = command("check", "check the file's integrity and every span against its text")
    project_argument(p)
    p.set_defaults(run="check")

    p = command(
        "merge",
        "bring in another annotator's work from a project or JSON lines file",
        "Add the spans, speaker links and document states of another project file\n"
        "(.annotator) or Annotator JSON lines (.jsonl) to the documents this project has\n"
        "(matched by id and by the text's hash). Documents that match nothing or whose text\n"
        "differs are listed and left out. All or nothing; merging a file twice adds nothing.",
    )
    project_argument(p)
    p.add_argument("other", type=Path, metavar="OTHER", help="OTHER.annotator or OTHER.jsonl")
    p.add_argument(
        "--as",
        dest="as_name",
        metavar="NAME",
        help="name every span and state of the file after this annotator",
    )
    annotator_option(p)
    p.set_defaults(run="review_commands:merge")

    p = command(
        "agree",
        "agreement between annotators, per label and overall",
        "Span F1 (exact and overlapping), Cohen's and Fleiss' kappa and Krippendorff's alpha\n"
        "on tokens, and the unitizing alpha on characters, over the documents at least two\n"
        "of the annotators worked on (see docs/review.md).",
    )
    project_argument(p)
    p.add_argument(
        "--annotators", metavar="A,B,...", help="whom to compare (default: everyone but gold)"
    )
    p.add_argument("--label", metavar="LABEL", help="show only this label (and the overall row)")
    p.add_argument("--per-document", action="store_true", help="add each document's figures")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--csv", action="store_true", help="print the table as CSV")
    p.set_defaults(run="review_commands:agree")

    p = command("formats", "list the file formats for import and export")
    p.set_defaults(run="formats")

    p = command("schemes", "list the built-in label schemes")
    p.set_defaults(run="schemes")
    _add_model_commands(command, project_argument, annotator_option)
    return parser


def _add_model_commands(command, project_argument, annotator_option) -> None:
    """predict, suggest, evaluate, model: the commands run by `annotator.cli.nlp_commands`."""

    def model_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--model",
            metavar="NAME|PATH",
            help="'builtin' (the German model shipped), an installed spaCy package such as "
            "de_core_news_md, or a pipeline folder (default: the project's, else builtin)",
        )

    def language_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", default="", help="language of the quotation rules (de, en)")

    p = command(
        "predict",
        "entities, quotations and speakers for texts, without a project",
        'Read IN.jsonl (lines with "text") or a text file and write each text back with\n'
        '"spans": the model\'s entities and QUOTE spans with "speaker": {start, end, text}.',
    )
    p.add_argument("input", type=Path, metavar="IN.jsonl|IN.txt")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="'-' for stdout")
    model_option(p)
    language_option(p)
    p.set_defaults(run="nlp_commands:predict")

    p = command(
        "suggest",
        "store the model's entities and quotations as pending suggestions",
        "Run the project's model (or --model) over its documents and store what it finds as\n"
        "pending suggestions. People's spans are never touched; what is there already or was\n"
        "rejected before is not suggested again, so running it twice adds nothing twice.",
    )
    project_argument(p)
    model_option(p)
    p.add_argument("--docs", metavar="ID,...", help="only these documents (default: all)")
    annotator_option(p)
    p.set_defaults(run="nlp_commands:suggest")

    p = command(
        "evaluate",
        "precision, recall and F1 of the model (or the quotation rules) on a reference file",
        "Per label, exact span match of outer entities (GermEval's OTH counts as MISC, its\n"
        "deriv/part labels are left out). --kind quotes scores Direct quotations, also by\n"
        "overlap, and the speakers found (see docs/model.md).",
    )
    p.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    model_option(p)
    p.add_argument("--kind", choices=["ner", "quotes"], default="ner")
    language_option(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run="nlp_commands:evaluate")

    p = command("model", "show or choose the model that makes a project's suggestions")
    project_argument(p)
    p.add_argument("spec", nargs="?", metavar="NAME|PATH", help="builtin, a package or a folder")
    p.set_defaults(run="nlp_commands:model")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `annotator FILE` (how a file manager or the desktop entry starts us) means `open FILE`.
    if argv and not argv[0].startswith("-") and argv[0] not in _subcommands(parser):
        argv.insert(0, "open")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except AnnotatorError as error:
        print(f"annotator: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("annotator: interrupted; the project keeps what was saved before", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _run(args: argparse.Namespace) -> int:
    """Run the chosen command: `run` names a function of `annotator.cli.commands`, or
    `module:function` for one in another module of `annotator.cli`. The modules (and
    sqlite-utils, numpy, spaCy) are imported only now, so that --help stays quick."""
    import importlib

    if args.command is None:
        from annotator.cli import commands

        return commands.open_last()
    module_name, _, function = args.run.rpartition(":")
    module = importlib.import_module(f"annotator.cli.{module_name or 'commands'}")
    return getattr(module, function)(args)


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._group_actions:  # argparse keeps no public list
        return set(action.choices)
    return set()


if __name__ == "__main__":
    raise SystemExit(main())
