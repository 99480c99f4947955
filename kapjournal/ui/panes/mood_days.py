"""How a day of check-ins is shown: its mood's colour, and its words for a screen reader. One
leaf both the month and the year views use (the year view once imported the month's module,
which imported it back)."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from kapjournal.i18n import format_date, format_number, tr

# Viridis at five stops, low mood to high.
VIRIDIS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]


def mood_colour(mood: float, top: float = 10) -> QColor:
    return QColor(VIRIDIS[min(len(VIRIDIS) - 1, int(mood / top * len(VIRIDIS)))])


def day_words(day: date, moods: dict[date, float], sessions: set[date]) -> str:
    words = [format_date(day, "full") + "."]
    mood = moods.get(day)
    if mood is not None:
        words.append(tr("Mood {mood} of 10.").format(mood=format_number(round(mood, 1))))
    if day in sessions:
        words.append(tr("A session."))
    return " ".join(words)
