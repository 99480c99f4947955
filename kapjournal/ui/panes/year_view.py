"""A year of moods at a glance: twelve rows of days, each day the colour of its check-in mood
(the month calendar's viridis scale), sessions ringed. The arrow keys move through the days and
Enter opens the chosen one in the month view; a table of the months says the same in numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QWidget

from kapjournal.i18n import format_number, format_skeleton, month_name, tr
from kapjournal.ui.panes.mood_days import day_words, mood_colour
from kapjournal.ui.panes.rows_model import RowsModel
from kapjournal.ui.theme import contrast_ratio
from kapjournal.ui.widgets import announce

Index = QModelIndex | QPersistentModelIndex


class YearGrid(QWidget):
    """Emits `day_opened(date)` on Enter or a click."""

    day_opened = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.year = date.today().year
        self.moods: dict[date, float] = {}
        self.sessions: set[date] = set()
        self.chosen = date.today()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(self._label_width() + line * 31, line * 13)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(self._label_width() + line * 16, line * 8)

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        return (
            max(
                metrics.horizontalAdvance(format_skeleton(datetime(2000, m, 1), "MMM"))
                for m in range(1, 13)
            )
            + metrics.height()
        )

    def cell(self, day: date) -> QRectF:
        left = self._label_width()
        width = (self.width() - left - 2) / 31
        height = (self.height() - 2) / 12
        return QRectF(left + (day.day - 1) * width, 1 + (day.month - 1) * height, width, height)

    def show_year(self, year: int) -> None:
        self.year = year
        if self.chosen.year != year:
            self.chosen = date(year, 1, 1)
        self.update()

    def choose(self, day: date) -> None:
        if day.year != self.year:
            return
        self.chosen = day
        words = day_words(day, self.moods, self.sessions)
        self.setAccessibleDescription(words)
        if self.hasFocus():
            announce(self, words)
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.choose(self.chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        if key in moves:
            self.choose(self.chosen + timedelta(days=moves[Qt.Key(key)]))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.day_opened.emit(self.chosen)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        at = event.position()
        for month in range(1, 13):
            for d in range(1, 32):
                try:
                    day = date(self.year, month, d)
                except ValueError:
                    break
                if self.cell(day).contains(at):
                    self.choose(day)
                    self.day_opened.emit(day)
                    return

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            palette = self.palette()
            painter.fillRect(self.rect(), palette.base())
            ink = palette.color(QPalette.ColorRole.Text)
            for month in range(1, 13):
                first = date(self.year, month, 1)
                row = self.cell(first)
                painter.setPen(ink)
                painter.drawText(
                    QRectF(0, row.top(), self._label_width() - 4, row.height()),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                    format_skeleton(datetime(self.year, month, 1), "MMM"),
                )
                day = first
                while day.month == month:
                    self._paint_day(painter, day, ink)
                    day += timedelta(days=1)
            if self.hasFocus():
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self.cell(self.chosen).adjusted(0, 0, -1, -1))
        finally:
            painter.end()

    def _paint_day(self, painter: QPainter, day: date, ink: QColor) -> None:
        cell = self.cell(day).adjusted(1, 1, -1, -1)
        mood = self.moods.get(day)
        if mood is not None:
            colour = mood_colour(mood)
            painter.fillRect(cell, colour)
            # The ring in black or white, whichever stands out more on that day's colour.
            black, white = QColor("black"), QColor("white")
            ink = black if contrast_ratio(colour, black) > contrast_ratio(colour, white) else white
        else:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(cell)
        if day in self.sessions:
            painter.setPen(QPen(ink, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            r = min(cell.width(), cell.height()) / 3
            painter.drawEllipse(cell.center(), r, r)


class MonthsModel(RowsModel):
    """The year grid in numbers: per month, the days with a check-in, their mean mood and
    the sessions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        headers = [tr("Month"), tr("Days with a mood"), tr("Mean mood"), tr("Sessions")]
        super().__init__(headers, (), parent)

    def show_year(self, year: int, moods: dict[date, float], sessions: set[date]) -> None:
        rows = []
        for month in range(1, 13):
            values = [v for d, v in moods.items() if (d.year, d.month) == (year, month)]
            held = sum(1 for d in sessions if (d.year, d.month) == (year, month))
            mean = sum(values) / len(values) if values else None
            rows.append((month_name(month), len(values), mean, held))
        self.set_rows(rows)

    def cell(self, row: Any, column: int) -> str:
        value = row[column]
        if column == 2:
            return "–" if value is None else format_number(round(float(value), 1))
        return str(value) if column == 0 else format_number(int(value or 0))
