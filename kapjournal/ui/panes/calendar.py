"""A month of the journal: each day's check-in mood as a colour strip (viridis: readable to
colour-blind eyes and in grey), sessions marked, and the chosen day's entries and mood in
words below, for the keyboard and for a screen reader as much as for the eye."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QPainter, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import EntryFilter
from kapjournal.i18n import format_time
from kapjournal.prompts.durability import daily_means
from kapjournal.services.journal import JournalService
from kapjournal.services.section import MOOD
from kapjournal.ui.panes.mood_days import day_words, mood_colour
from kapjournal.ui.panes.year_view import MonthsModel, YearGrid
from kapjournal.ui.widgets import SpokenLabel, named, tr

UID_ROLE = Qt.ItemDataRole.UserRole + 1


class MoodCalendar(QCalendarWidget):
    def __init__(self) -> None:
        super().__init__()
        self.moods: dict[date, float] = {}
        self.sessions: set[date] = set()
        # Rows tall enough for the strip and the dot, in proportion to the text.
        self.setMinimumHeight(self.fontMetrics().height() * 18)
        # Qt draws weekends in pure red, 4:1 on white: below AA. The theme's text instead.
        plain = QTextCharFormat()
        plain.setForeground(self.palette().color(self.palette().ColorRole.Text))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, plain)

    def paintCell(self, painter: QPainter, rect: QRect, day: QDate) -> None:
        super().paintCell(painter, rect, day)
        d: date = day.toPython()  # type: ignore[assignment]
        mood = self.moods.get(d)
        if mood is not None:
            strip = QRect(rect.left() + 2, rect.bottom() - rect.height() // 5, rect.width() - 4,
                          rect.height() // 5 - 1)  # fmt: skip
            painter.fillRect(strip, mood_colour(mood))
        if d in self.sessions:
            r = max(2, rect.height() // 8)
            painter.save()
            painter.setBrush(self.palette().color(self.palette().ColorRole.Highlight))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(rect.right() - 3 * r, rect.top() + r, 2 * r, 2 * r)
            painter.restore()


class CalendarView(QWidget):
    """Emits `open_requested(uid)` when an entry of the chosen day is opened."""

    open_requested = Signal(str)

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mode = named(QComboBox(), "calendarMode", tr("Calendar view"))
        self.mode.addItem(tr("Month"), "month")
        self.mode.addItem(tr("Year"), "year")
        self.mode.currentIndexChanged.connect(self._mode_changed)
        layout.addWidget(self.mode, alignment=Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.calendar = named(MoodCalendar(), "moodCalendar", tr("Calendar"))
        self.calendar.selectionChanged.connect(self._day_chosen)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self.refresh())
        self.stack.addWidget(self.calendar)
        self.stack.addWidget(self._year_page())
        layout.addWidget(self.stack)
        legend = SpokenLabel(
            "calendarLegend",
            tr("Legend"),
            tr("A day's colour (in the month, the strip under it) is that day's mood: dark "
               "purple low, yellow high. A dot, or in the year a ring, marks a session."),
        )  # fmt: skip
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.day = SpokenLabel("calendarDay", tr("Chosen day"))
        self.day.setWordWrap(True)
        layout.addWidget(self.day)
        self.entries = named(QListWidget(), "calendarEntries", tr("Entries of the chosen day"))
        self.entries.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(UID_ROLE))
        )
        self.entries.setMaximumHeight(self.fontMetrics().height() * 8)
        layout.addWidget(self.entries)

    def _year_page(self) -> QWidget:

        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        earlier = named(QPushButton(tr("◀ Previous year")), "yearEarlier", tr("Previous year"))
        later = named(QPushButton(tr("Next year ▶")), "yearLater", tr("Next year"))
        self.year_label = SpokenLabel("yearShown", tr("Year shown"))
        earlier.clicked.connect(lambda: self._step_year(-1))
        later.clicked.connect(lambda: self._step_year(1))
        row.addWidget(earlier)
        row.addWidget(self.year_label)
        row.addWidget(later)
        row.addStretch(1)
        box.addLayout(row)
        self.year = named(YearGrid(), "moodYear", tr("Moods of the year"))
        self.year.day_opened.connect(self.open_day)
        box.addWidget(self.year)
        self.months = MonthsModel(page)
        table = named(QTableView(), "moodYearTable", tr("Moods of the year by month"))
        table.setModel(self.months)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setMaximumHeight(self.fontMetrics().height() * 8)
        box.addWidget(table)
        return page

    def _mode_changed(self) -> None:
        if self.mode.currentData() == "year":
            self.year.show_year(self.calendar.yearShown())
        self.stack.setCurrentIndex(self.mode.currentIndex())
        self.refresh()

    def _step_year(self, step: int) -> None:
        self.year.show_year(self.year.year + step)
        self.refresh()

    def open_day(self, day: date) -> None:
        """The month view, on `day`."""
        self.mode.setCurrentIndex(0)
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setFocus()

    def refresh(self) -> None:
        if self.mode.currentData() == "year":
            first = date(self.year.year, 1, 1)
        else:
            year, month = self.calendar.yearShown(), self.calendar.monthShown()
            first = date(year, month, 1) - timedelta(days=7)
        since = datetime.combine(first, time.min).astimezone()
        numbers = self.service.check_ins.check_in_numbers(since)
        moods = daily_means((when, value) for when, item, value in numbers if item == MOOD)
        sessions = {s.scheduled_at.astimezone().date() for s in self.service.course.sessions()}
        self.calendar.moods, self.calendar.sessions = moods, sessions
        self.year.moods, self.year.sessions = moods, sessions
        self.year_label.setText(str(self.year.year))
        self.months.show_year(self.year.year, moods, sessions)
        self.year.update()
        self.calendar.updateCells()
        self._day_chosen()

    def _day_chosen(self) -> None:
        chosen: date = self.calendar.selectedDate().toPython()  # type: ignore[assignment]
        start = datetime.combine(chosen, time.min).astimezone()
        found = self.service.entries(
            EntryFilter(since=start, until=start + timedelta(days=1, microseconds=-1))
        )
        words = [day_words(chosen, self.calendar.moods, self.calendar.sessions)]
        if not found:
            words.append(tr("Nothing written."))
        self.day.setText(" ".join(words))
        self.entries.clear()
        untitled = tr("Untitled entry")
        for e in sorted(found, key=lambda e: e.created_at):
            item = QListWidgetItem(f"{format_time(e.created_at)} · {e.title or untitled}")
            item.setData(UID_ROLE, e.uid)
            self.entries.addItem(item)

    def clear(self) -> None:
        self.calendar.moods, self.calendar.sessions = {}, set()
        self.year.moods, self.year.sessions = {}, set()
        self.months.show_year(self.year.year, {}, set())
        self.entries.clear()
        self.day.clear()
