"""The Qt window: the only package that imports PySide6 (an import-linter contract checks it)."""
