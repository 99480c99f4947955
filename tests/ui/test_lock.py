"""Locking always completes: with a save that cannot be made, and with any modal dialog open."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE, child_env


def test_lock_completes_when_the_last_save_cannot_be_made(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, side_repo: Repository
) -> None:
    unlocked.new_free_entry()
    qtbot.keyClicks(unlocked.editor.body.edit, "words typed just before the idle lock")
    # Another kapjournal holds the write lock; the app waits only briefly for it here.
    unlocked.service._repo.vault.conn.execute("PRAGMA busy_timeout = 50")  # noqa: SLF001
    with side_repo.vault.transaction():
        controller.lock()
    assert controller.main is None and controller.opened is None
    unlock = controller.unlock_window
    assert unlock is not None and unlock.isVisible()
    said = unlock.error.text()
    assert "could not be saved" in said and "Another kapjournal" in said


def _plan_a_session(main: MainWindow) -> None:
    service = main.service
    service.course.save_session(service.course.new_session())
    main.sessions.refresh()
    main.sessions.tree.setCurrentItem(main.sessions.tree.topLevelItem(0))


def _delete_entry(main: MainWindow, _c: AppController) -> None:
    main.new_free_entry()
    main.delete_entry()


def _delete_session(main: MainWindow, _c: AppController) -> None:
    _plan_a_session(main)
    main.sessions.delete_session()


def _edit_session(main: MainWindow, _c: AppController) -> None:
    _plan_a_session(main)
    main.sessions.edit_session()


MODALS: dict[str, Callable[[MainWindow, AppController], None]] = {
    "delete entry question": _delete_entry,
    "delete session question": _delete_session,
    "session dialog": _edit_session,
    "new session dialog": lambda m, _c: m.sessions.add_session(),
    "settings dialog": lambda _m, c: c.show_settings(),
    "prompt packs dialog": lambda _m, c: c.show_packs(),
    "restore: choosing the file": lambda _m, c: c.restore_backup(),
    "change passphrase dialog": lambda _m, c: c.change_passphrase(),
    "report dialog": lambda _m, c: c.show_export("report"),
    "archive question": lambda _m, c: c.show_export("archive"),
}


@pytest.mark.parametrize("name", list(MODALS))
def test_lock_with_a_modal_dialog_open(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, name: str
) -> None:
    seen: list[str] = []

    def lock_now() -> None:
        modal = QApplication.activeModalWidget()
        seen.append(type(modal).__name__ if modal else "")
        controller.lock()  # as the idle timer or the screen-lock signal would

    QTimer.singleShot(300, lock_now)
    MODALS[name](unlocked, controller)  # returns when its dialog closes (or at once if open())
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: controller.main is None, timeout=5000)
    assert seen != [""], "the lock came while the dialog was open"
    assert controller.opened is None and QApplication.activeModalWidget() is None
    assert controller.unlock_window is not None and controller.unlock_window.isVisible()


def test_a_terminal_cannot_swap_the_journal_under_the_app(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, paths: Paths, tmp_path: Path
) -> None:
    """The reported loss: unlock, `kapjournal passwd` in a terminal, type ("Saved"), lock."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.write_text(PASSPHRASE)
    new.write_text("a brand new passphrase")
    r = subprocess.run(
        [sys.executable, "-m", "kapjournal", "passwd", "--passphrase-file", str(old),
         "--new-passphrase-file", str(new)],
        capture_output=True, text=True, timeout=60,
        env=child_env(KAPJOURNAL_HOME=str(paths.home)),
    )  # fmt: skip
    assert r.returncode == 1 and "open in another kapjournal" in r.stderr
    unlocked.new_free_entry()
    qtbot.keyClicks(unlocked.editor.body.edit, "typed after the terminal tried")
    assert unlocked.editor.save_now() and unlocked.editor.status.text() == "Saved"
    controller.lock()
    with Vault.unlock(paths.default_vault, Secret(passphrase=PASSPHRASE)) as v:
        assert [e.body for e in Repository(v).entries()] == ["typed after the terminal tried"]


