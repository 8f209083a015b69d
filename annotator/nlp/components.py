"""Custom spaCy components of the built-in German model, registered with spaCy on import.

The model loader imports this module before `spacy.load`, so that a pipeline directory naming
these factories loads like any other. Importing it imports spaCy: keep it out of startup paths.
"""
