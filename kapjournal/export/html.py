"""The report as one self-contained HTML file: the Markdown report through the one sanitizer,
with its styles inline, no script, no link out and a Content-Security-Policy that lets the
browser load nothing at all, so opening it makes no request of any kind."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime

from kapjournal.domain import SessionKind
from kapjournal.export.markdown import to_markdown
from kapjournal.export.render import embed_pictures, escape, render_markdown
from kapjournal.export.report import Report, ReportPicture, ScoreTrend, chart_blocks
from kapjournal.i18n import text_language, tr

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)

STYLE = """
body { font: 11pt/1.5 "DejaVu Sans", "Segoe UI", sans-serif; color: #1a1a1a; background: #fff;
       max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; margin-top: 1.8em; }
h3 { font-size: 1.1em; margin-top: 1.4em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: .25em .6em; text-align: left; }
figure.chart { margin: .5em 0 1em; max-width: 46em; }
@media print { body { margin: 0; max-width: none; } h2 { break-before: page; } }
"""


ChartSvg = Callable[[ScoreTrend, list[tuple[datetime, SessionKind]]], str]


def _data_img(p: ReportPicture) -> str:
    """The picture inside the page itself: nothing is loaded from anywhere."""
    data = base64.b64encode(p.data).decode("ascii")
    return (
        f'<img src="data:{escape(p.mime)};base64,{data}" alt="{escape(p.caption)}" '
        f'style="max-width:100%;height:auto">'
    )


def to_html(report: Report, *, patient: str = "", charts: ChartSvg | None = None) -> str:
    """`charts` draws a questionnaire's trend as inline SVG (kapjournal.export.charts, which
    needs Qt; the front door hands it in). Without it the report has the table alone."""
    body = render_markdown(to_markdown(report, patient=patient), links=False, capped=False)
    body = embed_pictures(body, report.pictures, _data_img)
    blocks = chart_blocks(report)
    if charts is not None and blocks:
        sessions = [(s.scheduled_at, s.kind) for s in report.course]
        block = "\n".join(
            f"<h3>{escape(title)}</h3>\n"
            + "\n".join(f'<figure class="chart">{charts(t, sessions)}</figure>' for t in trends)
            for title, trends in blocks
        )
        at = body.find("<h2>", body.find("<h2>") + 1)  # the first session's heading
        body = body[:at] + block + "\n" + body[at:] if at >= 0 else body + block
    language = text_language().split("_")[0] or "en"
    title = escape(tr("Journal report for the therapist"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
