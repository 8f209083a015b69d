"""A small annotation world for the domain tests: a scheme, a document, a project in memory."""

from __future__ import annotations

import pytest

from annotator.core.labels import AttributeSpec, Label, LabelKind, LabelScheme
from annotator.core.memory import MemoryProject, memory_history
from annotator.core.model import Document

TEXT = "Angela Merkel sagte in Berlin: „Wir schaffen das.“ 😀 Die Universität Hamburg schwieg."
DOC = "doc-1"
OTHER_DOC = "doc-2"


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    """The (start, end) of the first occurrence of `fragment` in `text`."""
    start = text.index(fragment)
    return start, start + len(fragment)


def make_scheme(*, allow_nesting: bool = True) -> LabelScheme:
    return LabelScheme(
        name="test",
        labels=(
            Label("PER", "#E69F00", key="1"),
            Label("LOC", "#56B4E9", key="2"),
            Label("ORG", "#009E73", key="3"),
            Label("CUE", "#999999", key="c", may_overlap=True),
            Label(
                "QUOTE",
                "#D55E00",
                key="q",
                kind=LabelKind.QUOTATION,
                attributes=(AttributeSpec("type", ("Direct", "Indirect"), "Direct"),),
            ),
        ),
        allow_nesting=allow_nesting,
    )


@pytest.fixture
def scheme() -> LabelScheme:
    return make_scheme()


@pytest.fixture
def project(scheme: LabelScheme) -> MemoryProject:
    return MemoryProject(scheme, [Document(DOC, TEXT), Document(OTHER_DOC, "Ein anderer Text.")])


@pytest.fixture
def history(project: MemoryProject):
    return memory_history(project)
