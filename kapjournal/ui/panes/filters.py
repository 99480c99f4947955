"""Phase, session, tag and a date range: the filters the Journal list and the report dialog
share. Two rows, so large text does not crowd out what stands beside them."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QGridLayout, QWidget

from kapjournal.domain import EntryFilter, Phase
from kapjournal.i18n import format_date
from kapjournal.services.journal import JournalService
from kapjournal.ui.widgets import named, tr


class FilterBar(QWidget):
    """Emits `changed` when any filter changes (not while its choices are refilled)."""

    changed = Signal()

    def __init__(self, service: JournalService, prefix: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.phase = named(QComboBox(), f"{prefix}Phase", tr("Show phase"))
        self.phase.addItem(tr("All phases"), None)
        for p in Phase:
            self.phase.addItem(p.label, p.value)
        self.session = named(QComboBox(), f"{prefix}Session", tr("Show session"))
        self.tag = named(QComboBox(), f"{prefix}Tag", tr("Show tag"))
        self.use_dates = named(QCheckBox(tr("&Dates")), f"{prefix}Dates", tr("Filter by dates"))
        self.since = named(
            QDateEdit(QDate.currentDate().addMonths(-1)), f"{prefix}Since", tr("From date")
        )
        self.until = named(QDateEdit(QDate.currentDate()), f"{prefix}Until", tr("Until date"))
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setEnabled(False)
            d.dateChanged.connect(self.changed)
        for combo in (self.phase, self.session, self.tag):
            # Long session or tag names scroll inside the popup instead of widening the pane.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self.changed)
        self.use_dates.toggled.connect(self._dates_toggled)
        widgets = (self.phase, self.session, self.tag, self.use_dates, self.since, self.until)
        for i, w in enumerate(widgets):
            grid.addWidget(w, i // 3, i % 3)
        self.reload_choices()

    def reload_choices(self) -> None:
        """Sessions and tags as they are now; keeps the current choice when it still exists."""
        for combo, items in (
            (
                self.session,
                [(tr("All sessions"), None)]
                + [
                    (f"{format_date(s.scheduled_at, 'medium')} · {s.kind.label}", s.uid)
                    for s in reversed(self.service.course.sessions())
                ],
            ),
            (self.tag, [(tr("All tags"), None)] + [(t, t) for t in self.service.all_tags()]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for label, data in items:
                combo.addItem(label, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def show_since(self, day: date) -> None:
        """Entries from `day` to today, without a `changed`."""
        for w in (self.use_dates, self.since, self.until):
            w.blockSignals(True)
        self.use_dates.setChecked(True)
        self.since.setEnabled(True)
        self.until.setEnabled(True)
        self.since.setDate(QDate(day.year, day.month, day.day))
        self.until.setDate(QDate.currentDate())
        for w in (self.use_dates, self.since, self.until):
            w.blockSignals(False)

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.changed.emit()

    def current(self) -> EntryFilter:
        since = until = None
        if self.use_dates.isChecked():
            first = self.since.date().toPython()
            last = self.until.date().toPython()
            since = datetime.combine(first, time.min).astimezone()  # type: ignore[arg-type]
            until = datetime.combine(last, time.max).astimezone()  # type: ignore[arg-type]
        phase = self.phase.currentData()  # stored as text: Qt hands enums back as str anyway
        return EntryFilter(
            phase=Phase(phase) if phase else None,
            session_uid=self.session.currentData(),
            tag=self.tag.currentData(),
            since=since,
            until=until,
        )

    def clear(self) -> None:
        """Forget the sessions and tags shown (on lock), without a `changed`."""
        for combo in (self.session, self.tag, self.phase):
            combo.blockSignals(True)
        self.session.clear()
        self.tag.clear()
