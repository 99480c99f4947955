"""The composition root of the desktop app: first run, unlock, main window, lock, quit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from kapjournal.i18n import trn
from kapjournal.paths import Paths
from kapjournal.services.keys import KeyStore
from kapjournal.services.opening import Clock, OpenJournal, local_now
from kapjournal.settings import Settings
from kapjournal.ui.bootstrap import create_application, install_language
from kapjournal.ui.clipboard import ClipboardGuard, clear_owned
from kapjournal.ui.dialog_host import DialogHost
from kapjournal.ui.dialogs.unlock import UnlockWindow
from kapjournal.ui.idle import IdleWatcher, SystemLockWatcher
from kapjournal.ui.presence import Presence
from kapjournal.ui.single_instance import SingleInstance
from kapjournal.ui.tasks import run_task
from kapjournal.ui.theme import apply_theme
from kapjournal.ui.widgets import after_first_paint, close_modal_dialogs, tr

if TYPE_CHECKING:
    from kapjournal.ui.dialogs.first_run import CreateVaultDialog
    from kapjournal.ui.main_window import MainWindow, Place
    from kapjournal.ui.practice.app import PracticeController

# The main window, the editor, the packs and the first-run dialog are imported when first
# needed: the unlock window should appear as fast as a bare Qt window (benchmarks/bench_ui.py).

# What the main window asks of the controller: its signal, and the controller's method.
RELAYED = {
    "lock_requested": "lock",
    "quit_requested": "quit",
    "crisis_requested": "show_crisis",
    "help_requested": "show_help",
    "settings_requested": "show_settings",
    "backup_requested": "backup_now",
    "restore_requested": "restore_backup",
    "passphrase_requested": "change_passphrase",
    "packs_requested": "show_packs",
    "export_requested": "show_export",
    "practice_requested": "show_practice",
}


class AppController(DialogHost, QObject):
    def __init__(
        self,
        paths: Paths,
        settings: Settings,
        *,
        vault_path: Path | None = None,
        keys: KeyStore | None = None,
        clock: Clock = local_now,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.vault_path = vault_path
        self.keys = keys or KeyStore()
        self.clock = clock
        self.unlock_window: UnlockWindow | None = None
        self.create_dialog: CreateVaultDialog | None = None
        self.main: MainWindow | None = None
        self.place: Place | None = None  # where the patient was when it last locked
        self.opened: OpenJournal | None = None
        self.dialogs: list[QDialog] = []
        self.passphrase_dialog: QDialog | None = None
        self.practice: PracticeController | None = None  # File > Open practice
        self.idle = IdleWatcher(0, self)
        self.idle.idle.connect(self._idle)
        self.background = False  # started at login: the tray, not a window, until asked
        self.check_in_next = False  # a reminder's "Check in": go there after unlocking
        self.presence = Presence(paths.reminders_file, self)
        self.presence.open_requested.connect(self.bring_forward)
        self.presence.check_in_requested.connect(self.go_check_in)
        self.presence.crisis_requested.connect(lambda: self.show_crisis(""))
        self.presence.lock_requested.connect(self.lock)
        self.presence.quit_requested.connect(self.quit)
        self.system_lock = SystemLockWatcher(self)
        self.system_lock.locked.connect(self.lock)
        self.clipboard = ClipboardGuard(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

    # -- start -----------------------------------------------------------------------------
    def recent(self) -> list[Path]:
        return self.settings.vaults_on_disk(self.vault_path, self.paths.default_vault)

    def start(self, background: bool = False) -> None:
        apply_theme(self.settings.theme)
        # Probing for a tray takes ~40 ms: after the first window, unless waiting in the tray.
        self.background = background and self.presence.show_tray() and bool(self.recent())
        if self.background:
            return  # reminders only, until the tray or a notification asks for the window
        QTimer.singleShot(0, self.presence.show_tray)
        if not self.recent():
            self.show_create()
            return
        self.show_unlock()
        if background and self.unlock_window is not None:
            self.unlock_window.showMinimized()  # no tray to wait in: out of the way, but there

    def show_unlock(self, after_lock: bool = False) -> None:
        """The unlock window; `after_lock`: the journal was locked while the app ran, so from
        now on it asks for the passphrase (a remembered key opens it at the next start)."""
        fresh = self.unlock_window is None
        if self.unlock_window is None:
            w = UnlockWindow(self.recent(), self.keys, self.clock)
            w.unlocked.connect(self.on_unlocked)
            w.create_requested.connect(self.show_create)
            w.crisis_requested.connect(lambda: self.show_crisis(""))
            w.help_requested.connect(lambda: self.show_help("guide"))
            w.closed.connect(self._unlock_closed)
            self.unlock_window = w
        if after_lock:
            self.unlock_window.require_passphrase()
        if not fresh:
            self.unlock_window.refresh_keychain()  # the keys it held were dropped at unlock
        last = Path(self.settings.recent_vaults[0]) if self.settings.recent_vaults else None
        if last is not None and last.exists():  # the journal used last, perhaps one made since
            self.unlock_window.choose_vault(last)
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.activateWindow()
        self.unlock_window.passphrase.setFocus()

    def bring_forward(self) -> None:
        """Another launch, the tray or a notification asked for this journal: show the
        window the patient would expect (the unlock window while it is locked)."""
        # On a first run there is no unlock window yet: the welcome dialog is the app.
        window: QWidget | None = self.main or self.unlock_window or self.create_dialog
        if window is None and self.recent():
            self.show_unlock()
            window = self.unlock_window
        if window is None:
            return
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        QApplication.alert(window)

    def go_check_in(self) -> None:
        """Today's quick check-in, at once or right after unlocking: two clicks from there."""
        if self.main is not None:
            self.main.show_check_in()
        else:
            self.check_in_next = True
        self.bring_forward()

    def _unlock_closed(self) -> None:  # ends the app; started at login, it waits in the tray
        if self.main is None and not self.background:
            self.quit()

    def _create_cancelled(self) -> None:
        if self.main is None:
            self.show_unlock()

    def show_create(self) -> None:
        target = self.vault_path or self.paths.default_vault
        n = 2
        while target.exists():
            target = target.with_name(f"journal-{n}.kapvault")
            n += 1
        from kapjournal.ui.dialogs.first_run import CreateVaultDialog

        parent, settings = self.unlock_window, self.settings
        dialog = CreateVaultDialog(target, None, parent, clock=self.clock, settings=settings)
        dialog.created.connect(self.on_unlocked)
        dialog.rejected.connect(self._create_cancelled)
        dialog.crisis_requested.connect(lambda: self.show_crisis(""))
        self.create_dialog = dialog
        keys = self.keys
        after_first_paint(dialog, lambda: run_task(keys.problem, dialog.set_keychain_reason))
        self.paths.ensure()
        dialog.show()

    # -- unlocked --------------------------------------------------------------------------
    def on_unlocked(self, opened: OpenJournal, remember: bool) -> None:
        self.opened = opened
        self._keychain_update(remember)
        self.settings.remember_vault(opened.path)
        self._save_settings()
        from kapjournal.ui.main_window import MainWindow

        keep = self.settings.backups_kept
        admin = opened.admin
        if not opened.read_only:
            run_task(
                lambda: admin.backup(keep, force=False),
                self._backed_up,
                lambda exc: self._status(tr("Automatic backup failed: {e}").format(e=exc)),
            )
        main = MainWindow(opened, self.settings, self.paths.speech_models)
        for signal, slot in RELAYED.items():
            getattr(main, signal).connect(getattr(self, slot))
        self.main = main
        main.show()
        if opened.merged is not None and (said := opened.merged.sentence()):
            main.say_on_unlock(said)  # notes captured while it was locked, brought in
        if self.place is not None:
            main.return_to(self.place)  # back where the patient was before the lock
        if self.check_in_next:
            self.check_in_next = False
            main.show_check_in()
        if opened.read_only:
            self._status(opened.read_only_sentence(), 0)  # stays while the journal is open
        if self.unlock_window is not None:
            self.unlock_window.hide()
        self.idle.set_minutes(self.settings.auto_lock_minutes)
        self._plan_reminders()
        self.presence.set_unlocked(True)

    def _plan_reminders(self) -> None:
        if self.opened is not None:
            self.presence.plan(self.opened.journal, self.settings)

    def _keychain_update(self, remember: bool) -> None:
        """Remember the open journal's key, or forget it, off the UI thread."""
        if self.opened is None:
            return
        path, key, keys = self.opened.path, self.opened.admin.key_for_keychain, self.keys
        run_task(lambda: keys.update(path, key, remember), lambda _: None)

    def _backed_up(self, made: Path | None) -> None:
        if made is not None:
            self._status(tr("Backed up to {path}").format(path=made))

    def _status(self, text: str, ms: int = 8000) -> None:
        if self.main is not None:
            self.main.statusBar().showMessage(text, ms)

    def show_practice(self) -> None:
        """File > Open practice: the therapist's practice store, in a window of its own."""
        if self.practice is not None:
            window = self.practice.window or self.practice.dialog
            if window is not None:
                window.raise_()
                window.activateWindow()
                return
        from kapjournal.ui.practice.app import PracticeController

        practice = PracticeController(
            self.paths.default_practice, self.settings, self.keys, standalone=False
        )
        practice.finished.connect(lambda: setattr(self, "practice", None))
        self.practice = practice
        self.paths.ensure()
        practice.start()

    # -- lock and quit ---------------------------------------------------------------------
    def _crisis_open(self) -> bool:
        from kapjournal.ui.dialogs.crisis import CrisisDialog

        return any(isinstance(d, CrisisDialog) and d.isVisible() for d in self.dialogs)

    def _idle(self) -> None:
        """Idle long enough: lock, unless a voice note is being recorded; then wait again.

        Crisis help on screen does not hold the journal open (it may show the safety plan to
        whoever comes by): the lock puts the numbers back at once, over the unlock window."""
        if self.main is not None and self.main.editor.recording():
            self.idle.set_minutes(self.settings.auto_lock_minutes)
            return
        self.lock(idle_minutes=self.settings.auto_lock_minutes)

    def lock(self, idle_minutes: int = 0) -> None:
        """Save, clear every widget that showed the journal, close the database, ask again.

        Locking always completes: a save that fails is said on the unlock window, and the
        journal closes anyway."""
        self.idle.stop()
        if close_modal_dialogs():
            # A modal dialog runs its own event loop inside the code that opened it; that code
            # must return before the windows it uses go away. Lock just after.
            QTimer.singleShot(0, lambda: self.lock(idle_minutes))
            return
        # Every open dialog closes, crisis help included: it may show the safety plan. Crisis
        # help that was open comes back at once over the unlock window, without the plan.
        crisis = self._crisis_open()
        for d in list(self.dialogs):
            d.close()
        self.dialogs = []
        main, self.main = self.main, None
        was_open = self.opened is not None
        if main is not None:
            self.place = main.place()
            self._plan_reminders()
        unsaved = main.wipe() if main is not None else ""
        if self.opened is not None:
            self.opened.lock()
            self.opened = None
        clear_owned()  # the clipboard and the X11 primary selection, where still the app's
        self.presence.set_unlocked(False)
        self.show_unlock(after_lock=was_open)  # before the main window goes: a window stays
        if self.unlock_window is not None:
            # Said only when true: the save at the lock went through.
            self.unlock_window.say_why_locked(
                trn(
                    "Locked after {n} minute without use; your writing was saved.",
                    "Locked after {n} minutes without use; your writing was saved.",
                    idle_minutes,
                ).format(n=idle_minutes)
                if idle_minutes and main is not None and not unsaved
                else ""
            )
            if unsaved:
                self.unlock_window.error.setText(unsaved)
        if crisis:
            self.show_crisis("")  # the journal is closed now: numbers only, no safety plan
        if main is not None:
            main.close_for_lock()
            main.deleteLater()

    def quit(self) -> None:
        if self.main is not None:
            self.main.wipe()  # saves; and no pane asks the closed journal for more rows
        if self.opened is not None:
            self.opened.lock()
        clear_owned()  # before Qt hands what it still owns to a clipboard manager at exit
        self.presence.hide_tray()
        QApplication.quit()

    def _save_settings(self) -> None:
        try:
            self.settings.save(self.paths.settings_file)
        except OSError as exc:
            self._status(tr("Settings could not be saved ({e}).").format(e=exc))


def run(
    paths: Paths, settings: Settings, vault_path: Path | None = None, background: bool = False
) -> int:
    app = create_application()
    install_language(app, settings.language)
    instance = SingleInstance(vault_path or paths.default_vault)
    if not instance.claim():
        return 0  # the app already open on this journal was asked to come forward
    controller = AppController(paths, settings, vault_path=vault_path)
    instance.activated.connect(controller.bring_forward)
    controller.start(background)
    try:
        return int(app.exec())
    finally:
        instance.release()
