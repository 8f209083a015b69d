"""Small hand-made documents for the review tests."""

from __future__ import annotations

from annotator.core.model import Span
from annotator.resources import load_scheme
from annotator.review.layers import ReviewDocument

SCHEME = load_scheme("german-news")
TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ Die Universität Hamburg schwieg."


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def span(annotator: str, fragment: str, label: str, *, doc_id: str = "d", text: str = TEXT):
    return Span(doc_id, *at(fragment, text), label, annotator, id=f"{annotator}:{fragment}:{label}")


def document(spans_by_annotator: dict, *, doc_id: str = "d", text: str = TEXT, speakers=None):
    return ReviewDocument(
        doc_id=doc_id,
        text=text,
        spans={a: tuple(s) for a, s in spans_by_annotator.items()},
        speakers=speakers or {},
    )
