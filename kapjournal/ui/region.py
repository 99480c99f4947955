"""Choosing where the patient is, for crisis numbers: the countries kapjournal has numbers
for, by name in the patient's language, then "Somewhere else" (they type their own)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from kapjournal.crisis import table
from kapjournal.i18n import region_name, tr
from kapjournal.ui.widgets import named

ELSEWHERE = "--"  # a code no country has: the patient types their own numbers


class RegionBox(QComboBox):
    def __init__(self, name: str, accessible: str, current: str = "") -> None:
        super().__init__()
        named(self, name, accessible)
        self.addItem(tr("Choose where you are…"), "")
        for code in sorted(table(), key=region_name):
            self.addItem(region_name(code), code)
        self.addItem(tr("Somewhere else (type your numbers below)"), ELSEWHERE)
        self.choose(current)

    def choose(self, code: str) -> None:
        index = self.findData(code.upper()) if code else 0
        self.setCurrentIndex(index if index >= 0 else self.findData(ELSEWHERE))

    def code(self) -> str:
        """The chosen country code; "" when none was chosen or it is not in the list."""
        value = str(self.currentData() or "")
        return "" if value == ELSEWHERE else value
