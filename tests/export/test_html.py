"""The HTML report: self-contained, inert, and as private as the Markdown one."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from kapjournal.domain import Answer, Entry, Phase
from kapjournal.export.html import POLICY, to_html
from kapjournal.export.report import build_report
from kapjournal.prompts.catalog import Catalog

HOSTILE = """Before <script>alert(1)</script> after.
<iframe src="https://example.org/x"></iframe>
<img src="https://tracker.example/p.gif" onerror="alert(2)"> <img src="file:///etc/passwd">
<img src="data:image/png;base64,AAAA">
[click](javascript:alert(3)) [remote](https://example.org/) [relative](../secret)
[proto](//example.org/a) <a href="https://example.org" onclick="alert(4)">x</a>
<span style="background:url(https://e.org/i)">s</span>
![image](https://example.org/i.png)
"""


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def report_html(*entries: Entry) -> str:
    report = build_report(
        list(entries),
        sessions=[],
        measures=[],
        instruments=Catalog.load().instruments,
        generated_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    return to_html(report)


def test_hostile_markdown_is_inert_and_nothing_refers_outside() -> None:
    e = Entry(
        phase=Phase.RECALL,
        title="Lighthouse <b onmouseover=x>",
        body=HOSTILE,
        answers=[
            Answer("a", "Open", text="A lighthouse in fog " + HOSTILE),
            Answer("b", "Kept", text="my father's voice", private=True),
        ],
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    html = report_html(e)
    parsed = Collect()
    parsed.feed(html)
    assert set(parsed.tags) <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "strong", "em",
        "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "br", "code", "pre",
        "blockquote", "hr",
    }  # fmt: skip
    assert not [a for a, _v in parsed.attrs if a in {"src", "href", "style"} or a.startswith("on")]
    lowered = html.lower()
    for bad in ("<script", "<iframe", "<img", "javascript:", "url(", "//example", "file:"):
        assert bad not in lowered, bad
    assert f'content="{POLICY}"' in html and "default-src 'none'" in POLICY
    assert "A lighthouse in fog" in html and "click" in html and "remote" in html
    assert "father" not in html
    assert "1 answer the patient marked private is not included." in html


def test_trend_charts_are_inline_svg_drawn_by_the_pdf_s_function() -> None:
    import re
    from datetime import timedelta

    from kapjournal.domain import MeasureResult
    from kapjournal.export.charts import chart_svg
    from kapjournal.export.pdf import ensure_gui

    ensure_gui()
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    e = Entry(phase=Phase.RECALL, title="Lighthouse", body="fog", created_at=t0)
    measures = [
        MeasureResult(
            instrument="gad7", answers={}, total=v, completed_at=t0 + timedelta(days=7 * n)
        )
        for n, v in enumerate((14, 9))
    ]
    report = build_report(
        [e],
        sessions=[],
        measures=measures,
        instruments=Catalog.load().instruments,
        generated_at=t0 + timedelta(days=20),
    )
    html = to_html(report, charts=chart_svg)
    assert html.count("<svg") == 1 and "<title>GAD-7</title>" in html
    assert "Questionnaire trends" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r"href|src=|url\(|<image|<script|<foreignObject", svg)
    assert f'content="{POLICY}"' in html
    assert "<svg" not in to_html(report), "without the drawer, the table alone"