def test_unlocking_returns_to_the_answer_being_written(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    unlocked.start_entry("kapjournal.core/preparation")
    answer = unlocked.editor.item_widgets[1].editor.edit
    answer.setFocus()
    qtbot.keyClicks(answer, "what I am weighing")
    name = answer.objectName()
    uid = unlocked.editor.entry.uid  # type: ignore[union-attr]
    controller.lock()
    unlock = controller.unlock_window
    assert unlock is not None
    unlock.passphrase.setText(PASSPHRASE)
    unlock.submit()
    qtbot.waitUntil(lambda: controller.main is not None, timeout=15_000)
    main = controller.main
    assert main is not None
    assert main.current_pane() == "journal"
    assert main.editor.entry is not None and main.editor.entry.uid == uid
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() == name
    assert main.editor.item_widgets[1].editor.text() == "what I am weighing"


LOCKS: dict[str, Callable[[AppController], None]] = {
    "idle time": lambda c: c.idle.set_interval_ms(10),  # the idle timer runs out at once
    "the Lock command": lambda c: c.lock(),
    "the screen lock": lambda c: c.system_lock.locked.emit(),
}


@pytest.mark.parametrize("how", list(LOCKS))
def test_a_lock_with_crisis_help_open_closes_the_journal_and_keeps_the_numbers(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, how: str
) -> None:
    """Crisis help on screen no longer holds the journal open (issue 22, item 7): the idle lock
    comes as any lock does, and the numbers stay on screen, over the unlock window, without
    the safety plan."""
    from kapjournal.ui.dialogs.crisis import CrisisDialog
    from tests.ui.test_flows import visible_texts

    plan = unlocked.service.open_safety_plan()
    plan.answers[0].text = "Not answering messages."
    unlocked.service.save_entry(plan)
    unlocked.new_free_entry()
    qtbot.keyClicks(unlocked.editor.body.edit, "a-word-written-today")
    controller.show_crisis("")

    def shown(dialog: QWidget) -> str:
        words = [w.text() for w in dialog.findChildren(QLabel)]
        words += [w.toPlainText() for w in dialog.findChildren(QTextBrowser)]
        return " ".join(words)

    [before] = [d for d in controller.dialogs if isinstance(d, CrisisDialog)]
    assert "Not answering messages" in shown(before), "unlocked, it shows the safety plan"
    opened = controller.opened
    assert opened is not None and "a-word-written-today" in visible_texts()
    with qtbot.waitSignal(unlocked.destroyed, timeout=5000):  # with the dialogs it held
        LOCKS[how](controller)
    assert controller.main is None and controller.opened is None and not opened.is_open
    assert opened.admin.key_for_keychain == "", "the key left memory with the journal"
    words = visible_texts()
    assert "a-word-written-today" not in words and "Not answering messages" not in words
    unlock = controller.unlock_window
    assert unlock is not None and unlock.isVisible()
    [crisis] = [d for d in controller.dialogs if isinstance(d, CrisisDialog)]
    assert crisis.isVisible() and crisis.parent() is unlock, "over the unlock window"
    assert crisis.isWindow() and crisis.windowType() == Qt.WindowType.Dialog
    assert "988" in shown(crisis) and "Not answering messages" not in shown(crisis)
    assert not controller.idle.timer.isActive(), "locked: nothing left to lock"
    with Vault.unlock(controller.paths.default_vault, Secret(passphrase=PASSPHRASE)) as v:
        assert "a-word-written-today" in [e.body for e in Repository(v).entries()]


def test_a_pane_registered_once_is_cleared_by_the_lock(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    """A new pane is one add_pane(): the lock's wipe clears it, list views included (the
    lock test reads the contents of list, table and tree views too)."""
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QListView

    from kapjournal.ui.panes.registry import PaneSpec
    from tests.ui.test_flows import visible_texts

    class NotesPane(QListView):
        def __init__(self) -> None:
            super().__init__()
            self.setModel(QStringListModel(["a-word-from-the-journal"]))

        def clear(self) -> None:
            self.setModel(QStringListModel([]))

    notes = NotesPane()
    unlocked.add_pane(PaneSpec("notes", "Notes"), notes, (notes,))
    unlocked.show_pane("notes")
    assert unlocked.current_pane() == "notes"
    assert "a-word-from-the-journal" in visible_texts(), "the check reads list views"
    controller.lock()
    qtbot.waitUntil(lambda: controller.main is None)
    assert "a-word-from-the-journal" not in visible_texts()
