"""Suggestions from language models and rules: the only package that may import spaCy.

Nothing here imports spaCy at module level; a module that needs it imports it inside the
function that uses it, so that starting the window never pays for it.

- `quotes`: direct quotations (marks, paragraphs, interrupted quotations, scare quotes)
- `speakers`: who said each quotation (speech verbs, "laut X", pronouns, headline)
- `phrases`, `grammar`, `text`: words, noun phrases, names and sentences for those rules
- `lexicon`: speech verbs, pronouns and name cues, per language
- `quoting`: both together, as spans in the shape of the Wikinews quotation corpus
- `evaluation`, `quotes_eval`: precision, recall, F1 and speaker accuracy against gold files
"""
