"""The dialogs the app opens over its windows: crisis help, help, settings, packs, reports,
backups, restore and the passphrase. A part of the app's controller (AppController), kept in
a module of its own so the composition root stays small."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from kapjournal.errors import StorageError
from kapjournal.services.opening import Clock, OpenJournal
from kapjournal.settings import Settings
from kapjournal.ui.idle import IdleWatcher
from kapjournal.ui.tasks import run_task
from kapjournal.ui.theme import apply_theme
from kapjournal.ui.widgets import tr

if TYPE_CHECKING:
    from kapjournal.ui.dialogs.unlock import UnlockWindow
    from kapjournal.ui.main_window import MainWindow

# Settings whose change re-plans the reminders.
REMINDER_SETTINGS = ("reminders", "check_in_time", "quiet_from", "quiet_until")


class DialogHost:
    """What the dialogs need of the controller, and the dialogs themselves."""

    settings: Settings
    clock: Clock
    opened: OpenJournal | None
    main: MainWindow | None
    unlock_window: UnlockWindow | None
    dialogs: list[QDialog]
    passphrase_dialog: QDialog | None
    idle: IdleWatcher

    def _status(self, text: str, ms: int = 8000) -> None:
        raise NotImplementedError

    def _save_settings(self) -> None:
        raise NotImplementedError

    def _keychain_update(self, remember: bool) -> None:
        raise NotImplementedError

    def _plan_reminders(self) -> None:
        raise NotImplementedError

    def _backed_up(self, made: Path | None) -> None:
        raise NotImplementedError

    # -- dialogs ---------------------------------------------------------------------------
    def _parent(self) -> QWidget | None:
        return self.main or self.unlock_window

    def _keep(self, dialog: QDialog) -> None:
        """Non-modal dialogs stay referenced until closed (and are closed on lock)."""
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _: self._forget(dialog))
        dialog.show()
        dialog.raise_()  # over the window that asked for it
        dialog.activateWindow()

    def _forget(self, dialog: QDialog) -> None:
        self.dialogs = [d for d in self.dialogs if d is not dialog]

    def show_crisis(self, reason: str, repeat: bool = False) -> None:
        from kapjournal.ui.dialogs.crisis import crisis_dialog

        journal = self.opened.journal if self.opened is not None else None
        where = (self._parent(), self.main, journal)
        self._keep(crisis_dialog(self.settings, *where, reason, repeat, self.clock()))

    def show_help(self, kind: str) -> None:
        from kapjournal.ui.dialogs.help import help_dialog

        self._keep(help_dialog(kind, self._parent()))

    def show_settings(self) -> None:
        from kapjournal.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.settings, self._parent())
        before = replace(self.settings)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                dialog.apply()
            except OSError as exc:  # the start at login could not be written
                self._status(tr("Settings could not be saved ({e}).").format(e=exc))
            self._save_settings()
            for name in sorted(self.settings.changes(before)):
                self.setting_changed(name)

    def setting_changed(self, name: str) -> None:
        """A setting's live effect, declared once per setting (the others apply at the next
        start or unlock)."""
        effect = {
            "theme": self._apply_theme,
            "auto_lock_minutes": self._apply_auto_lock,
            "editor_font_size": self._apply_font_size,
            **dict.fromkeys(REMINDER_SETTINGS, self._plan_reminders),
        }.get(name)
        if effect is not None:
            effect()

    def _apply_theme(self) -> None:
        apply_theme(self.settings.theme)

    def _apply_auto_lock(self) -> None:
        if self.main is not None:
            self.idle.set_minutes(self.settings.auto_lock_minutes)

    def _apply_font_size(self) -> None:
        if self.main is not None:
            self.main.editor.font_size = self.settings.editor_font_size

    def show_packs(self) -> None:
        if self.opened is not None:
            from kapjournal.ui.dialogs.packs import PacksDialog

            PacksDialog(self.opened.packs, self._parent()).exec()
            if self.main is not None:
                self.main.refresh()

    def show_export(self, what: str) -> None:
        if self.opened is None or self.main is None:
            return
        self.main.save_pending()  # the report shows what was typed a moment ago
        if what == "archive":
            from kapjournal.ui.dialogs.archive import export_archive

            export_archive(self.opened.archives, self._parent())
        else:
            from kapjournal.ui.dialogs.export import ExportDialog

            ExportDialog(self.opened.reports, self.opened.journal, self._parent()).exec()

    def backup_now(self) -> None:
        if self.opened is None:
            return
        admin, keep = self.opened.admin, self.settings.backups_kept
        self._status(tr("Backing up…"))
        run_task(
            lambda: admin.backup(keep),
            self._backed_up,
            lambda exc: self._status(
                str(exc)
                if isinstance(exc, StorageError)
                else tr("Backup failed: {e}").format(e=exc)
            ),
        )

    def restore_backup(self) -> None:
        from kapjournal.ui.dialogs.restore import restore_flow

        if self.opened is None or self.main is None:
            return
        self.main.save_pending()  # what was typed goes into the safety backup too
        outcome = restore_flow(self.main, self.opened.admin)
        if outcome is None or self.main is None or self.opened is None:
            return
        message, result = outcome
        if result is not None:
            self.opened.journal.reload_catalog()  # the backup may hold other packs
            if result.key_changed:  # an older passphrase now opens the journal
                self._keychain_update(False)
        self.main.editor.clear(tr("Restored. Choose an entry."))
        self.main.refresh()
        self._status(message)

    def change_passphrase(self) -> None:
        from kapjournal.ui.dialogs.passphrase import ChangePassphraseDialog

        if self.opened is None or self.main is None:
            return
        self.main.save_pending()
        dialog = ChangePassphraseDialog(self.opened.admin, self.main)

        def changed(backup_path: str) -> None:
            self._keychain_update(False)
            self._status(
                tr("Passphrase changed. A backup under the old one is at {path}.").format(
                    path=backup_path
                )
            )

        dialog.changed.connect(changed)
        self.passphrase_dialog = dialog  # kept for tests; modal while it works
        dialog.open()
