"""PHQ-9 item 9 counts once the answer is settled: arrow keys moving through its options and a
click corrected within the item open no crisis screen and leave no flag; leaving the item,
answering the next one or saving settles it, and then the flag does not wait."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from kapjournal.ui.actions import ActionId
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.crisis import CrisisDialog
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.questionnaire import QuestionnaireItem


def phq9(window: MainWindow) -> QuestionnaireItem:
    window.start_entry("kapjournal.core/phq9")
    item = next(w for w in window.editor.item_widgets if isinstance(w, QuestionnaireItem))
    item.form.one_at_a_time.setChecked(False)  # the whole form (one at a time: its own tests)
    QApplication.processEvents()  # laid out before it is clicked
    return item


def option(item: QuestionnaireItem, item_id: str, value: int) -> QRadioButton:
    button = item.form.groups[item_id].button(value)
    assert isinstance(button, QRadioButton)
    return button


def press(button: QRadioButton) -> None:
    """A mouse click on the round indicator."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def crises(controller: AppController) -> list[CrisisDialog]:
    return [d for d in controller.dialogs if isinstance(d, CrisisDialog)]


def test_arrow_keys_through_item_9_and_back_to_0_leave_no_flag(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    unlocked.show()
    q = phq9(unlocked)
    press(option(q, "phq9_1", 1))  # an answer to save: focus moving saves it
    first = option(q, "phq9_9", 0)
    press(first)
    assert first.hasFocus() and first.isChecked()
    # The options sit in one row: Right, Down, Left pass through 1, 2 and 1.
    for key, value in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_Down, 2), (Qt.Key.Key_Left, 1)):
        QTest.keyClick(unlocked.focusWidget(), key)
        assert option(q, "phq9_9", value).isChecked(), "the arrows moved through the options"
        assert not crises(controller), "no crisis screen while the answer is moving"
    QTest.keyClick(unlocked.focusWidget(), Qt.Key.Key_Up)
    assert first.isChecked()
    QTest.keyClick(unlocked.focusWidget(), Qt.Key.Key_Tab)  # leaves the item: settled at 0
    unlocked.editor.save_now()
    service = unlocked.service
    assert service.safety.flag_history() == [] and not crises(controller)
    [result] = service.questionnaires.measures("phq9")
    assert result.answers == {"phq9_1": 1, "phq9_9": 0} and result.flags == []


def test_leaving_item_9_on_a_positive_answer_flags_at_once(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    unlocked.show()
    q = phq9(unlocked)
    press(option(q, "phq9_9", 0))
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Left):
        QTest.keyClick(unlocked.focusWidget(), key)
    assert option(q, "phq9_9", 2).isChecked() and not crises(controller)
    QTest.keyClick(unlocked.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in crises(controller)))
    [record] = unlocked.service.safety.flag_history()
    assert record.rule == "phq9-item9"
    [result] = unlocked.service.questionnaires.measures("phq9")
    assert result.answers["phq9_9"] == 2, "the answer as settled, not one passed through"


def test_a_click_corrected_within_the_item_leaves_no_flag(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    unlocked.show()
    q = phq9(unlocked)
    press(option(q, "phq9_9", 3))  # a mis-click
    press(option(q, "phq9_9", 0))  # corrected
    press(option(q, "phq9_difficulty", 1))
    assert unlocked.service.safety.flag_history() == [] and not crises(controller)
    [result] = unlocked.service.questionnaires.measures("phq9")
    assert result.answers == {"phq9_9": 0, "phq9_difficulty": 1}


def test_saving_settles_an_answer_still_under_the_cursor(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    """A mouse click on item 9 and then Save (Ctrl+S), focus never having left the item."""
    unlocked.show()
    q = phq9(unlocked)
    press(option(q, "phq9_9", 1))
    assert not crises(controller)
    unlocked.actions_[ActionId.SAVE].trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in crises(controller)))
    assert [r.rule for r in unlocked.service.safety.flag_history()] == ["phq9-item9"]


def test_the_autosave_does_not_settle_an_answer_that_may_still_move(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    unlocked.show()
    q = phq9(unlocked)
    press(option(q, "phq9_9", 2))
    with qtbot.waitSignal(unlocked.editor.saved, timeout=10_000):
        unlocked.editor.title.setText("Sunday")  # typing elsewhere: the autosave follows
    assert option(q, "phq9_9", 2).hasFocus()
    assert unlocked.service.safety.flag_history() == [] and not crises(controller)
