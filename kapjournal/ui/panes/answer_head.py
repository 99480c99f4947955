"""An answer's header: its question, and beside it (or under it, when the question needs the
room) the answer's preview toggle and its lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QToolButton, QWidget

from kapjournal.ui import design
from kapjournal.ui.widgets import tr

ROOM = 28  # characters of the question kept on a line before the buttons move under it


class LockToggle(QToolButton):
    """The lock in an answer's header: open (reports may include the answer) or shut
    (private: never exported). Its words say which, beside the icon."""

    def __init__(self) -> None:
        super().__init__()
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(design.icon_size())
        self.toggled.connect(self._show)
        self._show(False)

    def _show(self, private: bool) -> None:
        self.setIcon(design.icon("lock" if private else "lock-open"))
        self.setText(tr("Private: never exported") if private else tr("Not private"))


class Header(QWidget):
    """The question, then its buttons on the same line while the question keeps room for
    about ROOM characters; at large text or in a narrow pane the buttons go under it."""

    def __init__(self, prompt: QLabel) -> None:
        super().__init__()
        self.prompt = prompt
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(prompt, 1)
        self.tools = QWidget()
        self.row = QHBoxLayout(self.tools)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.tools, 0, Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.prompt.fontMetrics().averageCharWidth() * ROOM
        wide = event.size().width() >= room + self.tools.sizeHint().width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self.box.setAlignment(
                self.tools, Qt.AlignmentFlag.AlignTop if wide else Qt.AlignmentFlag.AlignLeft
            )


def header(prompt: QLabel) -> tuple[QWidget, QHBoxLayout]:
    """An answer's header and the row its caller adds the preview toggle and the lock to."""
    head = Header(prompt)
    return head, head.row
