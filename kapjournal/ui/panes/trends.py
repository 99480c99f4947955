"""Trends: questionnaire totals over their severity bands with how they moved since the
baseline, and the daily check-in's scales, drawn by the reports' own chart function. Each
chart has its numbers in a table beside it for anyone who cannot see the chart."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapjournal.export.charts import chart_image, chart_svg, draw_score_chart
from kapjournal.export.report import ScoreTrend
from kapjournal.i18n import format_number, format_short, format_skeleton, trn
from kapjournal.prompts.answers import SEVERITY_LABELS
from kapjournal.services.journal import JournalService
from kapjournal.services.trends import Range, Trends, TrendService
from kapjournal.ui.panes.calendar import CalendarView
from kapjournal.ui.widgets import SpokenLabel, heading, muted, named, tr

Index = QModelIndex | QPersistentModelIndex


class Chart(QWidget):
    """One trend, painted by draw_score_chart at the widget's size and font."""

    def __init__(self, trend: ScoreTrend, sessions: list[datetime], name: str) -> None:
        super().__init__()
        self.trend = trend
        self.sessions = sessions
        first, last = trend.points[0], trend.points[-1]
        named(
            self,
            name,
            tr("{name} chart").format(name=trend.instrument),
            trn(
                "{n} value, {first} to {last}; the table beside it lists them.",
                "{n} values, {first} to {last}; the table beside it lists them.",
                len(trend.points),
            ).format(
                n=len(trend.points),
                first=format_number(first[1]),
                last=format_number(last[1]),
            ),
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 30, line * 10)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 16, line * 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().base())
            # The theme's own text and ground: readable in light and dark alike.
            ink = self.palette().color(QPalette.ColorRole.Text)
            area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
            draw_score_chart(painter, area, self.trend, self.font(), self.sessions, ink)
        finally:
            painter.end()


class ValuesModel(QAbstractTableModel):
    """A chart's values, newest first, formatted only when a row is shown (two years of
    daily check-ins are 730 rows; formatting them all would cost more than drawing)."""

    def __init__(self, trend: ScoreTrend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points = list(reversed(trend.points))
        self.headers = [tr("When"), tr("Value")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.points)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        when, value = self.points[index.row()]
        return format_short(when) if index.column() == 0 else format_number(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class TrendsPane(QScrollArea):
    def __init__(
        self, service: TrendService, journal: JournalService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        named(self, "trendsPane", tr("Trends"))
        self.service = service
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        self.setWidget(page)
        self.layout_ = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(heading(SpokenLabel("trendsHeading", tr("Heading"), tr("Trends")), 1.4))
        top.addStretch(1)
        self.range = named(QComboBox(), "trendsRange", tr("Time range"))
        for r in Range:
            self.range.addItem(r.label, r.value)
        self.range.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.range)
        self.layout_.addLayout(top)
        self.body = QVBoxLayout()
        self.layout_.addLayout(self.body)
        self.layout_.addWidget(
            heading(SpokenLabel("calendarHeading", tr("Heading"), tr("Calendar")))
        )
        self.calendar = CalendarView(journal)
        self.layout_.addWidget(self.calendar)
        self.layout_.addStretch(1)
        self.charts: list[Chart] = []

    def refresh(self) -> None:
        self.clear()
        data = self.service.trends(Range(self.range.currentData()))
        self._show(data)
        self.calendar.refresh()

    def clear(self) -> None:
        self.charts = []
        self.calendar.clear()
        while self.body.count():
            item = self.body.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.hide()
                w.deleteLater()

    def _show(self, data: Trends) -> None:
        sessions = list(data.sessions)
        add = self.body.addWidget
        add(heading(SpokenLabel("trendsQuestionnaires", tr("Heading"), tr("Questionnaires"))))
        if not data.questionnaires:
            add(SpokenLabel("noScores", tr("No results"), tr("No questionnaire in this range.")))
        for n, q in enumerate(data.questionnaires):
            words = " ".join(q.progress.sentences()) if q.progress else ""
            said = SpokenLabel(f"progress{n}", tr("How it moved"), words)
            said.setWordWrap(True)
            add(self._block(q.trend, sessions, f"scoreChart{n}", said))
        add(heading(SpokenLabel("trendsCheckIns", tr("Heading"), tr("Daily check-in"))))
        if not data.check_ins:
            add(SpokenLabel("noCheckIns", tr("No results"), tr("No check-in in this range.")))
        for n, t in enumerate(data.check_ins):
            add(self._block(t, sessions, f"checkInChart{n}", None))
        if data.side_effects:
            title = tr("Side effects after each session")
            add(heading(SpokenLabel("effectsHeading", tr("Heading"), title)))
            for n, row in enumerate(data.side_effects):
                rated = "; ".join(
                    tr("{line}: {level} of 3 ({label})").format(
                        line=tr(line), level=level, label=tr(SEVERITY_LABELS[level])
                    )
                    for line, level in row.effects
                )
                text = tr("Session of {when}: {rated}.").format(
                    when=format_skeleton(row.session.scheduled_at, "MMMd"), rated=rated
                )
                line_label = SpokenLabel(f"effects{n}", tr("Side effects"), text)
                line_label.setWordWrap(True)
                add(line_label)
        if data.lifts:
            add(heading(SpokenLabel("liftsHeading", tr("Heading"), tr("How long did it last"))))
            for n, lift in enumerate(data.lifts):
                line = SpokenLabel(f"lift{n}", tr("After a session"), lift.sentence())
                line.setWordWrap(True)
                add(line)
        note = muted(
            SpokenLabel(
                "trendsNote",
                tr("About these charts"),
                tr(
                    "Ticks under a chart mark your sessions. These are your own numbers, for "
                    "you and your therapist to talk about; they are not a diagnosis."
                ),
            )
        )
        note.setWordWrap(True)
        add(note)

    def _block(
        self, trend: ScoreTrend, sessions: list[datetime], name: str, said: SpokenLabel | None
    ) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 8)
        row = QHBoxLayout()
        chart = Chart(trend, sessions, name)
        self.charts.append(chart)
        row.addWidget(chart, 3)
        row.addWidget(self._table(trend, name), 1)
        layout.addLayout(row)
        if said is not None:
            layout.addWidget(said)
        save = named(
            QPushButton(tr("Save chart…")),
            f"{name}Save",
            tr("Save the {name} chart as PNG or SVG").format(name=trend.instrument),
        )
        save.clicked.connect(lambda: self.save_chart(trend, sessions))
        layout.addWidget(save, alignment=Qt.AlignmentFlag.AlignLeft)
        return box

    def _table(self, trend: ScoreTrend, name: str) -> QTableView:
        view = named(
            QTableView(), f"{name}Table", tr("{name} values").format(name=trend.instrument)
        )
        view.setModel(ValuesModel(trend, view))
        view.verticalHeader().hide()
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        # Wide enough for the newest date; measuring every row would format them all.
        sample = format_short(trend.points[-1][0])
        view.setColumnWidth(0, self.fontMetrics().horizontalAdvance(sample + "____"))
        view.setMaximumHeight(self.fontMetrics().height() * 10)
        return view

    def save_chart(self, trend: ScoreTrend, sessions: list[datetime], path: str = "") -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("Save chart"), f"{trend.instrument}.png", "PNG (*.png);;SVG (*.svg)"
            )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() == ".svg":
            target.write_text(chart_svg(trend, sessions), encoding="utf-8")
        else:
            target = target.with_suffix(".png")
            chart_image(trend, 1800, 600, self.font(), sessions).save(str(target))
