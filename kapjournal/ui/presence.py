"""The app's presence on the desktop while the journal may be closed: reminders (kept as
times only), the actions of their notifications, and a tray icon where the desktop has a
tray. None of it shows journal content; each way in leads through the unlock window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from kapjournal.i18n import tr
from kapjournal.ui.reminders import CHECK_IN, Reminders, times_for

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.settings import Settings


class Presence(QObject):
    open_requested = Signal()
    check_in_requested = Signal()
    crisis_requested = Signal()
    lock_requested = Signal()
    quit_requested = Signal()

    def __init__(self, store: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reminders = Reminders(self, store=store)
        self.reminders.action.connect(self._notification_action)
        self.tray: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.lock_action: QAction | None = None

    def plan(self, journal: JournalService, settings: Settings) -> None:
        """Reminder times from the open journal; kept without content for while it is locked."""
        self.reminders.set_times(times_for(journal, settings))

    def _notification_action(self, key: str) -> None:
        (self.check_in_requested if key == CHECK_IN else self.open_requested).emit()

    # -- tray --------------------------------------------------------------------------------
    def show_tray(self, force: bool = False) -> bool:
        """A tray icon where a tray exists (or when `force`d, for tests); True when shown."""
        if self.tray is not None:
            return True
        if not (force or QSystemTrayIcon.isSystemTrayAvailable()):
            return False
        app = QApplication.instance()
        icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
        self.tray = QSystemTrayIcon(icon, self)
        self.tray.setToolTip(tr("kapjournal"))  # never a count or a title: a lock screen
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.menu.setAccessibleName(tr("kapjournal"))
        entries = (
            ("trayOpen", tr("Open kapjournal"), self.open_requested),
            ("trayCheckIn", tr("Check in…"), self.check_in_requested),
            ("trayCrisis", tr("Crisis help"), self.crisis_requested),
            ("trayLock", tr("Lock"), self.lock_requested),
            ("trayQuit", tr("Quit"), self.quit_requested),
        )
        for name, text, signal in entries:
            if name == "trayQuit":
                self.menu.addSeparator()
            action = self.menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(signal)
            if name == "trayLock":
                self.lock_action = action
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._activated)
        self.tray.show()
        self.set_unlocked(False)
        return True

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def set_unlocked(self, unlocked: bool) -> None:
        if self.lock_action is not None:
            self.lock_action.setEnabled(unlocked)

    def hide_tray(self) -> None:
        if self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
        if self.menu is not None:
            self.menu.deleteLater()
            self.menu = None
