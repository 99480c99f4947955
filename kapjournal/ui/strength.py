"""The passphrase strength meter; the rule itself is kapjournal/strength.py (Qt-free, shared
with the command line)."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from kapjournal.i18n import tr
from kapjournal.strength import ADVICE, MIN_SCORE, STRENGTH, strength, strong_enough

__all__ = ["ADVICE", "MIN_SCORE", "STRENGTH", "show_strength", "strength", "strong_enough"]


def show_strength(meter: QProgressBar, passphrase: str) -> str:
    """Fill a 0-4 meter for the passphrase; returns the advice line to show beside it."""
    score, advice = strength(passphrase)
    meter.setValue(score if passphrase else 0)
    meter.setFormat(tr(STRENGTH[score]) if passphrase else "")
    return advice
