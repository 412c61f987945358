"""Who the child-welfare service calls back: the organisation, from the desk's settings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

DEFAULT_NAME = "Alarmtelefonen for barn og unge"
DEFAULT_PHONE = "116 111"
_KEYS = ("name", "phone", "contact_person")


@dataclass(frozen=True, slots=True)
class OrganisationSettings:
    """``reports/organisation_name``, ``…_phone`` and ``…_contact_person`` in QSettings."""

    name: str = DEFAULT_NAME
    phone: str = DEFAULT_PHONE
    contact_person: str = ""

    @classmethod
    def load(cls, settings: QSettings | None = None) -> OrganisationSettings:
        store = settings or QSettings()
        values = {
            key: str(store.value(f"reports/organisation_{key}", "") or "").strip() for key in _KEYS
        }
        return cls(
            name=values["name"] or DEFAULT_NAME,
            phone=values["phone"] or DEFAULT_PHONE,
            contact_person=values["contact_person"],
        )

    def as_data(self, fallback_contact: str) -> dict[str, str | None]:
        """The ``organisation`` object of the report data format."""
        return {
            "name": self.name,
            "phone": self.phone,
            "contact_person": self.contact_person or fallback_contact,
            "address": None,
            "email": None,
        }
