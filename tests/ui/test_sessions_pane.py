"""Sessions: the next session as a card, the course numbered newest first, Delete kept apart."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.domain import Phase, Session, SessionKind, SessionStatus
from kapjournal.i18n import format_day_and_time, format_skeleton
from kapjournal.ui import design
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.next_session import days_away
from kapjournal.ui.panes.sessions import NOT_WRITTEN, SessionDialog, SessionsPane
from tests.ui.conftest import now

DAY = timedelta(days=1)


def plan(main: MainWindow, when: datetime, **kw: object) -> Session:
    return main.service.course.save_session(Session(scheduled_at=when, **kw))  # type: ignore[arg-type]


def titles(pane: SessionsPane) -> list[str]:
    return [pane.tree.topLevelItem(i).text(0) for i in range(pane.tree.topLevelItemCount())]


def shown(unlocked: MainWindow) -> SessionsPane:
    unlocked.show_pane("sessions")
    pane = unlocked.sessions
    pane.refresh()
    return pane


def test_sessions_are_numbered_from_the_oldest_and_listed_newest_first(
    unlocked: MainWindow,
) -> None:
    t = now().replace(hour=10, minute=0, second=0, microsecond=0)
    # Saved out of order: the number is the session's place in time, not when it was typed.
    later = plan(unlocked, t + 5 * DAY, kind=SessionKind.BOOSTER)
    first = plan(unlocked, t - 20 * DAY, status=SessionStatus.DONE)
    plan(unlocked, t - 3 * DAY, status=SessionStatus.DONE)
    pane = shown(unlocked)
    listed = titles(pane)
    assert [s.split(" · ")[0] for s in listed] == ["Session 3", "Session 2", "Session 1"]
    day = format_skeleton(
        later.scheduled_at, "MMMd" if later.scheduled_at.year == t.year else "yMMMd"
    )
    assert listed[0] == f"Session 3 · {day} · Booster"
    assert listed[2].endswith(" · Induction")
    assert pane.tree.topLevelItem(2).data(0, Qt.ItemDataRole.UserRole + 1) == first.uid
    phases = [pane.tree.topLevelItem(0).child(i).text(0) for i in range(3)]
    assert phases == ["Preparation", "Recall", "Integration"]


def test_the_card_shows_the_soonest_future_session_and_writes_its_preparation(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    t = now()
    plan(unlocked, t - 2 * DAY, status=SessionStatus.DONE)
    plan(unlocked, t + 9 * DAY)
    plan(unlocked, t + 3 * DAY, status=SessionStatus.DONE)  # done: not to come, whatever its date
    soon = plan(unlocked, t + 2 * DAY, kind=SessionKind.BOOSTER, clinic="Harbour Clinic")
    pane = shown(unlocked)
    card = pane.card
    assert card.isVisible() and not card.none.isVisible()
    assert card.when.text() == format_day_and_time(soon.scheduled_at)
    assert card.away.text() == "In 2 days"
    assert (
        card.what.text().startswith("Session 2 · Booster") and "Harbour Clinic" in card.what.text()
    )
    assert card.accessibleName().startswith("Next session: ")
    assert card.prepare.text().replace("&", "") == "Write preparation"
    with qtbot.waitSignal(pane.open_phase) as opened:
        qtbot.mouseClick(card.prepare, Qt.MouseButton.LeftButton)
    assert opened.args == [soon.uid, Phase.PREPARATION.value]
    entry = unlocked.editor.entry
    assert entry is not None and entry.phase is Phase.PREPARATION and entry.session_uid == soon.uid


def test_how_soon_counts_days_on_the_wall_clock() -> None:
    evening = datetime(2026, 3, 2, 22, 0).astimezone()
    assert days_away(evening + timedelta(hours=1), evening) == "Today"
    assert days_away(evening + timedelta(hours=3), evening) == "Tomorrow"  # 3 hours, next day
    assert days_away(evening + 6 * DAY, evening) == "In 6 days"


def test_with_no_session_to_come_the_card_says_so_and_plans_one(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    plan(unlocked, now() - 8 * DAY, status=SessionStatus.DONE)
    plan(unlocked, now() - DAY)  # planned, but its time has passed: not "next"
    pane = shown(unlocked)
    card = pane.card
    assert card.none.isVisible() and "No session is planned" in card.none.text()
    assert not card.prepare.isVisible() and not card.change.isVisible()
    assert card.add.isVisible() and card.add.text().replace("&", "") == "Plan a session…"
    assert card.accessibleName() == "Next session: none planned"

    def accept() -> None:
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SessionDialog) and w.isVisible()
        )
        dialog.accept()

    QTimer.singleShot(100, accept)
    qtbot.mouseClick(card.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.prepare.isVisible())  # the pane refreshed from `changed`
    assert card.away.text() == "Tomorrow"  # a new session is planned for tomorrow at 10
    assert card.add.accessibleName() == "Plan another session"
    assert len(titles(pane)) == 3


def test_a_phase_not_written_shows_a_dash_and_says_not_written(unlocked: MainWindow) -> None:
    plan(unlocked, now() + DAY)
    pane = shown(unlocked)
    top = pane.tree.topLevelItem(0)
    prep = top.child(0)
    assert prep.text(1) == NOT_WRITTEN and "not started" not in prep.text(1)
    assert prep.data(1, Qt.ItemDataRole.AccessibleTextRole) == "not written"
    # What a screen reader is given for that cell: the words, not the dash.
    tree = QAccessible.queryAccessibleInterface(pane.tree)
    cells = [tree.child(i) for i in range(tree.childCount())]
    spoken = [c.text(QAccessible.Text.Name) for c in cells if c.role() == QAccessible.Role.TreeItem]
    # Two cells a row: the session, then its phases, each followed by its status.
    phases = ["Preparation", "Recall", "Integration"]
    assert spoken[2:8] == [w for p in phases for w in (p, "not written")]
    assert NOT_WRITTEN not in spoken


def neighbours(button: QPushButton) -> list[QPushButton]:
    """The other visible buttons on the same row as `button`."""
    row = button.mapTo(button.window(), button.rect().center()).y()
    return [
        b
        for b in button.window().findChildren(QPushButton)
        if b is not button
        and b.isVisible()
        and abs(b.mapTo(b.window(), b.rect().center()).y() - row) < button.height() // 2
    ]


def test_delete_stands_apart_and_still_asks(qtbot: QtBot, unlocked: MainWindow) -> None:
    session = plan(unlocked, now() + DAY)
    pane = shown(unlocked)
    unlocked.resize(unlocked.minimumSizeHint())  # the narrowest the window goes
    qtbot.waitUntil(lambda: unlocked.width() <= unlocked.minimumSizeHint().width() + 1)
    pane.tree.setCurrentItem(pane.tree.topLevelItem(0))
    delete = pane.delete_button
    assert delete.isEnabled() and not delete.isDefault()
    others = neighbours(delete)
    assert others, "the row's other buttons"
    left = delete.mapTo(unlocked, delete.rect().topLeft()).x()
    for b in others:
        right = b.mapTo(unlocked, b.rect().topRight()).x()
        assert right < left, f"{b.objectName()} is right of Delete"
        assert left - right >= design.space(6), f"Delete is next to {b.objectName()}"
        assert not b.isDefault()

    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No), "Enter keeps it"
        box.button(button).click()

    QTimer.singleShot(100, lambda: answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert asked and "Entries written for it stay" in asked[0]
    assert unlocked.service.course.session(session.uid) is not None, "no means no"
    pane.tree.setCurrentItem(pane.tree.topLevelItem(0))
    QTimer.singleShot(100, lambda: answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and unlocked.service.course.sessions() == []
    assert pane.empty.isVisible() and pane.card.none.isVisible()


def test_the_keyboard_reaches_every_button(qtbot: QtBot, unlocked: MainWindow) -> None:
    plan(unlocked, now() - 4 * DAY, status=SessionStatus.DONE)
    plan(unlocked, now() + 4 * DAY)
    pane = shown(unlocked)
    unlocked.activateWindow()
    pane.tree.setFocus()
    qtbot.waitUntil(pane.tree.hasFocus)
    QTest.keyClick(pane.tree, Qt.Key.Key_Down)  # onto a session: its buttons wake
    assert pane.tree.currentItem() is not None
    wanted = {b.objectName() for b in pane.findChildren(QPushButton) if b.isVisible()}
    assert {"nextPrepare", "nextEdit", "addSession", "openPhase", "deleteSession"} <= wanted
    reached: set[str] = set()
    for _ in range(60):
        w = QApplication.focusWidget()
        assert isinstance(w, QWidget)
        reached.add(w.objectName())
        if wanted <= reached:
            break
        QTest.keyClick(w, Qt.Key.Key_Tab)
    assert wanted <= reached, wanted - reached
    # Each button has its own Alt key on this pane.
    keys = [
        b.text()[b.text().index("&") + 1].lower()
        for b in pane.findChildren(QPushButton)
        if b.isVisible() and "&" in b.text()
    ]
    assert len(keys) == len(set(keys)) == len(wanted), keys
