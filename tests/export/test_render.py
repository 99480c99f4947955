"""The one sanitizing Markdown renderer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapjournal.export.render import escape, render_markdown


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
