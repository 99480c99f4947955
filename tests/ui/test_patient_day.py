"""The patient's day (issue 9): 0 is an answer, panes follow a save, counts read right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kapjournal.domain import Phase
from kapjournal.ui.main_window import MainWindow


def test_a_scale_can_record_the_value_it_rests_on(qtbot: QtBot, unlocked: MainWindow) -> None:
    today = unlocked.today
    mood = today.scales[0]
    assert mood.slider.value() == 0 and not mood.answered
    mood.slider.setFocus()
    QTest.keyClick(mood.slider, Qt.Key.Key_Home)  # "0 Very low", where the slider rests
    assert mood.answered and mood.value_label.text() == "0"
    today.save_check_in()
    [entry] = unlocked.service.entries()
    assert {a.item_id: a.number for a in entry.answers}["mood"] == 0


def test_sessions_show_a_written_phase_at_once(qtbot: QtBot, unlocked: MainWindow) -> None:
    service = unlocked.service
    session = service.save_session(service.new_session())
    unlocked.sessions.refresh()

    def preparation_status() -> str:
        top = unlocked.sessions.tree.topLevelItem(0)
        return next(
            top.child(i).text(1)
            for i in range(top.childCount())
            if top.child(i).data(0, Qt.ItemDataRole.UserRole + 2) == Phase.PREPARATION.value
        )

    before = preparation_status()
    unlocked.open_phase(session.uid, Phase.PREPARATION.value)
    unlocked.editor.title.setText("Before my first session")
    unlocked.editor.mark_dirty()
    assert unlocked.editor.save_now()
    assert preparation_status() != before  # no restart, no manual refresh


def test_counts_read_as_a_person_would_say_them(qtbot: QtBot, unlocked: MainWindow) -> None:
    service = unlocked.service
    entry = service.free_entry()
    entry.body = "A single entry about the river."
    service.save_entry(entry)
    journal = unlocked.journal
    journal.refresh()
    assert journal.count.text() == "1 entry"
    journal.search.setText("river")
    qtbot.waitUntil(lambda: journal.count.text() == "1 best match", timeout=3000)
