"""The `annotator` command line."""
