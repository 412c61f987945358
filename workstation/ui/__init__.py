"""The desk: PySide6 widgets, Qt models and qasync glue (the only package importing Qt)."""

from workstation.ui import pyside_fixes

pyside_fixes.apply()
