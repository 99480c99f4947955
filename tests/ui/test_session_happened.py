"""Today asks "Did your session happen?" once a planned session's time has passed: yes marks it
done and opens its recall; a moved session gets its new date; "it did not happen" can be undone."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kapjournal.domain import Phase, Session, SessionStatus
from kapjournal.prompts.schedule import DueKind
from kapjournal.services.journal import JournalService
from kapjournal.storage.repository import Repository
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.due_card import DueCard
from kapjournal.ui.panes.sessions import SessionDialog
from tests.ui.conftest import now


def plan(window: MainWindow, hours_from_now: float, status: SessionStatus) -> Session:
    return window.service.course.save_session(
        Session(scheduled_at=now() + timedelta(hours=hours_from_now), status=status)
    )


def session_cards(window: MainWindow) -> list[DueCard]:
    return [
        c
        for c in window.today.cards
        if c.card.due.kind is DueKind.CONFIRM_SESSION and c.isVisibleTo(window)
    ]


def test_the_question_comes_only_after_a_planned_session_s_time(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    plan(unlocked, 3, SessionStatus.PLANNED)  # later today
    plan(unlocked, -26, SessionStatus.DONE)  # yesterday, already marked
    unlocked.today.refresh()
    assert session_cards(unlocked) == [], "not before its time, not for one marked done"
    passed = plan(unlocked, -3, SessionStatus.PLANNED)  # this morning, an hour long
    unlocked.today.refresh()
    [card] = session_cards(unlocked)
    assert card.card.due.session_uid == passed.uid
    assert card.title.text() == "Did your session happen?"
    assert card.detail.text().startswith("Planned for ")
    assert card.go.text() == "Yes, it happened"
    assert card.moved_button is not None and card.no.text() == "It did not happen"
    assert unlocked.today.cards[0] is card, "asked before anything else to do"


def test_yes_marks_it_done_and_opens_its_recall(
    qtbot: QtBot, unlocked: MainWindow, side_repo: Repository
) -> None:
    passed = plan(unlocked, -2, SessionStatus.PLANNED)
    unlocked.today.refresh()
    unlocked.sessions.refresh()
    [card] = session_cards(unlocked)
    card.go.click()
    stored = JournalService(side_repo).course.session(passed.uid)
    assert stored is not None and stored.status is SessionStatus.DONE
    assert unlocked.current_pane() == "journal"
    entry = unlocked.editor.entry
    assert entry is not None and entry.phase is Phase.RECALL and entry.session_uid == passed.uid
    assert session_cards(unlocked) == [], "asked once"
    top = unlocked.sessions.tree.topLevelItem(0)
    assert top is not None and top.text(1) == SessionStatus.DONE.label, "Sessions follows"


def test_a_moved_session_gets_its_new_date(
    qtbot: QtBot, unlocked: MainWindow, side_repo: Repository
) -> None:
    passed = plan(unlocked, -2, SessionStatus.PLANNED)
    today = unlocked.today
    today.refresh()
    [card] = session_cards(unlocked)
    assert card.moved_button is not None

    def give_it_a_new_date() -> None:  # the session's own dialog, as Sessions opens it
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SessionDialog) and w.isVisible()
        )
        dialog.when.setDateTime(dialog.when.dateTime().addDays(2))
        dialog.accept()

    QTimer.singleShot(100, give_it_a_new_date)
    card.moved_button.click()
    stored = JournalService(side_repo).course.session(passed.uid)
    assert stored is not None and stored.status is SessionStatus.PLANNED
    assert stored.scheduled_at > now() + timedelta(days=1)
    assert session_cards(unlocked) == [], "its time has not come yet"


def test_it_did_not_happen_leaves_it_planned_and_can_be_undone(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    passed = plan(unlocked, -2, SessionStatus.PLANNED)
    today = unlocked.today
    today.refresh()
    [card] = session_cards(unlocked)
    card.no.click()
    assert session_cards(unlocked) == []
    assert today.undo_text.text().endswith("stays in your course as planned.")
    stored = unlocked.service.course.session(passed.uid)
    assert stored is not None and stored.status is SessionStatus.PLANNED
    today.undo_button.click()
    assert len(session_cards(unlocked)) == 1
