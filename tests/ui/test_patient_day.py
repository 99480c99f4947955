"""The patient's day (issue 9): 0 is an answer, panes follow a save, counts read right."""

from __future__ import annotations

from importlib import resources

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kapjournal.domain import Phase
from kapjournal.paths import Paths
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.registry import PANES


def test_a_scale_can_record_the_value_it_rests_on(qtbot: QtBot, unlocked: MainWindow) -> None:
    today = unlocked.today
    mood = today.scales[0]
    assert not mood.answered
    mood.setFocus()
    QTest.keyClick(mood.chips[0], Qt.Key.Key_Space)  # "0 Very low"
    assert mood.answered and mood.value_label.text() == "0"
    today.save_check_in()
    [entry] = unlocked.service.entries()
    assert {a.item_id: a.number for a in entry.answers}["mood"] == 0


def test_sessions_show_a_written_phase_at_once(qtbot: QtBot, unlocked: MainWindow) -> None:
    service = unlocked.service
    session = service.course.save_session(service.course.new_session())
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
    qtbot.waitUntil(lambda: journal.count.text() == "1 match, best first", timeout=3000)


def test_first_run_reaches_crisis_help_and_escape_does_not_claim_a_locked_journal(
    qtbot: QtBot, controller: AppController
) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from kapjournal.ui.dialogs.crisis import CrisisDialog

    controller.start()
    dialog = controller.create_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.findChild(QAbstractButton, "createCrisis"), Qt.MouseButton.LeftButton)
    crisis = next(d for d in controller.dialogs if isinstance(d, CrisisDialog))
    assert "988" in crisis.findChild(QLabel, "crisisText").text()
    crisis.close()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    QTest.keyClick(dialog, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(isinstance(d, CrisisDialog) for d in controller.dialogs))
    for d in list(controller.dialogs):
        d.close()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    unlock = controller.unlock_window
    assert unlock is not None and unlock.isVisible()
    title = unlock.findChild(QLabel, "unlockTitle").text()
    assert "No journal here yet" in title and "locked" not in title


