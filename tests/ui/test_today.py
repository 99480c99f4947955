"""Today as cards: one action each, "not this time" with undo, older items behind a count,
an empty day said kindly, and scales that look unanswered until answered."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kapjournal.domain import Session, SessionStatus
from kapjournal.prompts.schedule import DueKind
from kapjournal.ui.main_window import MainWindow
from tests.ui.conftest import now


def session_yesterday(window: MainWindow, days: float = 0.2) -> Session:
    service = window.service
    return service.course.save_session(
        Session(scheduled_at=now() - timedelta(days=days), status=SessionStatus.DONE)
    )


def card_titles(window: MainWindow) -> list[str]:
    return [c.title.text() for c in window.today.cards if c.isVisibleTo(window)]


def test_cards_start_skip_and_undo(qtbot: QtBot, unlocked: MainWindow) -> None:
    session_yesterday(unlocked)
    today = unlocked.today
    today.refresh()
    titles = card_titles(unlocked)
    assert titles[0] == "Right after the session", "recall first: it fades within a day"
    assert any(t.startswith("Questionnaires: PHQ-9 and GAD-7") for t in titles)
    recall = today.cards[0]
    assert recall.go.accessibleName() == "Write now: Right after the session"

    recall.no.click()
    assert "Right after the session" not in card_titles(unlocked)
    assert today.undo_bar.isVisibleTo(unlocked)
    assert today.undo_text.accessibleName() == "Skipped: Right after the session."
    assert today.undo_text.last_announced == "Skipped: Right after the session."
    assert today.undo_button.hasFocus(), "keyboard and screen reader land on Undo"
    today.undo_button.click()
    assert card_titles(unlocked)[0] == "Right after the session"
    assert not today.undo_bar.isVisibleTo(unlocked)

    today.cards[0].go.click()
    assert unlocked.current_pane() == "journal"
    assert unlocked.editor.entry is not None
    assert unlocked.editor.entry.template_id == "kapjournal.core/recall"


def test_skips_survive_a_relaunch_of_the_page(qtbot: QtBot, unlocked: MainWindow) -> None:
    today = unlocked.today
    today.refresh()
    [questionnaires] = [c for c in today.cards if c.card.due.kind is DueKind.QUESTIONNAIRE]
    questionnaires.no.click()
    today.clear()
    today.refresh()
    assert not [c for c in today.cards if c.card.due.kind is DueKind.QUESTIONNAIRE]


def test_an_empty_day_says_so_and_offers_a_free_entry(qtbot: QtBot, unlocked: MainWindow) -> None:
    today = unlocked.today
    today.refresh()
    for card in list(today.cards):
        today.skip(card.card)
    assert today.cards == []
    assert today.empty.isVisibleTo(unlocked)
    assert "Nothing needs you right now" in today.empty.accessibleName()
    today.free_entry.click()
    assert unlocked.editor.entry is not None and unlocked.editor.entry.template_id == ""


def test_missed_windows_wait_behind_a_count(qtbot: QtBot, unlocked: MainWindow) -> None:
    session_yesterday(unlocked, days=6)  # recall and "+1 day", "+3 days" all passed
    today = unlocked.today
    today.refresh()
    toggle = today.older_toggle
    assert toggle.isVisibleTo(unlocked)
    older = [c for c in today.cards if today.older_box.indexOf(c) >= 0]
    assert len(older) == 3 and not any(c.isVisibleTo(unlocked) for c in older)
    assert toggle.accessibleName() == "3 older open items"
    assert "Its time passed" in older[0].detail.text()
    toggle.click()
    assert all(c.isVisibleTo(unlocked) for c in older)
    assert toggle.text().startswith("▾")


def test_check_in_says_whether_today_is_done(qtbot: QtBot, unlocked: MainWindow) -> None:
    today = unlocked.today
    today.refresh()
    assert today.check_in_status.text() == "Not yet today."
    today.scales[0].pick(4)
    today.save_check_in()
    assert today.check_in_status.text().startswith("Checked in today at")
    assert today.check_in_status.last_announced.startswith("Checked in today at")


def test_an_untouched_scale_shows_no_value_and_a_click_chooses_one(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    mood = unlocked.today.scales[0]
    chip = mood.chips[7]
    assert not mood.answered and mood.value_label.text() == "not answered"
    iface = QAccessible.queryAccessibleInterface(chip)
    assert iface is not None
    assert iface.text(QAccessible.Text.Description).startswith("Not answered yet.")
    image_before = chip.grab().toImage()
    QTest.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert mood.answered and mood.number() == 7
    assert not iface.text(QAccessible.Text.Description).startswith("Not answered")
    assert chip.grab().toImage() != image_before, "the chosen chip looks chosen"
    mood.clear.click()
    assert not mood.answered and mood.number() is None


def test_acknowledging_a_flag_ends_the_banner_and_keeps_crisis_help(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    service = unlocked.service
    service.questionnaires.record_questionnaire("phq9", {"phq9_9": 1})
    today = unlocked.today
    today.refresh()
    assert today.banner.isVisibleTo(unlocked)
    button = today.findChild(QPushButton, "acknowledge_therapist")
    assert button is not None and button.text() == "I have talked this through with my therapist"
    button.click()
    assert not today.banner.isVisibleTo(unlocked), "acknowledged: the banner ends"
    assert "Noted: I have talked this through with my therapist" in today.support.text()
    [ack] = service.safety.acknowledgements()
    assert ack.reason == "therapist"
    today.refresh()
    assert not today.banner.isVisibleTo(unlocked), "and stays ended"
    assert [r.rule for r in service.safety.flag_history()] == ["phq9-item9"], "the flag is kept"
