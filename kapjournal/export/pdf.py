"""The report as a PDF: the same Markdown through the one sanitizer, laid out by Qt's own text
engine (QtGui only: no widgets, no browser engine) on A4 or Letter pages, with a footer that
numbers each page, a bookmark for the summary, each session and each entry, links from the
summary's session dates to their pages, and, when a
password is given, AES-256 encryption through pikepdf. The one report writer that needs Qt.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextDocument,
)

from kapjournal.export.charts import chart_image, marks
from kapjournal.export.markdown import to_markdown
from kapjournal.export.render import embed_pictures, escape, render_markdown
from kapjournal.export.report import Report, ReportPicture, chart_blocks
from kapjournal.i18n import tr

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
LETTER_TERRITORIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR"}
DPI = 300

# The subset of CSS Qt's rich text engine understands; print-friendly and calm. Lengths in px
# are the writer's dots (300 per inch): 40px is about 10 points.
STYLE = """
body { color: #1a1a1a; }
h1 { font-size: 18pt; margin-bottom: 30px; }
h2 { font-size: 14pt; margin-top: 60px; margin-bottom: 20px; }
h2.session { page-break-before: always; margin-top: 0px; }
h3 { font-size: 11.5pt; margin-top: 45px; margin-bottom: 10px; }
p { margin-top: 8px; margin-bottom: 8px; }
ul, ol { margin-top: 4px; margin-bottom: 8px; }
table { margin-top: 10px; margin-bottom: 20px; }
th { background-color: #e8e8e8; font-weight: bold; }
blockquote { margin-left: 40px; color: #333333; }
code, pre { font-family: "DejaVu Sans Mono", monospace; }
"""


def default_page_size() -> str:
    """Letter where it is the paper in use, A4 everywhere else."""
    from kapjournal.i18n import current_language

    territory = current_language().partition("_")[2].upper()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


@dataclass(frozen=True)
class Mark:
    """A heading to bookmark: its level (1 = a session or the summary) and its page."""

    level: int
    title: str
    page: int


@dataclass(frozen=True)
class Link:
    """A session's date in the summary, linked to its section: page, rectangle in PDF
    points (left, bottom, right, top) and the page it opens."""

    page: int
    rect: tuple[float, float, float, float]
    target: int


class SealedDocument(QTextDocument):
    def loadResource(self, kind: int, url: object) -> object:
        return None  # never load anything: no image, no stylesheet, local or remote


def pdf_writer(buffer: QBuffer, title: str, page: str, margins: QMarginsF) -> QPdfWriter:
    """A writer at DPI into `buffer`, on A4 or Letter (`page`) with margins in millimetres."""
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(title)
    writer.setCreator("kapjournal")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAGE_SIZES.get(page.lower(), QPageSize.PageSizeId.A4)),
            QPageLayout.Orientation.Portrait,
            margins,
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def draw_pages(
    writer: QPdfWriter, doc: QTextDocument, font: QFont, small: float, footer: str
) -> float:
    """Lay `doc` out on the writer's pages, a line of small text under each body (`footer`
    with {n} and {total} filled in); returns the height of a page's body."""
    area = writer.pageLayout().paintRectPixels(DPI)
    line = round(DPI * 0.35)  # a line of small text under the body, about 9 mm
    body = QSizeF(area.width(), area.height() - line)
    doc.setPageSize(body)
    pages = doc.pageCount()
    painter = QPainter(writer)
    footnote = QFont(font)
    footnote.setPointSizeF(small)
    try:
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(0, -n * body.height())
            doc.drawContents(painter, QRectF(0, n * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setFont(footnote)
            painter.drawText(
                QRectF(0, body.height(), body.width(), line),
                int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter),
                footer.format(n=n + 1, total=pages),
            )
    finally:
        painter.end()
    return body.height()


def ensure_gui() -> None:
    """Qt lays out text only with a GUI application; the command line has none, and often
    no display: it gets one on the offscreen platform, which draws nothing on screen."""
    if QGuiApplication.instance() is None:
        # A QApplication (not only a QGuiApplication), so the app's windows can still open
        # later in the same process: Qt allows one application object per process.
        from PySide6.QtWidgets import QApplication

        platform = [] if os.environ.get("QT_QPA_PLATFORM") else ["-platform", "offscreen"]
        QApplication(["kapjournal", *platform])


def to_pdf(report: Report, *, patient: str = "", page: str = "", password: str = "") -> bytes:
    """The report's pages as PDF bytes; encrypted with AES-256 when `password` is given."""
    ensure_gui()
    html = render_markdown(to_markdown(report, patient=patient), links=False, capped=False)
    # Each session starts a page; the summary stays on the first.
    html = html.replace("<h2>", '<h2 class="session">')
    html = html.replace('<h2 class="session">', "<h2>", 1)
    # Qt draws table rules and spacing from attributes, not CSS; added after the sanitizer,
    # so they are the app's own markup.
    html = html.replace("<table>", '<table border="1" cellspacing="0" cellpadding="6">')
    html = embed_pictures(html, report.pictures, _picture_img)
    raw, marks, links = _lay_out(html, page or default_page_size(), report)
    return _finish(raw, marks, links, password)


def _picture_img(p: ReportPicture) -> str:
    """An <img> naming the document resource `pic:N` (added in _lay_out), at most about
    15 cm wide (CSS pixels at 96 per inch), in proportion."""
    width = min(p.width, 560)
    height = round(p.height * width / p.width) if p.width else p.height
    return f'<img src="pic:{p.number}" width="{width}" height="{height}">'


def _charts(html: str, report: Report, width: float, font: QFont) -> tuple[str, dict[str, QImage]]:
    """Each questionnaire's trend as a chart at the end of the summary (its numbers are in
    the table above it, for anyone who cannot see the chart)."""
    blocks = chart_blocks(report)
    if not blocks:
        return html, {}
    sessions = marks(report.course)
    height = round(width * 0.3)
    parts: list[str] = []
    images: dict[str, QImage] = {}
    for title, trends in blocks:
        parts.append(f"<h3>{escape(title)}</h3>")
        for trend in trends:
            n = len(images)
            images[f"chart:{n}"] = chart_image(trend, round(width), height, font, sessions)
            # An <img> size is in CSS pixels (96 per inch); the image has the writer's 300.
            w, h = round(width * 96 / DPI), round(height * 96 / DPI)
            parts.append(f'<p><img src="chart:{n}" width="{w}" height="{h}"></p>')
    block = "".join(parts)
    at = html.find('<h2 class="session">')
    return (html[:at] + block + html[at:] if at >= 0 else html + block), images


def _lay_out(html: str, page: str, report: Report) -> tuple[bytes, list[Mark], list[Link]]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(
        buffer, tr("Journal report for the therapist"), page, QMarginsF(20, 18, 20, 14)
    )
    doc = SealedDocument()
    doc.documentLayout().setPaintDevice(writer)  # lay out in the writer's units, not a screen's
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10.5)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(STYLE)
    area = writer.pageLayout().paintRectPixels(DPI)
    html, images = _charts(html, report, area.width(), font)
    for picture in report.pictures:  # decoded in memory, from the vault's bytes
        images[f"pic:{picture.number}"] = QImage.fromData(picture.data)
    doc.setHtml(html)
    for name, image in images.items():  # after setHtml, which clears a document's resources
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    try:
        height = draw_pages(writer, doc, font, 8.5, tr(
            "Page {n} of {total} · Confidential: written by the patient for their therapist"
        ))  # fmt: skip
    finally:
        buffer.close()
    marks = _marks(doc, height)
    paper = writer.pageLayout()
    return bytes(data.data()), marks, _links(doc, report, marks, height, paper)


def _marks(doc: QTextDocument, page_height: float) -> list[Mark]:
    layout = doc.documentLayout()
    out = []
    block: QTextBlock = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level in (2, 3) and block.text().strip():
            top = layout.blockBoundingRect(block).top()
            out.append(Mark(level - 1, block.text().strip(), int(top // page_height)))
        block = block.next()
    return out


def _links(
    doc: QTextDocument, report: Report, marks: list[Mark], page_height: float, paper: QPageLayout
) -> list[Link]:
    """Each session date in the summary's table links to that session's first page."""
    from kapjournal.i18n import format_short

    pages = {}
    for s in report.course:
        when = " ".join(format_short(s.scheduled_at).split())  # as the Markdown wrote it
        heading = next((m for m in marks if m.level == 1 and when in m.title), None)
        if heading is not None:
            pages[when] = heading.page
    first_section = min((m.page for m in marks if m.level == 1 and m.page > 0), default=1)
    area = paper.paintRectPoints()
    full = paper.fullRectPoints()
    scale = 72 / DPI
    out = []
    block: QTextBlock = doc.begin()
    while block.isValid():
        target = pages.get(block.text().strip())
        rect = doc.documentLayout().blockBoundingRect(block)
        page = int(rect.top() // page_height)
        if target is not None and page < first_section:
            top = area.top() + (rect.top() - page * page_height) * scale
            left = area.left() + rect.left() * scale
            bottom = full.height() - top - rect.height() * scale
            right = left + rect.width() * scale
            out.append(Link(page, (left, bottom, right, full.height() - top), target))
        block = block.next()
    return out


def _finish(raw: bytes, marks: list[Mark], links: list[Link], password: str) -> bytes:
    """Bookmarks, then encryption; pikepdf (qpdf) writes both."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        with pdf.open_outline() as outline:
            parent: pikepdf.OutlineItem | None = None
            for mark in marks:
                item = pikepdf.OutlineItem(mark.title, mark.page)
                if mark.level == 1 or parent is None:
                    outline.root.append(item)
                    parent = item
                else:
                    parent.children.append(item)
        for link in links:
            page = pdf.pages[link.page]
            annotation = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=list(link.rect),
                    Border=[0, 0, 0],
                    Dest=[pdf.pages[link.target].obj, pikepdf.Name.Fit],
                )
            )
            if "/Annots" not in page.obj:
                page.obj.Annots = pikepdf.Array()
            page.obj.Annots.append(annotation)
        pdf.docinfo["/Producer"] = "kapjournal"
        encryption = (
            pikepdf.Encryption(owner=password, user=password, aes=True, R=6) if password else False
        )
        pdf.save(out, encryption=encryption)
    return out.getvalue()
