"""The concern-report editor of the desk: draft, preview, submit for approval, review.

Open it from a conversation with :class:`ReportEditor` (see ``docs/reports.md``).
"""

from workstation.ui.reports.drafts import DraftStore
from workstation.ui.reports.editor import ReportEditor
from workstation.ui.reports.organisation import OrganisationSettings
from workstation.ui.reports.review import ReviewDialog

__all__ = [
    "DraftStore",
    "OrganisationSettings",
    "ReportEditor",
    "ReviewDialog",
]
