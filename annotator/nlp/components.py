"""Custom spaCy components of the built-in German model, registered with spaCy on import.

The model loader imports this module before `spacy.load`, so that a pipeline directory naming
these factories loads like any other. Importing it imports spaCy: keep it out of startup paths.
"""

from annotator.nlp.ner.component import CrfEntityRecognizer, make_crf_entity_recognizer

__all__ = ["CrfEntityRecognizer", "make_crf_entity_recognizer"]
