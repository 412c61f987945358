"""The choices of the contact summary as the dialog shows them (English source strings)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def contact_by_choices() -> list[tuple[str, str]]:
    return [
        ("unknown", QCoreApplication.translate("wrapup", "Not known")),
        (
            "child_self",
            QCoreApplication.translate("wrapup", "A child or young person, about themselves"),
        ),
        (
            "adult_about_child",
            QCoreApplication.translate("wrapup", "An adult worried about a child"),
        ),
        ("other", QCoreApplication.translate("wrapup", "Someone else")),
    ]


def age_band_choices() -> list[tuple[str, str]]:
    return [
        ("unknown", QCoreApplication.translate("wrapup", "Not known")),
        ("0-9", QCoreApplication.translate("wrapup", "0–9 years")),
        ("10-12", QCoreApplication.translate("wrapup", "10–12 years")),
        ("13-15", QCoreApplication.translate("wrapup", "13–15 years")),
        ("16-17", QCoreApplication.translate("wrapup", "16–17 years")),
        ("18+", QCoreApplication.translate("wrapup", "18 or older")),
    ]


def gender_choices() -> list[tuple[str, str]]:
    return [
        ("unknown", QCoreApplication.translate("wrapup", "Not known")),
        ("girl", QCoreApplication.translate("wrapup", "Girl")),
        ("boy", QCoreApplication.translate("wrapup", "Boy")),
        ("other", QCoreApplication.translate("wrapup", "Other")),
    ]


def wanted_choices() -> list[tuple[str, str]]:
    return [
        ("listened_to", QCoreApplication.translate("wrapup", "To be listened to")),
        ("advice", QCoreApplication.translate("wrapup", "Advice")),
        ("information", QCoreApplication.translate("wrapup", "Information")),
        ("to_report", QCoreApplication.translate("wrapup", "To tell someone / report")),
        ("unknown", QCoreApplication.translate("wrapup", "Don't know")),
    ]


def action_choices() -> list[tuple[str, str]]:
    return [
        ("advice", QCoreApplication.translate("wrapup", "Gave advice")),
        ("referral", QCoreApplication.translate("wrapup", "Referred to another service")),
        ("concern_report", QCoreApplication.translate("wrapup", "Concern report to child welfare")),
        (
            "emergency_services",
            QCoreApplication.translate("wrapup", "Contacted emergency services"),
        ),
        ("none", QCoreApplication.translate("wrapup", "No action")),
    ]
