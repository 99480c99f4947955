"""The one sanitizing Markdown renderer."""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapjournal.export.render import escape, render_markdown
from tests.conftest import PYTHON, child_env


def test_markdown_becomes_html() -> None:
    out = render_markdown("# Title\n\n- **bold** item\n- [link](https://example.org)")
    assert "<h1>Title</h1>" in out and "<strong>bold</strong>" in out
    assert 'href="https://example.org"' in out and 'rel="noopener noreferrer"' in out


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "![x](https://tracker.example/pixel.png)",
        "![x](file:///etc/passwd)",
        '<img src="https://tracker.example/p.png">',
        "[click](javascript:alert(1))",
        '<a href="file:///home/me/secret">x</a>',
        '<p onclick="steal()">hi</p>',
        '<iframe src="https://evil.example"></iframe>',
        '<link rel="stylesheet" href="https://fonts.example/font.css">',
        '<div style="background:url(https://evil.example/x)">x</div>',
    ],
)
def test_nothing_active_or_remote_survives(hostile: str) -> None:
    out = render_markdown(hostile).lower()
    for bad in (
        "<script",
        "<img",
        "javascript:",
        "file:",
        "onclick",
        "<iframe",
        "<link",
        "style=",
        "https://tracker",
        "https://evil",
        "https://fonts",
    ):
        assert bad not in out


@given(st.text(max_size=200))
def test_any_text_renders_without_script(text: str) -> None:
    out = render_markdown(text).lower()
    assert "<script" not in out and "<img" not in out


def test_escape() -> None:
    assert escape('<b>"x"</b>') == "&lt;b&gt;&quot;x&quot;&lt;/b&gt;"


# Inputs whose time grows with the square of their length in Python-Markdown: before the caps
# 20,000 "[" took over a minute and 10,000 "![" 21 s. Each runs in a child with a deadline
# (a hang guard, not a timing measurement: capped, each takes about a second at most).
SLOW = {
    "brackets": "[" * 20_000,
    "image openers": "![" * 10_000,
    "link openers": "[a](" * 5_000,
    "angle brackets": "<a" * 60_000,
}


@pytest.mark.parametrize("name", sorted(SLOW))
def test_inputs_slow_to_format_finish_and_keep_their_words(name: str) -> None:
    code = (
        "import sys; from kapjournal.export.render import render_markdown; "
        "print(render_markdown(sys.stdin.read()))"
    )
    r = subprocess.run(
        [PYTHON, "-c", code],
        input=SLOW[name],
        capture_output=True,
        text=True,
        timeout=60,
        env=child_env(),
    )
    assert r.returncode == 0, r.stderr
    shown = html.unescape(re.sub(r"<[^>]+>", "", r.stdout))
    assert SLOW[name][:200] in shown, "the text is shown as typed"
    assert "<a " not in r.stdout


def test_text_too_long_to_format_is_shown_as_written_with_a_sentence() -> None:
    text = "**not bold** line\nnext line\n\nsecond <b>paragraph</b>\n\n" + "word " * 20_000
    out = render_markdown(text)
    assert out.startswith("<p><em>This text is too long to format; it is shown as written.")
    assert "<p>**not bold** line<br>next line</p>" in out
    assert "&lt;b&gt;paragraph&lt;/b&gt;" in out and "<strong>" not in out


def test_nesting_too_deep_to_format_is_shown_as_written_with_a_sentence() -> None:
    text = "\n".join("\t" * depth + "- deep" for depth in range(300))
    out = render_markdown(text)  # RecursionError before
    assert out.startswith("<p><em>This text is nested too deeply to format;")
    assert out.count("- deep") == 300


def test_a_long_report_is_formatted_and_only_a_slow_text_in_it_is_shown_as_written() -> None:
    """The caps are per text the patient wrote: a report of many entries is far over 50,000
    characters and is formatted whole; one body of 20,000 "[" in it is shown as written."""
    from datetime import UTC, datetime, timedelta

    from kapjournal.domain import Entry, Phase
    from kapjournal.export.html import to_html
    from kapjournal.export.report import build_report

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    words = "**Calm** morning, then *a long walk* by the river. " * 12
    entries = [
        Entry(phase=Phase.FREE, title=f"Day {n}", body=words, created_at=t0 + timedelta(days=n))
        for n in range(120)
    ]
    entries.append(Entry(phase=Phase.FREE, title="Odd", body="[" * 20_000, created_at=t0))
    report = build_report(
        entries, sessions=[], measures=[], instruments={}, generated_at=t0, all_entries=entries
    )
    html = to_html(report)
    assert len(html) > 100_000
    assert html.count("<strong>Calm</strong>") == 120 * 12, "every entry formatted"
    assert html.count("too many brackets to format") == 1
    assert "[[[[" in html and "too long to format" not in html
