"""The tray, the start at login, and reminder times kept (times only) across a restart."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from kapjournal import autostart
from kapjournal.domain import Session
from kapjournal.services.opening import open_journal
from kapjournal.settings import Settings
from kapjournal.storage.vault import Vault
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.settings import SettingsDialog
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.presence import Presence
from tests.ui.conftest import PASSPHRASE, now


def test_reminder_times_are_kept_without_content_and_read_at_the_next_start(
    unlocked: MainWindow, controller: AppController
) -> None:
    service = unlocked.service
    service.course.save_session(Session(scheduled_at=now() + timedelta(hours=5)))
    controller.settings.check_in_time = "23:59"
    controller.presence.plan(service, controller.settings)
    store = controller.paths.reminders_file
    kept = json.loads(store.read_text())
    assert list(kept) == ["times"] and kept["times"]
    assert all(datetime.fromisoformat(t) > now() for t in kept["times"]), "times only"
    again = Presence(store)  # a new start, the journal still locked
    assert again.reminders.times == controller.presence.reminders.times
    assert again.reminders.timer.isActive()


def test_the_tray_menu_opens_checks_in_and_helps_without_the_journal(
    qtbot: QtBot, controller: AppController
) -> None:
    Vault.create(controller.paths.default_vault, PASSPHRASE).lock()
    assert controller.presence.show_tray(force=True)
    controller.start(background=True)  # at login: the tray, no window
    assert controller.unlock_window is None or not controller.unlock_window.isVisible()
    menu = controller.presence.menu
    assert menu is not None
    actions = {a.objectName(): a for a in menu.findChildren(QAction) if a.objectName()}
    assert not actions["trayLock"].isEnabled(), "nothing to lock yet"
    assert controller.presence.tray is not None
    assert controller.presence.tray.toolTip() == "kapjournal", "no count, no title"
    actions["trayCheckIn"].trigger()
    assert controller.check_in_next and controller.unlock_window is not None
    qtbot.waitUntil(controller.unlock_window.isVisible)
    controller.unlock_window.close()
    assert controller.unlock_window.isHidden(), "started at login, it waits in the tray"
    controller.on_unlocked(
        open_journal(controller.paths.default_vault, passphrase=PASSPHRASE), False
    )
    main = controller.main
    assert main is not None and main.current_pane() == "today"
    assert actions["trayLock"].isEnabled()
    main.show_pane("journal")
    actions["trayCheckIn"].trigger()  # while open: straight to the check-in
    assert main.current_pane() == "today"
    qtbot.waitUntil(main.today.scales[0].hasFocus)
    actions["trayCrisis"].trigger()
    assert any(d.objectName() == "crisisDialog" for d in controller.dialogs)
    actions["trayLock"].trigger()
    assert controller.main is None and not actions["trayLock"].isEnabled()


def test_without_a_tray_a_start_at_login_shows_the_unlock_window_minimised(
    qtbot: QtBot, controller: AppController
) -> None:
    Vault.create(controller.paths.default_vault, PASSPHRASE).lock()
    controller.start(background=True)  # the offscreen platform has no tray
    assert controller.unlock_window is not None
    qtbot.waitUntil(controller.unlock_window.isVisible)
    assert controller.unlock_window.isMinimized()


def test_settings_turn_the_start_at_login_on_and_off(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for wanted in (True, False):
        dialog = SettingsDialog(Settings())
        qtbot.addWidget(dialog)
        box = dialog.findChild(QCheckBox, "startAtLogin")
        assert box is not None and box.accessibleName() and box.isChecked() is not wanted
        box.setChecked(wanted)
        dialog.apply()
        assert autostart.is_enabled() is wanted
        assert (tmp_path / "config" / "autostart" / "kapjournal.desktop").exists() is wanted
