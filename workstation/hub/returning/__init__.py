"""Returning young people: "same counsellor again" codes (issue 18, item 1; docs/returning.md)."""
