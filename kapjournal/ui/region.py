"""Choosing where the patient is, for crisis numbers: the countries kapjournal has numbers
for, by name in the patient's language, then "Somewhere else" (they type their own)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent, QPaintEvent
from PySide6.QtWidgets import QComboBox

from kapjournal.crisis import table
from kapjournal.i18n import region_name, tr
from kapjournal.ui.widgets import named

ELSEWHERE = "--"  # a code no country has: the patient types their own numbers


class RegionBox(QComboBox):
    """The country names come from CLDR, whose data takes ~30 ms to load the first time: the
    list is filled right after the box is first drawn (or used), so the first-run window does
    not wait for it."""

    def __init__(self, name: str, accessible: str, current: str = "") -> None:
        super().__init__()
        named(self, name, accessible)
        self.addItem(tr("Choose where you are…"), "")
        self._wanted = current.upper()
        self._filled = False

    def fill(self) -> None:
        if self._filled:
            return
        self._filled = True
        for code in sorted(table(), key=region_name):
            self.addItem(region_name(code), code)
        self.addItem(tr("Somewhere else (type your numbers below)"), ELSEWHERE)
        self.choose(self._wanted)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._filled:
            QTimer.singleShot(0, self.fill)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.fill()
        super().focusInEvent(event)

    def showPopup(self) -> None:
        self.fill()
        super().showPopup()

    def choose(self, code: str) -> None:
        self._wanted = code.upper()
        if not self._filled:
            self.fill()  # choose() again once the names are in
            return
        index = self.findData(self._wanted) if code else 0
        self.setCurrentIndex(index if index >= 0 else self.findData(ELSEWHERE))

    def code(self) -> str:
        """The chosen country code; "" when none was chosen or it is not in the list."""
        if not self._filled:
            return self._wanted if self._wanted in table() else ""
        value = str(self.currentData() or "")
        return "" if value == ELSEWHERE else value
