"""The one Markdown → sanitized HTML function. Everything shown or exported goes through it."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

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


def render_markdown(text: str, *, links: bool = True) -> str:
    """Markdown to HTML that is safe to show: no scripts, no images, no styles, safe links.
    With `links=False` a link keeps its words and loses its address (a file that leaves the
    computer refers to nothing outside itself)."""
    import markdown  # on first use: the unlock window needs neither (start-up time)
    import nh3

    raw = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS if links else ALLOWED_TAGS - {"a"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer" if links else None,
        strip_comments=True,
    )


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
