"""Suggestions for texts: a spaCy pipeline's entities, then quotations with their speakers.

`suggest_texts(nlp, texts)` streams the texts through `nlp.pipe` (batched, one process) and
gives, for each text in order, its entities (`doc.ents`) and its quotations found by the rules
of `quoting` with those entities, each linked to its speaker. Where no entity is the speaker,
the speaker rules propose a PER span (`Speaker.proposed`); `speaker_entities` lists those.
`as_span_dicts` writes the result in the shape of the Wikinews quotation corpus, as
`annotator predict` does. spaCy itself is only reached through the `nlp` object passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from annotator.nlp.quoting import QuotationSuggestion, suggest_quotations
from annotator.nlp.quoting import as_span_dicts as quotation_dicts

Entity = tuple[int, int, str]

BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class TextSuggestions:
    """What the model and the rules propose for one text."""

    entities: tuple[Entity, ...]
    """The pipeline's entities, (start, end, label) in text order."""
    quotations: tuple[QuotationSuggestion, ...]
    speaker_label: str = "PER"

    def speaker_entities(self) -> list[Entity]:
        """Speakers the rules found where the pipeline had no entity: new PER spans to propose."""
        known = {(start, end) for start, end, _ in self.entities}
        found: dict[tuple[int, int], Entity] = {}
        for suggestion in self.quotations:
            speaker = suggestion.speaker
            if speaker is not None and speaker.proposed:
                key = (speaker.start, speaker.end)
                if key not in known:
                    found[key] = (speaker.start, speaker.end, self.speaker_label)
        return sorted(found.values())


def suggest_texts(
    nlp: Any,
    texts: Iterable[str],
    *,
    language: str | None = None,
    speaker_label: str = "PER",
    batch_size: int = BATCH_SIZE,
) -> Iterator[TextSuggestions]:
    """Suggestions for each text, in order; `language` picks the quotation rules (default:
    the pipeline's language)."""
    language = language or str(nlp.lang)
    for text, entities in entities_in(nlp, texts, batch_size=batch_size):
        yield suggest_text(text, entities, language=language, speaker_label=speaker_label)


def entities_in(
    nlp: Any, texts: Iterable[str], *, batch_size: int = BATCH_SIZE
) -> Iterator[tuple[str, tuple[Entity, ...]]]:
    """Each text with the pipeline's entities, in order (the model's half of `suggest_texts`)."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield doc.text, tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)


def suggest_text(
    text: str, entities: Iterable[Entity], *, language: str, speaker_label: str = "PER"
) -> TextSuggestions:
    """The quotation rules over one text whose entities are known already."""
    entities = tuple(entities)
    quotations = suggest_quotations(text, entities=entities, language=language)
    return TextSuggestions(entities, tuple(quotations), speaker_label)


def as_span_dicts(text: str, suggestions: TextSuggestions) -> list[dict[str, Any]]:
    """Entities, proposed speakers and quotation parts as `predict` writes them, in text order."""
    spans: list[dict[str, Any]] = [
        {"start": start, "end": end, "label": label, "text": text[start:end]}
        for start, end, label in suggestions.entities
    ]
    spans += [
        {"start": start, "end": end, "label": label, "text": text[start:end], "proposed": True}
        for start, end, label in suggestions.speaker_entities()
    ]
    for record in quotation_dicts(text, suggestions.quotations):
        record["text"] = text[record["start"] : record["end"]]
        spans.append(record)
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    return spans


__all__ = ["TextSuggestions", "as_span_dicts", "entities_in", "suggest_text", "suggest_texts"]
