"""Suggestions from language models and rules: the only package that may import spaCy.

Nothing here imports spaCy at module level; a module that needs it imports it inside the
function that uses it, so that starting the window never pays for it.

- `quotes`: direct quotations (marks, paragraphs, interrupted quotations, scare quotes)
- `speakers`: who said each quotation (speech verbs, "laut X", pronouns, headline)
- `lexicon`: the words those rules look for, per language
- `evaluation`, `quotes_eval`: precision, recall, F1 and speaker accuracy against gold files
"""
