"""Trends: charts drawn from the stored numbers, their tables, and how each score moved."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton, QTableView
from pytestqt.qtbot import QtBot

from kapjournal.domain import Session, SessionStatus
from kapjournal.services.trends import Range
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.widgets import SpokenLabel
from tests.ui.conftest import now


def test_series_match_the_stored_data_and_progress_is_said(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, tmp_path: Path
) -> None:
    service = unlocked.service
    start = now() - timedelta(days=20)
    service.course.save_session(
        Session(scheduled_at=start + timedelta(days=7), status=SessionStatus.DONE)
    )
    inst = service.questionnaires.instrument("phq9")
    assert inst is not None
    for days, value in ((0, 2), (14, 1)):  # 18 before the session, 9 after
        service.clock = lambda d=days: start + timedelta(days=d)
        service.questionnaires.record_questionnaire(
            "phq9", {i.id: value for i in inst.scored_items}
        )
    service.clock = now
    for mood in (3, 5, 7):
        service.check_ins.save_check_in({"mood": mood})
    unlocked.show_pane("trends")
    pane = unlocked.trends
    assert pane.range.currentData() == Range.COURSE.value
    [phq, *checkins] = pane.charts
    assert [p[1] for p in phq.trend.points] == [18, 9]
    assert [p[1] for p in checkins[0].trend.points] == [3, 5, 7]
    progress = pane.findChild(SpokenLabel, "progress0")
    assert progress is not None
    assert "PHQ-9: 18 on " in progress.text() and "9 points lower" in progress.text()
    values = pane.findChild(QTableView, "scoreChart0Table")
    assert values is not None and values.model().index(0, 1).data() == "9", "newest first"
    assert "chart" in phq.accessibleName() and "table beside it" in phq.accessibleDescription()
    image = phq.grab().toImage()
    middle = {image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}
    assert image.width() > 100 and len(middle) > 2, "bands and a line are drawn"
    lift = pane.findChild(SpokenLabel, "lift0")
    assert lift is not None and "no check-ins in the week before" in lift.accessibleName()
    png, svg = tmp_path / "phq.png", tmp_path / "phq.svg"
    pane.save_chart(phq.trend, phq.sessions, str(png))  # .png: PNG
    pane.save_chart(phq.trend, phq.sessions, str(svg))
    assert png.read_bytes()[:4] == b"\x89PNG" and "<svg" in svg.read_text()
    assert controller.opened is not None
    saved = [(r.format, r.destination) for r in controller.opened.reports.history()]
    assert saved[:2] == [("chart-svg", str(svg)), ("chart-png", str(png))], "in the history"


def test_keyboard_and_pointer_read_a_chart_s_values_and_sessions_show_their_kind(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from kapjournal.domain import SessionKind

    service = unlocked.service
    start = now() - timedelta(days=30)
    for days, kind in ((2, SessionKind.INDUCTION), (20, SessionKind.BOOSTER)):
        service.course.save_session(
            Session(scheduled_at=start + timedelta(days=days), status=SessionStatus.DONE, kind=kind)
        )
    for days, mood in ((1, 3), (10, 6), (25, 8)):
        service.clock = lambda d=days: start + timedelta(days=d)
        service.check_ins.save_check_in({"mood": mood})
    service.clock = now
    unlocked.show_pane("trends")
    [chart, *_] = unlocked.trends.charts
    assert [k for _w, k in chart.sessions] == [SessionKind.INDUCTION, SessionKind.BOOSTER]
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    assert chart.chosen == 2 and chart.accessibleDescription().endswith(": 8"), "latest first"
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.accessibleDescription().endswith(": 6")
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.chosen == 0 and chart.accessibleDescription().endswith(": 3")
    image = chart.grab().toImage()  # paints it: the value box is drawn beside the dot
    assert len(chart.drawn) == 3 and not image.isNull()
    at = QPointF(chart.drawn[1].x() + 2, chart.drawn[1].y())
    move = QMouseEvent(
        QEvent.Type.MouseMove, at, chart.mapToGlobal(at), Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(chart, move)
    assert chart.chosen == 1, "the value nearest the pointer"


def test_the_calendar_colours_days_by_mood_and_lists_a_day_s_entries(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    from PySide6.QtCore import QDate

    from kapjournal.ui.panes.mood_days import VIRIDIS, mood_colour

    service = unlocked.service
    for mood in (2, 6):
        service.check_ins.save_check_in({"mood": mood})
    unlocked.show_pane("trends")
    view = unlocked.trends.calendar
    today = now().date()
    assert view.calendar.moods[today] == 4, "the day's mean mood"
    assert mood_colour(0).name() == VIRIDIS[0] and mood_colour(10).name() == VIRIDIS[-1]
    view.calendar.setSelectedDate(QDate(today.year, today.month, today.day))
    assert "Mood 4 of 10." in view.day.accessibleName()
    assert view.entries.count() == 2
    item = view.entries.item(0)
    view.entries.itemActivated.emit(item)
    assert unlocked.current_pane() == "journal"
    assert unlocked.editor.entry is not None and unlocked.editor.entry.template_id.endswith(
        "check-in"
    )


def test_side_effects_are_listed_per_session(qtbot: QtBot, unlocked: MainWindow) -> None:
    service = unlocked.service
    session = service.course.save_session(
        Session(scheduled_at=now() - timedelta(days=2), status=SessionStatus.DONE)
    )
    recall = service.start_entry("kapjournal.core/recall", session.uid)
    effects = next(a for a in recall.answers if a.kind == "checklist")
    effects.choices = ["Nausea", "Headache"]
    effects.severities = {"Nausea": 1, "Headache": 2}
    service.save_entry(recall)
    unlocked.show_pane("trends")
    line = unlocked.trends.findChild(SpokenLabel, "effects0")
    assert line is not None
    assert "Nausea: 1 of 3 (mild)" in line.text() and "Headache: 2 of 3 (moderate)" in line.text()


def test_the_year_view_colours_a_year_of_moods_and_opens_a_day_in_the_month(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    from PySide6.QtCore import Qt

    from kapjournal.ui.panes.mood_days import mood_colour

    service = unlocked.service
    for mood in (2, 6):
        service.check_ins.save_check_in({"mood": mood})
    unlocked.show_pane("trends")
    view = unlocked.trends.calendar
    view.mode.setCurrentIndex(1)
    today = now().date()
    grid = view.year
    assert grid.year == today.year and grid.moods[today] == 4
    row = view.months.rows[today.month - 1]
    assert row[1] == 1 and row[2] == 4, "one day with a mood, mean 4"
    image = grid.grab().toImage()
    centre = grid.cell(today).center().toPoint()
    assert image.pixelColor(centre).name() == mood_colour(4).name()
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    grid.choose(today)
    assert "Mood 4 of 10." in grid.accessibleDescription()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert view.mode.currentData() == "month"
    assert view.calendar.selectedDate().toPython() == today
    view.mode.setCurrentIndex(1)
    qtbot.mouseClick(view.findChild(QPushButton, "yearEarlier"), Qt.MouseButton.LeftButton)
    assert grid.year == today.year - 1 and view.months.rows[today.month - 1][1] == 0


def test_a_chart_that_cannot_be_saved_says_so_and_writes_nothing(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from PySide6.QtWidgets import QMessageBox

    service = unlocked.service
    for total in (1, 2):
        service.questionnaires.record_questionnaire(
            "phq9", {f"phq9_{n}": total // 2 for n in range(1, 10)}
        )
    unlocked.show_pane("trends")
    pane = unlocked.trends
    phq = pane.charts[0]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    target = tmp_path / "no such folder" / "phq.png"
    pane.save_chart(phq.trend, phq.sessions, str(target))
    assert len(said) == 1 and "\n" not in said[0] and not target.exists()
    assert controller.opened is not None and controller.opened.reports.history() == []
