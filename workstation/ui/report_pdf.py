"""Write a rendered concern report to PDF with Qt's own PDF writer (no browser).

The document is built block by block with :class:`QTextCursor` and ``insertText``: every value
is plain text, nothing is ever parsed as HTML, so ``<img src=x>`` in a chat message prints as
those characters. Pages are A4 with a confidentiality line at the top (the template's
``header``), the title and "side N av M" at the bottom, and the SHA-256 of the plain text at the
end, so a printed copy can be matched with the text that was sent.

Needs a :class:`QGuiApplication` (fonts); works with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
)

from workstation.sessions.reports import Block, RenderedReport

__all__ = ["PdfLayout", "build_document", "ensure_gui_app", "write_pdf"]

_SANS = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"]
_MONO = ["DejaVu Sans Mono", "Liberation Mono", "Courier New", "monospace"]
_INK = QColor("#1a1a1a")
_ACCENT = QColor("#1f3a5f")
_MUTED = QColor("#555555")
_QUOTE_BG = QColor("#f1f3f6")
_LINE_SEPARATOR = "\u2028"  # a line break inside one block


@dataclass(frozen=True, slots=True)
class PdfLayout:
    """Page geometry in millimetres and the DPI the document is laid out at."""

    margins_mm: tuple[float, float, float, float] = (20.0, 18.0, 20.0, 16.0)
    """Left, top, right, bottom."""
    header_mm: float = 8.0
    footer_mm: float = 9.0
    resolution: int = 300


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new :class:`QGuiApplication` for command-line use."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    return QGuiApplication([])


def _font(families: list[str], points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(points)
    font.setBold(bold)
    # No ligatures: "ff" must stay two letters when the PDF's text is copied or searched.
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


class _Styles:
    """Block and character formats, with lengths in device pixels at ``resolution``."""

    def __init__(self, resolution: int) -> None:
        mm = resolution / 25.4
        self.mm = mm
        self.text = QTextCharFormat()
        self.text.setFont(_font(_SANS, 10))
        self.text.setForeground(_INK)
        self.title = QTextCharFormat()
        self.title.setFont(_font(_SANS, 16, bold=True))
        self.title.setForeground(_ACCENT)
        self.heading = QTextCharFormat()
        self.heading.setFont(_font(_SANS, 11.5, bold=True))
        self.heading.setForeground(_ACCENT)
        self.quote = QTextCharFormat(self.text)
        self.quote.setFontItalic(True)
        self.small = QTextCharFormat()
        self.small.setFont(_font(_SANS, 8))
        self.small.setForeground(_MUTED)
        self.mono = QTextCharFormat()
        self.mono.setFont(_font(_MONO, 8))
        self.mono.setForeground(_MUTED)

    def block(self, kind: str) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if kind == "title":
            fmt.setBottomMargin(2 * self.mm)
        elif kind == "heading":
            fmt.setTopMargin(2.5 * self.mm)
            fmt.setBottomMargin(1 * self.mm)
        elif kind == "hash_note":
            fmt.setTopMargin(6 * self.mm)
        elif kind == "blank":
            fmt.setLineHeight(0.8 * self.mm, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        return fmt

    def quote_frame(self) -> QTextFrameFormat:
        # Frame lengths are scaled to the device by the layout: give them at 96 dpi.
        mm = 96 / 25.4
        fmt = QTextFrameFormat()
        fmt.setBackground(_QUOTE_BG)
        fmt.setBorder(0)
        fmt.setPadding(1.5 * mm)
        fmt.setLeftMargin(5 * mm)
        fmt.setTopMargin(0.5 * mm)
        fmt.setBottomMargin(2 * mm)
        return fmt

    def char(self, kind: str) -> QTextCharFormat:
        formats = {
            "title": self.title,
            "heading": self.heading,
            "quote": self.quote,
            "hash_note": self.small,
            "hash": self.mono,
        }
        return formats.get(kind, self.text)


class _Writer:
    """Appends blocks at the end of a document; a quotation goes in its own shaded frame."""

    def __init__(self, doc: QTextDocument, styles: _Styles) -> None:
        self.doc = doc
        self.styles = styles
        self.cursor = QTextCursor(doc)
        self.fresh = True  # the cursor sits in an empty block that the next one can use
        self.after_frame = False

    def add(self, kind: str, text: str) -> int:
        if kind == "quote":
            frame = self.cursor.insertFrame(self.styles.quote_frame())
            self.fresh = True
            number = self._add_text(kind, text)
            self.cursor = frame.lastCursorPosition()
            self.cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
            self.fresh = True
            self.after_frame = True
            return number
        return self._add_text(kind, text)

    def _add_text(self, kind: str, text: str) -> int:
        block, char = self.styles.block(kind), self.styles.char(kind)
        if self.after_frame and kind == "heading":
            # Qt drops the top margin of the first block after a frame: an empty line instead.
            self._add_text("blank", "")
        self.after_frame = False
        if self.fresh:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
        else:
            self.cursor.insertBlock(block, char)
        self.fresh = False
        self.cursor.insertText(text.replace("\n", _LINE_SEPARATOR), char)
        return self.cursor.block().blockNumber()


def _add_blocks(writer: _Writer, blocks: tuple[Block, ...]) -> set[int]:
    """Insert ``blocks``; returns the numbers of blocks to keep on a page with the next one."""
    keep: set[int] = set()
    for index, item in enumerate(blocks):
        following = blocks[index + 1].kind if index + 1 < len(blocks) else None
        if item.kind == "blank" and following in ("heading", "quote"):
            continue  # the heading's margin or the quotation's frame is the gap
        if item.kind == "blank" and index and blocks[index - 1].kind == "quote":
            continue
        number = writer.add(item.kind, item.text)
        if item.kind == "heading" or (item.kind == "text" and following == "quote"):
            keep.add(number)
    return keep


def _first_line_y(doc: QTextDocument, block: QTextBlock) -> float:
    top = doc.documentLayout().blockBoundingRect(block).top()
    layout = block.layout()
    return top + (layout.lineAt(0).y() if layout.lineCount() else 0.0)


def _keep_with_next(doc: QTextDocument, keep: set[int], page_height: float) -> None:
    """Move a heading (or a quote's label) to the next page when what follows it is there."""
    for number in sorted(keep):
        doc.pageCount()  # lay the document out again after the last change
        block = doc.findBlockByNumber(number)
        following = block.next()
        if not following.isValid():
            continue
        here = int((_first_line_y(doc, block) + 1) // page_height)
        if here < int((_first_line_y(doc, following) + 1) // page_height):
            fmt = block.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(fmt)


def _add_hash(writer: _Writer, rendered: RenderedReport) -> None:
    info = rendered.template
    writer.add(
        "hash_note",
        f"Mal «{info.name}», versjon {info.version}. Kontrollsum (SHA-256) for den rene"
        " teksten i meldingen:",
    )
    writer.add("hash", rendered.sha256)


def build_document(rendered: RenderedReport, layout: PdfLayout | None = None) -> QTextDocument:
    """The report as a :class:`QTextDocument`, every value inserted as plain text."""
    return _build(rendered, layout or PdfLayout())[0]


def _build(rendered: RenderedReport, layout: PdfLayout) -> tuple[QTextDocument, set[int]]:
    styles = _Styles(layout.resolution)
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(_font(_SANS, 10))
    writer = _Writer(doc, styles)
    keep = _add_blocks(writer, rendered.blocks)
    _add_hash(writer, rendered)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, rendered.template.title)
    return doc, keep


def _writer(path: Path, rendered: RenderedReport, layout: PdfLayout) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(layout.resolution)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(*layout.margins_mm),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(rendered.template.title)
    writer.setCreator("workstation-report")
    return writer


def _draw_margin_text(
    painter: QPainter, rect: QRectF, text: str, align: Qt.AlignmentFlag, font: QFont
) -> None:
    painter.setFont(font)
    painter.setPen(_MUTED)
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)


def write_pdf(rendered: RenderedReport, path: str | Path, layout: PdfLayout | None = None) -> int:
    """Write ``rendered`` to an A4 PDF at ``path``; returns the number of pages.

    The file is written beside ``path`` first and then moved into place, so a failure never
    leaves half a PDF. Raises :class:`OSError` when the file cannot be written.
    """
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.open("wb").close()  # a clear OSError now, rather than a Qt warning later
    except OSError as exc:
        raise OSError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        pages = _paint(rendered, partial, layout or PdfLayout())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return pages


def _paint(rendered: RenderedReport, path: Path, layout: PdfLayout) -> int:
    ensure_gui_app()
    writer = _writer(path, rendered, layout)
    mm = layout.resolution / 25.4
    page = QRectF(writer.pageLayout().paintRectPixels(layout.resolution))
    header_h, footer_h = layout.header_mm * mm, layout.footer_mm * mm
    # Whole pixels: the layout rounds positions, and a fractional page height would put a line
    # moved to the next page a hair above that page's top.
    body = QSizeF(page.width(), float(int(page.height() - header_h - footer_h)))
    doc, keep = _build(rendered, layout)
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(body)
    _keep_with_next(doc, keep, body.height())
    pages = doc.pageCount()
    small = _font(_SANS, 8)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write a PDF to {path}")
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            if rendered.template.header:
                _draw_margin_text(
                    painter,
                    QRectF(0, 0, page.width(), header_h * 0.7),
                    rendered.template.header,
                    Qt.AlignmentFlag.AlignLeft,
                    small,
                )
            painter.save()
            painter.translate(0, header_h - number * body.height())
            doc.drawContents(
                painter, QRectF(0, number * body.height(), body.width(), body.height())
            )
            painter.restore()
            footer = QRectF(0, page.height() - footer_h * 0.7, page.width(), footer_h * 0.7)
            painter.setPen(_MUTED)
            painter.drawLine(footer.topLeft(), footer.topRight())
            _draw_margin_text(
                painter, footer, rendered.template.title, Qt.AlignmentFlag.AlignLeft, small
            )
            _draw_margin_text(
                painter, footer, f"side {number + 1} av {pages}", Qt.AlignmentFlag.AlignRight, small
            )
    finally:
        painter.end()
    return pages
