"""The practice window's controller: unlock or create the store, show the window, lock on
Ctrl+L, idle time or the screen locking, and lock whenever the window closes.

`kapjournal --practice` runs it on its own (`run_practice`); the journal's File menu opens
the same one over the journal's window (`AppController.show_practice`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kapjournal.i18n import trn
from kapjournal.paths import Paths
from kapjournal.services.keys import KeyStore
from kapjournal.services.practice import OpenPractice
from kapjournal.settings import Settings
from kapjournal.ui.idle import IdleWatcher, SystemLockWatcher
from kapjournal.ui.practice.unlock import PracticeUnlockDialog
from kapjournal.ui.practice.window import PracticeWindow
from kapjournal.ui.widgets import close_modal_dialogs


class PracticeController(QObject):
    """Emits `finished` once the practice is closed (locked, no window left). With
    `standalone`, that ends the app."""

    finished = Signal()

    def __init__(
        self,
        path: Path,
        settings: Settings,
        keys: KeyStore | None = None,
        *,
        standalone: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.settings = settings
        self.keys = keys or KeyStore()
        self.standalone = standalone
        self.parent_widget = parent
        self.dialog: PracticeUnlockDialog | None = None
        self.window: PracticeWindow | None = None
        self.opened: OpenPractice | None = None
        self.idle = IdleWatcher(0, self)
        self.idle.idle.connect(lambda: self.lock(idle=True))
        self.system_lock = SystemLockWatcher(self)
        self.system_lock.locked.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            app.aboutToQuit.connect(self._close_store)  # a quit elsewhere closes it too

    def start(self, after_lock: bool = False, why: str = "") -> None:
        """The unlock (or, on first use, create) dialog."""
        dialog = PracticeUnlockDialog(self.path, self.keys, self.parent_widget)
        dialog.opened.connect(self.on_opened)
        dialog.rejected.connect(self._cancelled)
        if after_lock:
            dialog.require_passphrase()
        if why:
            dialog.keychain_note.setText(why)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _cancelled(self) -> None:
        self.dialog = None
        if self.window is None:
            self._finish()

    def on_opened(self, opened: OpenPractice, _remember: bool) -> None:
        self.opened = opened
        self.path = opened.path
        self.dialog = None
        window = PracticeWindow(opened, self.settings.backups_kept)
        window.lock_requested.connect(self.lock)
        window.close_requested.connect(self.close)
        self.window = window
        window.show()
        window.raise_()
        window.activateWindow()
        self.idle.set_minutes(self.settings.auto_lock_minutes)

    def _close_store(self) -> None:
        self.idle.stop()
        if self.window is not None:
            self.window.wipe()
        if self.opened is not None:
            self.opened.lock()
            self.opened = None

    def lock(self, idle: bool = False) -> None:
        """Every patient word off the screen, the store closed, the passphrase asked again."""
        if self.window is None:
            return
        if close_modal_dialogs():  # a modal dialog's loop returns first, then the lock
            QTimer.singleShot(0, lambda: self.lock(idle))
            return
        window = self.window
        self._close_store()
        self.window = None
        why = (
            trn(
                "Locked after {n} minute without use.",
                "Locked after {n} minutes without use.",
                self.settings.auto_lock_minutes,
            ).format(n=self.settings.auto_lock_minutes)
            if idle
            else ""
        )
        self.start(after_lock=True, why=why)
        window.close_for_lock()
        window.deleteLater()

    def close(self) -> None:
        """The window closed: the store locks, and the practice is done."""
        window, self.window = self.window, None
        self._close_store()
        if window is not None:
            window.close_for_lock()
            window.deleteLater()
        self._finish()

    def _finish(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.finished.emit()
        if self.standalone:
            QApplication.quit()


def run_practice(paths: Paths, settings: Settings, practice_path: Path | None = None) -> int:
    """`kapjournal --practice`: the practice window on its own."""
    from kapjournal.ui.bootstrap import create_application, install_language
    from kapjournal.ui.theme import apply_theme

    app = create_application()
    install_language(app, settings.language)
    apply_theme(settings.theme)
    paths.ensure()
    controller = PracticeController(practice_path or paths.default_practice, settings)
    controller.start()
    return int(app.exec())
