"""The HTML report in a real browser (Debian's chromium, headless, name lookups disabled):
opening it makes no network request and runs no script, hostile Markdown included. A page
without the report's protections makes the requests, so the check can see them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kapjournal.domain import Answer, Entry, Phase
from kapjournal.export.html import to_html
from kapjournal.export.report import build_report
from kapjournal.prompts.catalog import Catalog
from tests.export.test_html import HOSTILE

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must install chromium (scripts/run-tests does)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")

QUIET = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing can reach anywhere, whatever is asked
]


def page_requests(page: Path, tmp_path: Path) -> tuple[list[str], str]:
    """The URLs the page itself asked for (the browser's own update checks are not the
    page's), and the DOM after loading."""
    netlog = tmp_path / "net.json"
    done = subprocess.run(
        [
            str(CHROMIUM),
            *QUIET,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--log-net-log={netlog}",
            "--net-log-capture-mode=Everything",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        # No session bus: the browser would otherwise ask it for a notification service.
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": "disabled:"},
    )
    log = json.loads(netlog.read_text())
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and "file://" in str(
            params.get("network_isolation_key", "")
        ):
            urls.append(params.get("url", ""))
    return [u for u in urls if u != page.as_uri()], done.stdout


def hostile_report() -> str:
    e = Entry(
        phase=Phase.RECALL,
        title="Lighthouse",
        body=HOSTILE + "\n<script>document.title='RAN'</script>\n"
        '<link rel="stylesheet" href="https://example.org/s.css">\n'
        "<style>@import url(https://example.org/i.css);</style>\n",
        answers=[Answer("a", "Open", text="A lighthouse in fog " + HOSTILE)],
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    report = build_report(
        [e],
        sessions=[],
        measures=[],
        instruments=Catalog.load().instruments,
        generated_at=datetime(2026, 3, 2, tzinfo=UTC),
    )
    return to_html(report)


def test_the_report_makes_no_request_and_runs_no_script(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(hostile_report(), encoding="utf-8")
    asked, dom = page_requests(page, tmp_path)
    assert asked == []
    assert "A lighthouse in fog" in dom, "the browser did load the report"
    assert "<script" not in dom and "RAN" not in dom


def test_the_check_sees_requests_a_careless_page_makes(tmp_path: Path) -> None:
    page = tmp_path / "careless.html"
    page.write_text(
        '<!DOCTYPE html><p>x</p><img src="https://tracker.example/p.gif">'
        '<img src="//example.org/a.png">',
        encoding="utf-8",
    )
    asked, _dom = page_requests(page, tmp_path)
    assert "https://tracker.example/p.gif" in asked
