"""The domain: documents, spans, relations, label schemes, offsets, validation and edits.

Pure Python. No Qt, no SQL, no spaCy (an import-linter contract checks it).
"""
