"""python -m benchmarks [--only NAME] [--json]"""

from __future__ import annotations

import argparse
import sys

from benchmarks.runner import BENCHMARKS, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time import, export and opening a large project against a stdlib baseline.",
    )
    parser.add_argument(
        "--only", choices=list(BENCHMARKS), action="append", help="run only this benchmark"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per benchmark, no table"
    )
    options = parser.parse_args(argv)
    return run(options.only or list(BENCHMARKS), as_json=options.json)


if __name__ == "__main__":
    sys.exit(main())
