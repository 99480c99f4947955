"""Trends: questionnaire totals over their severity bands with how they moved since the
baseline, and the daily check-in's scales, drawn by the reports' own chart function. Each
chart has its numbers in a table beside it for anyone who cannot see the chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
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
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.export.charts import Mark, chart_image, chart_svg, draw_score_chart
from kapjournal.export.report import ScoreTrend, goal_trend
from kapjournal.i18n import format_number, format_short, format_skeleton, trn
from kapjournal.prompts.answers import SEVERITY_LABELS
from kapjournal.services.journal import JournalService
from kapjournal.services.trends import Range, Trends, TrendService
from kapjournal.ui.panes.calendar import CalendarView
from kapjournal.ui.panes.pictures import png_bytes
from kapjournal.ui.panes.rows_model import RowsModel
from kapjournal.ui.widgets import SpokenLabel, announce, heading, muted, named, tr

Index = QModelIndex | QPersistentModelIndex


class Chart(QWidget):
    """One trend, painted by draw_score_chart at the widget's size and font. The pointer or
    the arrow keys (Home, End) pick a value; it is drawn beside its dot and spoken."""

    def __init__(self, trend: ScoreTrend, sessions: list[Mark], name: str) -> None:
        super().__init__()
        self.trend = trend
        self.sessions = sessions
        self.drawn: list[QPointF] = []
        self.chosen: int | None = None
        first, last = trend.points[0], trend.points[-1]
        self.summary = trn(
            "{n} value, {first} to {last}; the table beside it lists them.",
            "{n} values, {first} to {last}; the table beside it lists them.",
            len(trend.points),
        ).format(n=len(trend.points), first=format_number(first[1]), last=format_number(last[1]))
        named(self, name, tr("{name} chart").format(name=trend.instrument), self.summary)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 30, line * 10)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 16, line * 10)

    def value_text(self, n: int) -> str:
        when, value = self.trend.points[n]
        return tr("{when}: {value}").format(when=format_short(when), value=format_number(value))

    def choose(self, n: int | None) -> None:
        if n is not None:
            n = max(0, min(len(self.trend.points) - 1, n))
        if n == self.chosen:
            return
        self.chosen = n
        self.setAccessibleDescription(self.value_text(n) if n is not None else self.summary)
        if n is not None and self.hasFocus():
            announce(self, self.value_text(n))
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        last = len(self.trend.points) - 1
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is not None:
            self.choose(last if self.chosen is None else self.chosen + step)
        elif event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.choose(0 if event.key() == Qt.Key.Key_Home else last)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.chosen is None:
            self.choose(len(self.trend.points) - 1)  # the latest value first

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.drawn:
            x = event.position().x()
            self.choose(min(range(len(self.drawn)), key=lambda n: abs(self.drawn[n].x() - x)))

    def leaveEvent(self, event: QEvent) -> None:
        if not self.hasFocus():
            self.choose(None)
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().base())
            # The theme's own text and ground: readable in light and dark alike.
            ink = self.palette().color(QPalette.ColorRole.Text)
            area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
            self.drawn = draw_score_chart(
                painter, area, self.trend, self.font(), self.sessions, ink
            )
            if self.chosen is not None and self.chosen < len(self.drawn):
                self._paint_value(painter, self.drawn[self.chosen], ink)
            if self.hasFocus():
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        finally:
            painter.end()

    def _paint_value(self, painter: QPainter, at: QPointF, ink: QColor) -> None:
        """A ring round the chosen dot and its date and value in a box beside it."""
        line = self.fontMetrics().height()
        painter.setPen(QPen(ink, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(at, line / 2.5, line / 2.5)
        text = self.value_text(self.chosen or 0)
        width = self.fontMetrics().horizontalAdvance(text) + line
        box = QRectF(at.x() + line / 2, at.y() - line * 1.6, width, line * 1.3)
        if box.right() > self.width() - 4:
            box.moveRight(at.x() - line / 2)
        if box.top() < 4:
            box.moveTop(at.y() + line * 0.4)
        painter.fillRect(box, self.palette().toolTipBase())
        painter.setPen(self.palette().color(QPalette.ColorRole.ToolTipText))
        painter.drawRect(box)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


class ValuesModel(RowsModel):
    """A chart's values, newest first, formatted only when a row is shown (two years of
    daily check-ins are 730 rows; formatting them all would cost more than drawing)."""

    def __init__(self, trend: ScoreTrend, parent: QWidget | None = None) -> None:
        super().__init__([tr("When"), tr("Value")], list(reversed(trend.points)), parent)

    def cell(self, row: Any, column: int) -> str:
        when, value = row
        return format_short(when) if column == 0 else format_number(value)


def file_name(title: str) -> str:
    """A chart's title as a file name any system accepts ("Goal 1: Walk…" -> "Goal 1 Walk")."""
    kept = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    return " ".join(kept.split())[:60] or "chart"


class TrendsPane(QScrollArea):
    """Emits `goals_requested()` to change the goals agreed with the therapist."""

    goals_requested = Signal()

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
        self._goals(data)
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
                    "Marks under a chart are your sessions, by kind. Point at a chart, or move "
                    "through it with the arrow keys, to read a value. These are your own "
                    "numbers, for you and your therapist to talk about; they are not a "
                    "diagnosis."
                ),
            )
        )
        note.setWordWrap(True)
        add(note)

    def _goals(self, data: Trends) -> None:
        """The goals agreed with the therapist: their words, how the ratings moved, a chart
        once there are two ratings; and the way to change them."""
        add = self.body.addWidget
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(heading(SpokenLabel("trendsGoals", tr("Heading"), tr("My goals"))), 1)
        edit = named(QPushButton(tr("Change my goals…")), "trendsGoalsEdit", tr("My goals"))
        edit.clicked.connect(self.goals_requested)
        row.addWidget(edit)
        box = QWidget()
        box.setLayout(row)
        add(box)
        if not data.goals:
            add(SpokenLabel("noGoals", tr("No results"), tr("No goals yet.")))
        sessions = list(data.sessions)
        for g in data.goals:
            said = SpokenLabel(
                f"goal{g.number}", tr("Goal"), f"{g.number}. {g.text}: {g.sentence()}"
            )
            said.setWordWrap(True)
            if len(g.ratings) > 1:
                add(self._block(goal_trend(g), sessions, f"goalChart{g.number}", said))
            else:
                add(said)

    def _block(
        self, trend: ScoreTrend, sessions: list[Mark], name: str, said: SpokenLabel | None
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

    def save_chart(self, trend: ScoreTrend, sessions: list[Mark], path: str = "") -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                tr("Save chart"),
                f"{file_name(trend.instrument)}.png",
                "PNG (*.png);;SVG (*.svg)",
            )
        if not path:
            return
        target = Path(path)
        content: str | bytes
        if target.suffix.lower() == ".svg":
            kind, content = "svg", chart_svg(trend, sessions)
        else:
            target = target.with_suffix(".png")
            kind = "png"
            content = png_bytes(chart_image(trend, 1800, 600, self.font(), sessions))
        try:  # atomic, and in the export history, like a report
            self.service.save_chart(target, content, kind)
        except StorageError as exc:
            QMessageBox.warning(self, tr("The chart was not saved"), str(exc))
