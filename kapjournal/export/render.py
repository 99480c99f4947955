"""The one Markdown → sanitized HTML function. Everything shown or exported goes through it."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from kapjournal.i18n import tr

if TYPE_CHECKING:
    from kapjournal.export.report import ReportPicture

# No images at all: a remote one would make a network request, a local one could reveal files.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "sup",
    "sub",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
LINK_SCHEMES = {"http", "https", "mailto"}

# Python-Markdown takes time that grows with the square of some inputs: 20,000 "[" took over
# a minute. One text the patient wrote that is longer, or holds very many brackets, is shown
# as written, and so is one nested deeper than Python's recursion allows; each with one
# sentence. Under these caps the slowest input measured took about a second. A report is many
# such texts: each is capped where it goes in (export/markdown.py), the document is not.
MAX_FORMATTED = 50_000  # characters; about 8,000 words
MAX_BRACKETS = 500
MAX_DEPTH = 100  # levels; 250 raised RecursionError


def too_slow(text: str) -> str | None:
    """Why one text is shown as written rather than formatted, or None."""
    if len(text) > MAX_FORMATTED:
        return tr("This text is too long to format; it is shown as written.")
    if text.count("[") > MAX_BRACKETS:
        return tr("This text holds too many brackets to format; it is shown as written.")
    if max(map(_depth, text.splitlines()), default=0) > MAX_DEPTH:
        return tr("This text is nested too deeply to format; it is shown as written.")
    return None


def _depth(line: str) -> int:
    """How deep a line is nested: a tab or four spaces a level."""
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    return lead.count("\t") + lead.count(" ") // 4


def render_markdown(text: str, *, links: bool = True, capped: bool = True) -> str:
    """Markdown to HTML that is safe to show: no scripts, no images, no styles, safe links.
    With `links=False` a link keeps its words and loses its address (a file that leaves the
    computer refers to nothing outside itself). `capped=False` for a whole report, whose
    every text was capped as it went in."""
    import markdown  # on first use: the unlock window needs neither (start-up time)
    import nh3

    text = text or ""
    why = too_slow(text) if capped else None
    if why is not None:
        return _as_written(text, why)
    try:
        raw = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    except RecursionError:
        return _as_written(
            text, tr("This text is nested too deeply to format; it is shown as written.")
        )
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS if links else ALLOWED_TAGS - {"a"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer" if links else None,
        strip_comments=True,
    )


def _as_written(text: str, why: str) -> str:
    """Text as typed, a paragraph per blank-line block and its line breaks kept, after a
    sentence that says why it is not formatted."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    body = "".join(f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)
    return f"<p><em>{escape(why)}</em></p>{body}"


def escape(text: str) -> str:
    """Plain text into HTML, for text that is not Markdown (titles, labels, prompts)."""
    return html.escape(text or "", quote=True)


def embed_pictures(
    rendered: str, pictures: Iterable[ReportPicture], img: Callable[[ReportPicture], str]
) -> str:
    """Put each chosen picture above its caption in a report's HTML. The sanitizer removed any
    image the patient's own Markdown held; these are the app's own markup, added after it.
    A caption not found (an unusual name the renderer wrote otherwise) stays a caption."""
    for picture in pictures:
        caption = f"<em>{html.escape(picture.caption, quote=False)}</em>"
        rendered = rendered.replace(caption, img(picture) + "<br>" + caption, 1)
    return rendered
