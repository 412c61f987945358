"""``workstation-report``: list, check and preview concern-report templates.

For admins editing ``resources/templates/`` and for automated checks::

    workstation-report list
    workstation-report sample --out sample.pdf [--template NAME] [--text]
    workstation-report render --template NAME --data report.json --out report.pdf [--text]
    workstation-report check [NAME ...]

``--templates DIR`` (before the command) previews templates in another folder, such as a
working copy being edited. Errors are one line on stderr and exit code 2. Needs no display: the
Qt platform defaults to ``offscreen``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from workstation.sessions import reports
from workstation.sessions.reports import (
    RenderedReport,
    Report,
    ReportDataError,
    TemplateMetadataError,
    TemplateRenderError,
    UnknownTemplateError,
)

__all__ = ["main"]

PROG = "workstation-report"
DEFAULT_TEMPLATE = "bekymringsmelding"
EXIT_ERROR = 2


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Concern-report templates.")
    parser.add_argument(
        "--templates", type=Path, metavar="DIR", help="template folder (default: the shipped one)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("list", help="print one template per line: name and title")
    sample = commands.add_parser("sample", help="render the built-in sample report")
    sample.add_argument("--template", default=DEFAULT_TEMPLATE, metavar="NAME")
    _add_outputs(sample)
    render = commands.add_parser("render", help="render a report data file (JSON)")
    render.add_argument("--template", metavar="NAME", help="default: the data's template field")
    render.add_argument("--data", type=Path, required=True, metavar="FILE.json")
    _add_outputs(render)
    check = commands.add_parser("check", help="render templates strictly to find misspellings")
    check.add_argument("names", nargs="*", metavar="NAME", help="default: all templates")
    return parser


def _add_outputs(command: argparse.ArgumentParser) -> None:
    command.add_argument("--out", type=Path, metavar="FILE.pdf", help="write a PDF")
    command.add_argument("--text", action="store_true", help="print the plain text")


def _list(folder: Path | None) -> None:
    infos = reports.list_templates(folder)
    width = max((len(info.name) for info in infos), default=0) + 2
    for info in infos:
        print(f"{info.name:<{width}}{info.title}")


def _load_data(path: Path) -> Report:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return reports.loads(raw)
    except ReportDataError as exc:
        raise CliError(f"{path}: {exc}") from None


def _emit(rendered: RenderedReport, out: Path | None, text: bool) -> None:
    if out is None and not text:
        raise CliError("nothing to do: give --out FILE.pdf, --text or both")
    if text:
        sys.stdout.write(rendered.text)
        sys.stdout.flush()
    if out is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from workstation.ui.report_pdf import write_pdf  # Qt only when a PDF is wanted

        try:
            pages = write_pdf(rendered, out)
        except OSError as exc:
            raise CliError(str(exc)) from None
        info = rendered.template
        print(
            f"wrote {out}: {pages} page(s), template {info.name} version {info.version},"
            f" sha256 {rendered.sha256}",
            file=sys.stderr,
        )


def _check(names: list[str], folder: Path | None) -> None:
    wanted = names or [info.name for info in reports.list_templates(folder)]
    full = reports.full_sample_report()
    for name in wanted:
        reports.check_template(name, full, directory=folder)
        print(f"{name}: ok")


def _run(args: argparse.Namespace) -> None:
    folder: Path | None = args.templates
    if folder is not None and not folder.is_dir():
        raise CliError(f"template folder {folder} does not exist")
    if args.command == "list":
        _list(folder)
    elif args.command == "check":
        _check(args.names, folder)
    else:
        if args.command == "sample":
            report, name = reports.sample_report(), args.template
        else:
            if args.template:
                reports.template_info(args.template, folder)  # an unknown name fails first
            report = _load_data(args.data)
            name = args.template or report.template or DEFAULT_TEMPLATE
        _emit(reports.render(name, report, directory=folder), args.out, args.text)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``workstation-report``; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except UnknownTemplateError as exc:
        return _fail(str(exc))
    except (CliError, TemplateMetadataError, TemplateRenderError) as exc:
        return _fail(str(exc))
    return 0


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
