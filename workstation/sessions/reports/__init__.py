"""Concern reports (bekymringsmeldinger): data model, templates and sandboxed rendering.

Pure Python; the PDF writer lives in :mod:`workstation.ui.report_pdf`. See ``docs/reports.md``.
"""

from workstation.sessions.reports.followup import follow_up_date
from workstation.sessions.reports.model import (
    FORMAT_VERSION,
    Child,
    ChildInformed,
    Municipality,
    Organisation,
    Parent,
    Quote,
    Report,
    ReportDataError,
    Reporter,
    load,
    loads,
    to_dict,
)
from workstation.sessions.reports.render import (
    Block,
    RenderedReport,
    TemplateRenderError,
    check_template,
    content_hash,
    render,
    render_text,
)
from workstation.sessions.reports.sample import full_sample_report, sample_report
from workstation.sessions.reports.templates import (
    TEMPLATE_DIR,
    TemplateInfo,
    TemplateMetadataError,
    UnknownTemplateError,
    list_templates,
    template_info,
)

__all__ = [
    "FORMAT_VERSION",
    "TEMPLATE_DIR",
    "Block",
    "Child",
    "ChildInformed",
    "Municipality",
    "Organisation",
    "Parent",
    "Quote",
    "RenderedReport",
    "Report",
    "ReportDataError",
    "Reporter",
    "TemplateInfo",
    "TemplateMetadataError",
    "TemplateRenderError",
    "UnknownTemplateError",
    "check_template",
    "content_hash",
    "follow_up_date",
    "full_sample_report",
    "list_templates",
    "load",
    "loads",
    "render",
    "render_text",
    "sample_report",
    "template_info",
    "to_dict",
]
