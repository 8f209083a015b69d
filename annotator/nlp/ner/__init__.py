"""The built-in German entity model: a CRF over rich word features, as a spaCy component.

- `scores`: precision, recall and F1 per label over character spans (pure Python)
"""
