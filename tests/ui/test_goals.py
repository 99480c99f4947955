"""Goals agreed with the therapist, through the app: set in My goals (keyboard alone), rated
weekly on Today's card with the same chips as the check-in, shown on Trends."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.services.goals import GoalDraft
from kapjournal.ui.actions import ActionId
from kapjournal.ui.dialogs.goals import GoalsDialog
from kapjournal.ui.main_window import MainWindow


def open_dialog(window: MainWindow, qtbot: QtBot) -> GoalsDialog:
    window.actions_[ActionId.GOALS].trigger()
    qtbot.waitUntil(lambda: window.findChild(GoalsDialog) is not None)
    dialog = window.findChild(GoalsDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_today_offers_goals_until_there_are_some(unlocked: MainWindow) -> None:
    card = unlocked.today.goal_card
    unlocked.today.refresh()
    assert card.isVisibleTo(unlocked.today)
    assert card.question.text().startswith("No goals yet.")
    assert not card.save.isVisibleTo(card)


def test_goals_set_by_keyboard_are_rated_on_today_and_shown_on_trends(
    unlocked: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_dialog(unlocked, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    first = dialog.findChild(QLineEdit, "goal1")
    assert first is not None and first.hasFocus()  # the first line, ready to type
    QTest.keyClicks(first, "Walk to the sea on Sundays")
    QTest.keyClick(first, Qt.Key.Key_Tab)  # to its lock
    lock = QApplication.focusWidget()
    assert lock is not None and lock.objectName() == "goalPrivate1"
    QTest.keyClick(lock, Qt.Key.Key_Tab)  # past End (disabled: a new goal) to the next line
    second = QApplication.focusWidget()
    assert isinstance(second, QLineEdit) and second.objectName() == "goal2"
    QTest.keyClicks(second, "Say no once a week")
    QTest.keyClick(second, Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # goal 2 private
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(second, Qt.Key.Key_Return)
    goals = unlocked.service.goals.open_goals()
    assert [(g.text, g.private) for g in goals] == [
        ("Walk to the sea on Sundays", False),
        ("Say no once a week", True),
    ]
    card = unlocked.today.goal_card
    assert [s.item.prompt for s in card.scales] == [g.text for g in goals]
    chip = card.findChild(QPushButton, "goalRating1_6")
    assert chip is not None
    chip.click()
    card.save.click()
    [rating] = unlocked.service.goals.ratings()
    assert (rating.goal_uid, rating.value) == (goals[0].uid, 6)
    assert [s.item.prompt for s in card.scales] == ["Say no once a week"]  # still to rate
    card.scales[0].chips[2].click()
    card.save.click()
    assert card.scales == [] and card.question.text().startswith("Rated this week.")
    unlocked.trends.refresh()
    trends = unlocked.trends
    [said] = [w for w in trends.findChildren(QWidget, "goal1") if not w.isHidden()]
    assert said.accessibleName().startswith("1. Walk to the sea on Sundays: Rated 6 of 10 on ")


def test_a_fourth_goal_cannot_be_typed_and_too_long_words_are_refused_in_a_sentence(
    unlocked: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_dialog(unlocked, qtbot)
    assert len(dialog.rows) == 3  # no fourth line to type in
    dialog.rows[0].line.setMaxLength(10_000)  # as if pasted past the field's limit
    dialog.rows[0].line.setText("x" * 400)
    dialog.save()
    assert dialog.isVisible() and "up to 300 characters" in dialog.problem.text()
    assert unlocked.service.goals.goals() == []


def test_end_frees_a_line_and_keeps_the_old_goal_with_its_ratings(
    unlocked: MainWindow, qtbot: QtBot
) -> None:
    goals = unlocked.service.goals
    [old] = goals.set_goals([GoalDraft(None, "Sleep before midnight")])
    goals.rate({old.uid: 4})
    dialog = open_dialog(unlocked, qtbot)
    end = dialog.findChild(QPushButton, "goalEnd1")
    assert end is not None and end.isEnabled()
    end.click()
    dialog.rows[0].line.setText("Call my sister")
    dialog.save()
    every = {g.text: g for g in goals.goals()}
    assert every["Sleep before midnight"].ended_at is not None
    assert every["Call my sister"].ended_at is None
    assert [r.goal_uid for r in goals.ratings()] == [old.uid]


def test_a_picked_rating_survives_a_refresh_and_locking_leaves_no_goal_on_screen(
    unlocked: MainWindow,
) -> None:
    unlocked.service.goals.set_goals([GoalDraft(None, "Swim on Fridays")])
    today = unlocked.today
    today.refresh()
    today.goal_card.scales[0].chips[4].click()
    today.refresh()  # as after a save anywhere else in the app
    assert today.goal_card.scales[0].number() == 4
    unlocked.wipe()  # what locking does to every pane
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts = [w.text() for w in today.findChildren(QLabel)]
    assert not any("Swim on Fridays" in t for t in texts)
    assert today.goal_card.scales == []
