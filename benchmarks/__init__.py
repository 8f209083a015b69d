"""Benchmarks of the paths users wait on: import, export, opening a large project.

`make bench` (or `python -m benchmarks`) prints a table; `--only NAME --json` prints one JSON
object. Each measurement runs in a process of its own, next to a standard-library baseline
(`baseline.py`) doing the same work, so that the figures say what the hardware allows.
"""
