"""One patient's course across every report they shared: open safety flags first, then the
score charts (the Trends view's own chart), side effects, durability, goals, questions, the
entries by report (through the one sanitizer), and the therapist's private notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kapjournal.i18n import format_date, format_number, trn
from kapjournal.services.practice import short
from kapjournal.ui.panes.trends import Chart, ValuesModel
from kapjournal.ui.practice import words
from kapjournal.ui.practice.model import FLAG_MARK
from kapjournal.ui.practice.notes import NotesBox
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import (
    ErrorLabel,
    MarkdownView,
    SpokenLabel,
    emphasised,
    heading,
    muted,
    named,
    tr,
)


class DayValues(ValuesModel):
    """A chart's values by day (the time of a questionnaire matters little here, and the
    narrower table leaves the chart room to name its dates)."""

    def cell(self, row: Any, column: int) -> str:
        when, value = row
        return format_date(when, "medium") if column == 0 else format_number(value)


def _line(name: str, role: str, text: str) -> SpokenLabel:
    label = SpokenLabel(name, role, text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PatientView(QScrollArea):
    """Shows `course` (PracticeService.course); `clear()` wipes every patient word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "patientView", tr("Patient"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        self.setWidget(page)
        outer = QVBoxLayout(page)
        self.body = QVBoxLayout()
        outer.addLayout(self.body)
        self.entries_heading = heading(
            SpokenLabel("entriesHeading", tr("Heading"), tr("Entries, by report"))
        )
        outer.addWidget(self.entries_heading)
        self.report_choice = named(QComboBox(), "reportChoice", tr("Which report's entries"))
        self.report_choice.currentIndexChanged.connect(self._show_entries)
        outer.addWidget(self.report_choice)
        self.entries = MarkdownView("patientEntries", tr("Entries of the chosen report"))
        self.entries.setMinimumHeight(self.fontMetrics().height() * 24)
        outer.addWidget(self.entries)
        self.notes = NotesBox()
        outer.addWidget(self.notes)
        outer.addStretch(1)
        self.course: dict[str, Any] | None = None
        self.charts: list[Chart] = []
        self._wanted = 0
        self.clear()

    # -- showing ------------------------------------------------------------------------------
    def clear(self) -> None:
        self.course = None
        self.charts = []
        while self.body.count():
            item = self.body.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.hide()
                w.deleteLater()
        self.report_choice.blockSignals(True)
        self.report_choice.clear()
        self.report_choice.blockSignals(False)
        self._wanted += 1
        self.entries.clear()
        self.notes.clear()
        for w in (self.entries_heading, self.report_choice, self.entries, self.notes):
            w.hide()
        self.body.addWidget(
            muted(_line("noPatient", tr("No patient"), tr("Choose a patient in the list.")))
        )

    def show_course(self, course: dict[str, Any]) -> None:
        self.clear()
        while self.body.count():  # the "choose a patient" line
            item = self.body.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.hide()
                w.deleteLater()
        self.course = course
        add = self.body.addWidget
        name = course["name"] or tr("(no name)")
        add(heading(_line("patientName", tr("Patient"), name), 1.5))
        add(
            muted(
                _line(
                    "patientFacts",
                    tr("About the reports"),
                    tr("Id {id}. {reports}").format(
                        id=short(course["id"]), reports=words.reports_line(course)
                    ),
                )
            )
        )
        self._flags(course)
        self._scores(course)
        self._list("sideEffects", tr("Side effects by session"), words.side_effect_lines(course))
        self._list("lifts", tr("How long it lasted"), [x["text"] for x in course["lifts"]])
        self._list("goals", tr("Goals"), [words.goal_line(g) for g in course["goals"]])
        self._list(
            "questions",
            tr("For the therapist"),
            [words.question_line(q) for q in course["questions"]],
        )
        for w in (self.entries_heading, self.report_choice, self.entries, self.notes):
            w.show()
        self.report_choice.blockSignals(True)
        for n, report in enumerate(reversed(course["entries"])):  # the newest first
            self.report_choice.addItem(words.report_label(report), len(course["entries"]) - 1 - n)
        self.report_choice.blockSignals(False)
        self._show_entries()
        self.notes.show_notes(course["notes"])

    def _flags(self, course: dict[str, Any]) -> None:
        """Open flags first, in a frame of their own; then the closed ones, said as such."""
        open_flags = [f for f in course["flags"] if f["open"]]
        closed = [f for f in course["flags"] if not f["open"]]
        box = QFrame()
        box.setObjectName("flagsBox")
        box.setFrameShape(QFrame.Shape.Box if open_flags else QFrame.Shape.NoFrame)
        layout = QVBoxLayout(box)
        if open_flags:
            title = ErrorLabel("openFlagsHeading")
            title.setText(
                FLAG_MARK
                + " "
                + trn("{n} open safety flag", "{n} open safety flags", len(open_flags)).format(
                    n=len(open_flags)
                )
            )
            emphasised(title, 1.3)
            layout.addWidget(title)
            for n, f in enumerate(reversed(open_flags)):  # the newest first
                line = _line(f"openFlag{n}", tr("Open safety flag"), words.flag_line(f))
                layout.addWidget(emphasised(line, 1.0))
        else:
            layout.addWidget(_line("noOpenFlags", tr("Safety flags"), tr("No open safety flag.")))
        for n, c in enumerate(course["concerns"]):
            layout.addWidget(_line(f"concern{n}", tr("Concern"), words.flag_line(c)))
        for n, c in enumerate(course["strong_side_effects"]):
            line = _line(f"strongEffect{n}", tr("Strong side effect"), words.flag_line(c))
            layout.addWidget(line)
        if closed:
            said = tr("Earlier flags, closed when the patient noted they were being taken care of:")
            layout.addWidget(muted(_line("closedFlagsHeading", tr("Heading"), said)))
            for n, f in enumerate(closed):
                text = tr("Closed: {flag}").format(flag=words.flag_line(f))
                layout.addWidget(_line(f"closedFlag{n}", tr("Closed safety flag"), text))
        self.body.addWidget(box)

    def _scores(self, course: dict[str, Any]) -> None:
        add = self.body.addWidget
        add(heading(SpokenLabel("scoresHeading", tr("Heading"), tr("Questionnaires"))))
        if not course["scores"]:
            add(_line("noScores", tr("No results"), tr("No questionnaire in these reports.")))
        sessions = words.session_marks(course)
        for n, score in enumerate(course["scores"]):
            add(_line(f"score{n}", tr("Score"), words.score_line(score)))
            if len(score["points"]) < 2:
                continue
            trend = words.score_trend(score)
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 8)
            chart = Chart(trend, sessions, f"practiceChart{n}")
            self.charts.append(chart)
            layout.addWidget(chart, 3)
            table = named(
                QTableView(),
                f"practiceChart{n}Table",
                tr("{name} values").format(name=trend.instrument),
            )
            table.setModel(DayValues(trend, table))
            table.verticalHeader().hide()
            table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            metrics = self.fontMetrics()
            first = metrics.horizontalAdvance(format_date(trend.points[-1][0], "medium") + "__")
            second = metrics.horizontalAdvance(tr("Value") + "__")
            table.setColumnWidth(0, first)
            table.setColumnWidth(1, second)
            scroll = table.verticalScrollBar().sizeHint().width()
            table.setMinimumWidth(first + second + scroll + 2 * table.frameWidth() + 2)
            table.setMaximumHeight(metrics.height() * 10)
            layout.addWidget(table, 1)
            add(row)

    def _list(self, name: str, title: str, lines: list[str]) -> None:
        add = self.body.addWidget
        add(heading(SpokenLabel(f"{name}Heading", tr("Heading"), title)))
        if not lines:
            add(muted(_line(f"{name}None", title, tr("Nothing in these reports."))))
        for n, text in enumerate(lines):
            add(_line(f"{name}{n}", title, text))

    def _show_entries(self) -> None:
        """The chosen report's entries, formatted off the UI thread (a report may carry a
        thousand)."""
        if self.course is None or self.report_choice.currentIndex() < 0:
            return
        report = self.course["entries"][self.report_choice.currentData()]
        self._wanted += 1
        wanted = self._wanted
        self.entries.setPlainText(tr("Preparing the text…"))
        entries = report["entries"]

        def done(html: object) -> None:
            if isValid(self.entries) and wanted == self._wanted and self.course is not None:
                self.entries.setHtml(str(html))
                self.entries.shown.emit()

        run_task(lambda: words.entries_html(entries), done)

    def title_label(self) -> QLabel | None:
        return self.findChild(QLabel, "patientName")
