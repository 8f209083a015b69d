"""What the command line and the window ask of a project, in one narrow layer.

The UI and the CLI call these functions and classes; they never touch the store's tables.
"""
