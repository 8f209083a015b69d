"""The built-in German entity model: a CRF over rich word features, as a spaCy component.

- `scores`: precision, recall and F1 per label over character spans (pure Python, no spaCy)
- `component`: the spaCy factory `annotator_crf_ner` (registered by `annotator.nlp.components`)
- `features`, `lexicon`, `tagging`: what the CRF sees of each word, and BIO tags <-> spans
- `consistency`: one name, one label within a document
- `train` (`make model`), with `corpora`, `gazetteer`, `clusters`, `augment`: building it

docs/model.md has what was tried and the figures.
"""
