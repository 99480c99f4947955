"""The check-in's scales as number chips: big enough to hit, reachable by keyboard alone, an
unanswered scale said as such, and no sideways scrolling at large text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.domain import Session
from kapjournal.services.journal import JournalService
from kapjournal.storage.repository import Repository
from kapjournal.ui import design
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.chips import ChipScale


def spoken(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name)


@pytest.fixture
def double_text() -> Iterator[None]:
    """The system's text at 200%, for one test."""
    font = QApplication.font()
    before = font.pointSizeF()
    font.setPointSizeF(before * 2)
    QApplication.setFont(font)
    QApplication.processEvents()
    yield
    font.setPointSizeF(before)
    QApplication.setFont(font)
    QApplication.processEvents()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_the_check_in_comes_first_under_the_title(unlocked: MainWindow) -> None:
    today = unlocked.today
    today.refresh()
    page = today.widget()
    assert page is not None
    layout = page.layout()
    assert layout is not None
    order = [layout.itemAt(i).widget() for i in range(layout.count())]
    assert order.index(today.day) < order.index(today.check_in_box)
    heading = today.findChild(QWidget, "openHeading")
    assert order.index(today.check_in_box) < order.index(heading), "before To do now"
    assert today.day.text().startswith("Today, ")
    assert [s.item.id for s in today.scales] == ["mood", "anxiety", "sleep"]


def test_chips_are_targets_that_grow_with_the_text(qtbot: QtBot, unlocked: MainWindow) -> None:
    mood = unlocked.today.scales[0]
    assert len(mood.chips) == 11 and [c.text() for c in mood.chips] == [str(n) for n in range(11)]
    small = mood.chips[10].height()
    for chip in mood.chips:
        assert chip.width() >= design.target() >= 24 and chip.height() >= design.target()
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    QApplication.setFont(font)
    try:
        qtbot.waitUntil(lambda: mood.chips[10].height() > small * 1.5)
        for chip in mood.chips:
            assert chip.width() >= design.target() and chip.height() >= design.target()
        value_font = mood.value_label.font().pointSizeF()
        assert value_font <= 0 or value_font >= font.pointSizeF() * 0.99
    finally:
        font.setPointSizeF(font.pointSizeF() / 2)
        QApplication.setFont(font)


def test_keyboard_alone_picks_a_value_and_saves_it(
    qtbot: QtBot, unlocked: MainWindow, side_repo: Repository
) -> None:
    today = unlocked.today
    mood = today.scales[0]
    today.focus_check_in()
    qtbot.waitUntil(mood.hasFocus)
    for _ in range(7):
        QTest.keyClick(focused(), Qt.Key.Key_Right)
    assert not mood.answered, "arrows move; they do not choose"
    assert spoken(focused()) == "Mood: 7"
    QTest.keyClick(focused(), Qt.Key.Key_Space)
    assert mood.number() == 7 and mood.chips[7].isChecked()
    assert mood.value_label.text() == "7" and mood.meaning.text() == "nearer “Very good”"
    QTest.keyClick(focused(), Qt.Key.Key_Left)
    QTest.keyClick(focused(), Qt.Key.Key_Return)  # Enter picks too, and the choice moves
    assert mood.number() == 6 and not mood.chips[7].isChecked()
    for _ in range(12):  # Tab on to the line about today, past the other scales
        if focused() is today.line:
            break
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is today.line
    QTest.keyClicks(today.line, "Quiet morning")
    QTest.keyClick(today.line, Qt.Key.Key_Return)
    assert today.check_in_status.text().startswith("Checked in today at")
    assert not mood.answered, "the form is ready for the next check-in"
    # Read back from the journal file, through a second connection's service.
    numbers = JournalService(side_repo).check_ins.check_in_numbers(None)
    assert [(item, value) for _when, item, value in numbers] == [("mood", 6)]


def test_an_unanswered_scale_says_so_and_stores_nothing(
    qtbot: QtBot, unlocked: MainWindow, side_repo: Repository
) -> None:
    today = unlocked.today
    mood, anxiety = today.scales[0], today.scales[1]
    for scale in today.scales:
        assert scale.value_label.text() == "not answered"
        assert spoken(scale.value_label) == "not answered"
        assert not scale.clear.isEnabled()
        assert all(c.isVisibleTo(unlocked) for c in scale.chips), "the numbers are shown"
    assert mood.low_end.text() == "0 Very low" and spoken(mood.low_end) == "0 Very low"
    assert mood.high_end.text() == "10 Very good" and spoken(mood.high_end) == "10 Very good"
    assert mood.low_end.isVisibleTo(unlocked) and mood.high_end.isVisibleTo(unlocked)
    assert spoken(mood.chips[0]) == "Mood: 0, Very low"
    assert spoken(mood.chips[10]) == "Mood: 10, Very good"
    assert spoken(mood.chips[4]) == "Mood: 4"
    today.save_check_in()
    assert today.check_in_status.text() == "Pick a number or write a line first."
    anxiety.pick(3)
    assert anxiety.value_label.text() == "3"
    anxiety.clear.click()
    assert anxiety.value_label.text() == "not answered" and not anxiety.answered
    anxiety.pick(0)  # 0 is an answer
    today.line.setText("Tired")
    today.save_check_in()
    numbers = JournalService(side_repo).check_ins.check_in_numbers(None)
    assert [(item, value) for _when, item, value in numbers] == [("anxiety", 0)]
    [entry] = JournalService(side_repo).entries()
    answers = {a.item_id: a for a in entry.answers}
    assert answers["mood"].number is None and answers["sleep"].number is None
    assert answers["one-line"].text == "Tired"


def test_delete_takes_an_answer_back(qtbot: QtBot, unlocked: MainWindow) -> None:
    sleep: ChipScale = unlocked.today.scales[2]
    sleep.pick(10)
    assert sleep.meaning.text() == "Very well"
    sleep.chips[10].setFocus()
    QTest.keyClick(sleep.chips[10], Qt.Key.Key_Delete)
    assert not sleep.answered and sleep.value_label.text() == "not answered"
    assert sleep.hasFocus(), "focus stays on the scale"


def test_large_text_in_a_narrow_window_needs_no_sideways_scroll(
    qtbot: QtBot, unlocked: MainWindow, double_text: None
) -> None:
    service = unlocked.service  # a session to confirm: its card's buttons are the widest row
    service.course.save_session(
        Session(scheduled_at=datetime.now().astimezone() - timedelta(hours=2))
    )
    unlocked.show_pane("today")
    unlocked.resize(900, 800)
    today = unlocked.today
    today.refresh()
    assert any(c.moved_button is not None for c in today.cards)
    mood = today.scales[0]
    qtbot.waitUntil(lambda: mood.chips[0].height() >= design.target())
    qtbot.waitUntil(lambda: unlocked.width() <= 900)
    QApplication.processEvents()
    assert not today.horizontalScrollBar().isVisible()
    assert today.horizontalScrollBar().maximum() == 0
    right = today.viewport().width()
    for chip in mood.chips:
        assert chip.mapTo(today.viewport(), chip.rect().topRight()).x() <= right
        assert chip.height() >= design.target()
    where = mood.chips[0].mapTo(today.widget(), mood.chips[0].rect().topLeft())
    mood.pick(10)  # the large value and its meaning appear: the chips stay where they were
    QApplication.processEvents()
    assert mood.chips[0].mapTo(today.widget(), mood.chips[0].rect().topLeft()) == where
    assert mood.value_label.text() == "10" and mood.value_label.isVisibleTo(unlocked)
