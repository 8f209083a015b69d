"""Annotator: a desktop program for reading and annotating text."""

__version__ = "0.1.0"
