"""Reading and writing annotated documents in files: one small module per format.

Formats depend on the domain only. Readers validate what they read against the project's label
scheme and raise `InputError` naming the file and line; writers stream, one document at a time.
"""
