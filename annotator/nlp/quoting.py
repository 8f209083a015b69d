"""Quotations with their speakers, in the span shape of the Wikinews quotation corpus.

`suggest_quotations(text, entities=..., language=...)` runs `quotes` and then `speakers`;
`as_span_dicts` turns the result into `{"start", "end", "label": "QUOTE", "part", "n_parts",
"speaker": {"start", "end", "text"}}` records, one per part, as `annotator predict` writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotator.nlp.quotes import Quotation, find_quotations
from annotator.nlp.speakers import Entity, Speaker, attribute_speakers

QUOTE_LABEL = "QUOTE"


@dataclass(frozen=True, slots=True)
class QuotationSuggestion:
    quotation: Quotation
    speaker: Speaker | None


def suggest_quotations(
    text: str, *, entities: Iterable[Entity] = (), language: str = "de"
) -> list[QuotationSuggestion]:
    """Direct quotations of `text` and, where a rule finds one, the speaker of each."""
    quotations = find_quotations(text, language=language)
    speakers = attribute_speakers(text, quotations, entities=entities, language=language)
    return [QuotationSuggestion(q, s) for q, s in zip(quotations, speakers, strict=True)]


def as_span_dicts(text: str, suggestions: Iterable[QuotationSuggestion]) -> list[dict[str, Any]]:
    """One record per quotation part; `speaker.proposed` says NER had no span there."""
    records: list[dict[str, Any]] = []
    for number, suggestion in enumerate(suggestions):
        parts = suggestion.quotation.parts
        for index, (start, end) in enumerate(parts):
            record: dict[str, Any] = {
                "start": start,
                "end": end,
                "label": QUOTE_LABEL,
                "quote_type": "Direct",
                "annotation_id": number,
                "part": index,
                "n_parts": len(parts),
            }
            speaker = suggestion.speaker
            if speaker is not None:
                record["speaker"] = {
                    "start": speaker.start,
                    "end": speaker.end,
                    "text": speaker.text_in(text),
                    "proposed": speaker.proposed,
                    "rule": speaker.rule,
                }
                if speaker.mention is not None:
                    record["speaker"]["mention"] = {
                        "start": speaker.mention[0],
                        "end": speaker.mention[1],
                        "text": text[speaker.mention[0] : speaker.mention[1]],
                    }
            records.append(record)
    return records
