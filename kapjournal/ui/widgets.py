"""Small helpers every pane uses: naming widgets for screen readers and tests, safe text views."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from kapjournal.export.render import render_markdown
from kapjournal.i18n import tr

__all__ = ["MarkdownView", "named", "tr"]

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, accessible: str, description: str = "") -> W:
    """Give a widget the objectName tests find it by and the name a screen reader speaks."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if description:
        widget.setAccessibleDescription(description)
    return widget


class MarkdownView(QTextBrowser):
    """Shows Markdown through the one sanitizer. Links open only after the user confirms."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, name, accessible)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._confirm_link)

    def set_markdown_text(self, text: str) -> None:
        self.setHtml(render_markdown(text))

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        return None  # never fetch anything: no images, no stylesheets, local or remote

    def _confirm_link(self, url: QUrl) -> None:
        answer = QMessageBox.question(
            self,
            tr("Open link?"),
            tr(
                "Open this link in your browser?\n\n{url}\n\nkapjournal itself never connects to "
                "the internet; your browser will."
            ).format(url=url.toString()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(url)
