"""The practice window as the app runs it: `kapjournal --practice`, File > Open practice in
the journal's window, lock and close, and a screen reader's walk through the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.services.keys import KeyStore
from kapjournal.services.practice import OpenPractice, create_practice
from kapjournal.settings import Settings
from kapjournal.ui.actions import ActionId
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.practice.app import PracticeController
from kapjournal.ui.practice.unlock import PracticeUnlockDialog
from kapjournal.ui.practice.window import PracticeWindow
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE
from tests.ui.test_accessibility import missing_names, not_keyboard_reachable
from tests.ui.test_practice_support import (  # noqa: F401 (fixtures)
    Made,
    reports_fixture,
    shown_html,
    store_fixture,
    window_fixture,
)


def test_a_screen_reader_walk_through_the_window(
    qtbot: QtBot, window: PracticeWindow, store: OpenPractice, reports: dict[str, Made]
) -> None:
    window.add_reports([str(p) for p in reports["Ana"].reports])
    window.choose(store.practice.find("Ana").key)
    shown_html(qtbot, window)
    assert window.patient.charts
    assert not missing_names(window)
    assert not not_keyboard_reachable(window)
    for action in window.actions_.values():  # every action has its key or its letter
        assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    assert window.actions_["actionPracticeLock"].shortcut().toString() == "Ctrl+L"
    # A sighted reader's words are a screen reader's words: labels keep their text.
    flag = window.patient.findChild(QWidget, "openFlag0")
    assert flag is not None and "PHQ-9 item 9" in flag.accessibleName()
    notes = window.patient.notes
    assert notes.text.accessibleDescription() == notes.truth.text()
    window.search.setFocus()
    order = []
    widget: QWidget | None = window.search
    for _ in range(6):  # Tab moves on from the search field to the list, then on
        assert widget is not None
        order.append(widget.objectName())
        widget = widget.nextInFocusChain()
    assert "patientsTable" in order


def test_dialogs_are_named_too(qtbot: QtBot, tmp_path: Path, no_keychain: KeyStore) -> None:
    for path in (tmp_path / "new.kappractice", tmp_path / "old.kappractice"):
        if path.name.startswith("old"):
            create_practice(path, PASSPHRASE).lock()
        dialog = PracticeUnlockDialog(path, no_keychain)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not missing_names(dialog)
        assert not not_keyboard_reachable(dialog)
    wait_for_tasks()


def test_lock_clears_the_window_and_asks_for_the_passphrase_again(
    qtbot: QtBot, tmp_path: Path, no_keychain: KeyStore, store: OpenPractice
) -> None:
    path = store.path
    controller = PracticeController(path, Settings(), no_keychain, standalone=False)
    controller.on_opened(store, False)
    window = controller.window
    assert window is not None and window.isVisible()
    window.choose(store.practice.find("Ben").key)
    assert window.patient.course is not None
    window.actions_["actionPracticeLock"].trigger()
    assert controller.window is None and not store.is_open
    assert window.patient.course is None and window.model.rowCount() == 0
    dialog = controller.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.passphrase.text() == "" and dialog.keychain_note.text() == ""
    dialog.passphrase.setText(PASSPHRASE)
    dialog.submit()
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    again = controller.window
    assert again is not None and again.model.rowCount() == 2
    finished: list[bool] = []
    controller.finished.connect(lambda: finished.append(True))
    again.close()  # closing the window locks the store
    assert finished and controller.opened is None
    wait_for_tasks()


def test_idle_time_locks_it(qtbot: QtBot, no_keychain: KeyStore, store: OpenPractice) -> None:
    controller = PracticeController(store.path, Settings(), no_keychain, standalone=False)
    controller.on_opened(store, False)
    controller.idle.set_interval_ms(50)
    qtbot.waitUntil(lambda: controller.window is None, timeout=5000)
    assert not store.is_open and controller.dialog is not None
    controller.dialog.reject()
    wait_for_tasks()


def test_file_open_practice_in_the_journal_window(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, paths: Paths
) -> None:
    action = unlocked.actions_[ActionId.OPEN_PRACTICE]
    menus = [m for m in unlocked.menuBar().findChildren(QMenu) if action in m.actions()]
    assert menus, "File > Open practice is in the journal's menu"
    action.trigger()
    practice = controller.practice
    assert practice is not None and practice.dialog is not None
    dialog = practice.dialog
    assert dialog.path == paths.default_practice and dialog.creating()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.submit()
    qtbot.waitUntil(lambda: practice.window is not None, timeout=10_000)
    assert paths.default_practice.exists()
    assert controller.main is unlocked and unlocked.isVisible()  # the journal stays open
    assert practice.window is not None
    practice.window.close()
    assert controller.practice is None
    wait_for_tasks()


def test_kapjournal_practice_from_the_command_line(qtbot: QtBot, tmp_path: Path) -> None:
    """`kapjournal --practice --vault FILE`: the unlock dialog for that file; cancelling it
    ends the app."""
    from kapjournal.cli.main import main

    target = tmp_path / "mine.kappractice"
    create_practice(target, PASSPHRASE).lock()
    seen: list[Path] = []

    def look() -> None:
        found = [
            w for w in QApplication.topLevelWidgets()
            if isinstance(w, PracticeUnlockDialog) and w.isVisible()
        ]  # fmt: skip
        if not found:
            QTimer.singleShot(20, look)
            return
        seen.append(found[0].path)
        found[0].reject()

    QTimer.singleShot(0, look)
    assert main(["--practice", "--vault", str(target)]) == 0
    assert seen == [target]
    wait_for_tasks()