def test_windows_fit_a_1280_by_800_screen_at_200_percent_text(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, paths: Paths
) -> None:
    """Each pane scrolls or wraps rather than growing: at twice the text size the smallest
    each window can be still fits a small laptop screen, and no window opens larger than
    the screen unless its minimum forces it."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from kapjournal.services.opening import open_journal
    from tests.conftest import PASSPHRASE

    laptop = QSize(1280, 800 - 30)  # less a panel
    font = QApplication.font()
    base = font.pointSizeF()
    font.setPointSizeF(base * 2)
    QApplication.setFont(font)
    try:
        controller.lock()
        unlock = controller.unlock_window
        assert unlock is not None
        assert unlock.minimumSizeHint().boundedTo(laptop) == unlock.minimumSizeHint()
        controller.on_unlocked(open_journal(paths.default_vault, passphrase=PASSPHRASE), False)
        main = controller.main
        assert main is not None
        free = main.screen().availableGeometry().size()
        assert main.size().boundedTo(free.expandedTo(main.minimumSizeHint())) == main.size()
        for spec in PANES:
            main.show_pane(spec.key)
            QApplication.processEvents()
            need = main.minimumSizeHint()
            assert need.boundedTo(laptop) == need, (spec.key, need)
        main.resize(laptop)
        for page in ("kapjournal.core/recall", "kapjournal.core/preparation"):
            main.start_entry(page)
            QApplication.processEvents()
            need = main.minimumSizeHint()
            assert need.boundedTo(laptop) == need, (page, need)
            page_width = main.editor.scroller.widget().minimumSizeHint().width()
            assert page_width <= main.editor.scroller.viewport().width(), "nothing cut off"
    finally:
        font.setPointSizeF(base)
        QApplication.setFont(font)


def test_long_choices_wrap_and_their_words_tick_the_box(qtbot: QtBot, unlocked: MainWindow) -> None:
    from PySide6.QtWidgets import QCheckBox, QLabel

    unlocked.start_entry("kapjournal.core/recall")
    editor = unlocked.editor
    box = next(b for b in editor.findChildren(QCheckBox) if "_line" in b.objectName())
    words = next(
        w for w in box.parentWidget().findChildren(QLabel) if w.text() == box.accessibleName()
    )
    assert words.wordWrap() and box.accessibleName()
    assert not box.isChecked()
    QTest.mouseClick(words, Qt.MouseButton.LeftButton)
    assert box.isChecked()


def tab_stops(window: MainWindow, start: QWidget, until: QWidget) -> list[str]:
    from PySide6.QtWidgets import QApplication

    start.setFocus()
    stops = []
    for _ in range(80):
        w = QApplication.focusWidget()
        if w is until:
            return stops
        stops.append(w.objectName())
        QTest.keyClick(w, Qt.Key.Key_Tab)
    raise AssertionError(f"never reached {until.objectName()}: {stops}")


def test_one_tab_stop_per_answer_and_keys_for_preview_private_and_clear(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    unlocked.start_entry("kapjournal.core/preparation")
    editor = unlocked.editor
    first = editor.item_widgets[0]
    stops = tab_stops(unlocked, first.editor.edit, editor.title)
    answers = [s for s in stops if s.startswith("item_")]
    assert not [s for s in answers if s.endswith(("_private", "PreviewToggle", "_clear"))], stops
    assert answers[0] == "item_intention_text" and answers[1] == "item_weighing_text"
    assert stops.index("entryBody") > stops.index(answers[-1]), "then Anything else"
    # No keyboard hints above the questions: each toggle says its key, and Help lists them.
    assert "editorKeys" not in {w.objectName() for w in editor.findChildren(QWidget)}
    assert first.private.accessibleDescription() and first.editor.toggle.accessibleDescription()
    guide = (resources.files("kapjournal") / "docs" / "user-guide.md").read_text("utf-8")
    assert "Ctrl+Shift+P" in guide and "Ctrl+Shift+H" in guide

    unlocked.activateWindow()  # shortcuts, like a person's keys, go to the active window
    qtbot.waitUntil(unlocked.isActiveWindow)
    text = first.editor.edit
    text.setFocus()
    QTest.keyClicks(text, "**open**")
    window = unlocked.windowHandle()  # through the window system, as shortcuts need

    def keys(key: Qt.Key) -> None:
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        QTest.keyClick(window, key, ctrl_shift)

    keys(Qt.Key.Key_P)
    assert first.editor.toggle.isChecked(), "shortcut fired"
    assert first.editor.preview.hasFocus() and "open" in first.editor.preview.toPlainText()
    keys(Qt.Key.Key_P)
    assert text.hasFocus()
    keys(Qt.Key.Key_H)
    assert first.private.isChecked()
    assert "never exported" in editor.status.accessibleName()

    scale = next(w for w in editor.item_widgets if hasattr(w, "slider"))
    scale.slider.setFocus()
    QTest.keyClick(scale.slider, Qt.Key.Key_End)
    assert scale.answered
    QTest.keyClick(scale.slider, Qt.Key.Key_Delete)
    assert not scale.answered


def test_search_shows_a_page_at_a_time_and_counts_every_match(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    service = unlocked.service
    for i in range(60):
        entry = service.free_entry()
        entry.body = f"By the river, day {i}."
        service.save_entry(entry)
    journal = unlocked.journal
    journal.search.setText("river")
    qtbot.waitUntil(lambda: journal.model.search_text == "river", timeout=3000)
    assert journal.count.text() == "60 matches, best first"
    model = journal.model
    assert model.rowCount() < 60 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 60
    uids = {model.index(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(60)}
    assert len(uids) == 60, "no entry twice across pages"


def test_empty_panes_say_what_to_do_next(qtbot: QtBot, unlocked: MainWindow) -> None:
    sessions, journal = unlocked.sessions, unlocked.journal
    sessions.refresh()
    unlocked.show_pane("sessions")
    assert sessions.empty.isVisible() and "Plan your first one" in sessions.empty.text()
    unlocked.service.course.save_session(unlocked.service.course.new_session())
    sessions.refresh()
    assert not sessions.empty.isVisible()
    journal.refresh()
    assert journal.count.accessibleName().startswith("Nothing written yet.")
    journal.search.setText("lighthouse")
    qtbot.waitUntil(lambda: journal.model.search_text == "lighthouse", timeout=3000)
    assert journal.count.text() == "Nothing matches “lighthouse”. Fewer or shorter words find more."


def test_a_very_broad_search_shows_the_latest_added_first_and_says_so(
    qtbot: QtBot, unlocked: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kapjournal.ui.panes import journal as pane_module

    monkeypatch.setattr(pane_module, "BROAD", 5)  # stands in for a thousand matches
    service = unlocked.service
    for i in range(8):
        entry = service.free_entry()
        entry.title = f"River {i}"
        entry.body = "river " * (8 - i)  # the earliest ranks best
        service.save_entry(entry)
    journal = unlocked.journal
    journal.search.setText("river")
    qtbot.waitUntil(lambda: journal.model.search_text == "river", timeout=3000)
    assert not journal.model.ranked
    assert journal.count.text().startswith("8 matches, latest added first")
    assert journal.model.index(0).data(Qt.ItemDataRole.DisplayRole).startswith("River 7")
    journal.search.setText("river 7")
    qtbot.waitUntil(lambda: journal.model.search_text == "river 7", timeout=3000)
    assert journal.model.ranked and journal.count.text() == "1 match, best first"


def test_pages_where_risk_may_be_written_say_nobody_monitors_the_journal(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    from kapjournal.ui.widgets import SpokenLabel

    for page, said in (
        ("kapjournal.core/recall", True),
        ("kapjournal.core/integration", True),
        ("kapjournal.core/preparation", False),
    ):
        unlocked.start_entry(page)
        line = unlocked.editor.findChild(SpokenLabel, "nobodyMonitors")
        assert (line is not None) is said, page
        if line is not None:
            assert "Nobody monitors this journal" in line.accessibleName()
    unlocked.new_free_entry()
    assert unlocked.editor.findChild(SpokenLabel, "nobodyMonitors") is not None
