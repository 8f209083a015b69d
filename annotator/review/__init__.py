"""Reviewing several annotators' work: agreement figures, disagreements, the adjudicated layer.

Pure domain code on top of `annotator.core` (numpy for the sums): no Qt, no SQL, no spaCy. The
store feeds it documents; `services.review` is the door the window and the command line use.
"""
