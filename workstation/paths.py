"""Where the project's shipped data lives."""

from pathlib import Path

#: The top-level ``resources/`` folder (templates, scenarios, directory data, translations).
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
