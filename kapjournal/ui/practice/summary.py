"""A one-page patient summary as PDF for the clinic's record: the name, the reports, scores
with their change, open safety flags, goals, side effects and the patient's questions.

Never the therapist's notes: `summary_html` reads only the keys named in SHOWN, so a note
cannot reach the page. Laid out by Qt's text engine like the report PDF (export/pdf.py),
written atomically, and not encrypted (the save dialog and the window say so).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import QFont, QTextDocument

from kapjournal.atomic import write_temp_beside
from kapjournal.export.charts import chart_image
from kapjournal.export.pdf import (
    DPI,
    STYLE,
    SealedDocument,
    default_page_size,
    draw_pages,
    ensure_gui,
    pdf_writer,
)
from kapjournal.export.render import escape
from kapjournal.i18n import format_date, tr
from kapjournal.ui.practice import words

# The course's keys the page reads; "notes" is not among them, by design.
SHOWN = ("name", "id", "reports", "scores", "flags", "goals", "side_effects", "sessions",
         "questions")  # fmt: skip


def charted(course: dict[str, Any]) -> list[dict[str, Any]]:
    """The scores with a line to draw: two results or more."""
    return [s for s in course["scores"] if len(s["points"]) > 1]


def summary_html(
    course: dict[str, Any], made: datetime, chart_size: tuple[int, int] = (0, 0)
) -> str:
    """The page's HTML; every value escaped (plain text, the patient's words as written).
    With a `chart_size` (CSS pixels), each charted score's image `chart:N` under the scores."""
    c = {k: course[k] for k in SHOWN}
    e = escape
    name = c["name"] or tr("(no name)")
    title = tr("Patient summary: {name}").format(name=name)
    facts = [
        tr("Id {id}.").format(id=c["id"]),
        words.reports_line(c),
        tr("Made on {day}.").format(day=format_date(made, "long")),
    ]
    out = [f"<h1>{e(title)}</h1>", f"<p>{e(' '.join(facts))}</p>"]

    def section(title: str, lines: list[str], empty: str) -> None:
        out.append(f"<h2>{e(title)}</h2>")
        if not lines:
            out.append(f"<p>{e(empty)}</p>")
            return
        out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in lines) + "</ul>")

    open_flags = [f for f in c["flags"] if f["open"]]
    section(
        tr("Open safety flags"),
        [words.flag_line(f) for f in open_flags],
        tr("No open safety flag."),
    )
    section(
        tr("Questionnaires"),
        [words.score_line(s) for s in c["scores"]],
        tr("No questionnaire in these reports."),
    )
    width, height = chart_size
    if width:
        for n, _score in enumerate(charted(c)):
            out.append(f'<p><img src="chart:{n}" width="{width}" height="{height}"></p>')
    section(tr("Goals"), [words.goal_line(g) for g in c["goals"]], tr("No goals shared."))
    section(
        tr("Side effects by session"),
        words.side_effect_lines(c),
        tr("No side effects noted."),
    )
    section(
        tr("For the therapist"),
        [words.question_line(q) for q in c["questions"]],
        tr("No questions in these reports."),
    )
    return "".join(out)


def summary_pdf(course: dict[str, Any], made: datetime, page: str = "") -> bytes:
    """The summary as PDF bytes: one page for a usual course, more only if it must."""
    ensure_gui()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(
        buffer, tr("Patient summary"), page or default_page_size(), QMarginsF(18, 16, 18, 14)
    )
    doc = SealedDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(STYLE + "h2 { margin-top: 30px; }")
    area = writer.pageLayout().paintRectPixels(DPI)
    # The scores' charts, by the report's own chart function, the page wide.
    width, height = round(area.width()), round(area.width() * 0.24)
    css = (round(width * 96 / DPI), round(height * 96 / DPI))
    doc.setHtml(summary_html(course, made, css))
    sessions = words.session_marks(course)
    for n, score in enumerate(charted(course)):
        image = chart_image(words.score_trend(score), width, height, font, sessions)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{n}"), image)
    try:
        draw_pages(writer, doc, font, 8, tr(
            "Page {n} of {total} · Confidential: from the reports the patient shared"
        ))  # fmt: skip
    finally:
        buffer.close()
    return bytes(data.data())


def save_summary(course: dict[str, Any], path: Path, made: datetime) -> Path:
    """Write the PDF beside its place, then rename it there in one step (0600)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    tmp = write_temp_beside(path, summary_pdf(course, made))
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
