"""Restoring a backup from the app: choose it, confirm, and keep the current journal first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from kapjournal.service import JournalService
from kapjournal.storage import backup
from kapjournal.storage.errors import StorageError, WrongPassphrase
from kapjournal.storage.vault import Secret
from kapjournal.ui.widgets import tr


@dataclass
class RestoreSeams:
    """How the flow asks the person; tests replace these with answers."""

    choose_file: Callable[[QWidget | None, Path], str]
    confirm: Callable[[QWidget | None, Path], bool]
    ask_passphrase: Callable[[QWidget | None], str | None]


def _choose_file(parent: QWidget | None, folder: Path) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, tr("Restore from a backup"), str(folder), tr("kapjournal backups (*.kapvault)")
    )
    return path


def _confirm(parent: QWidget | None, path: Path) -> bool:
    answer = QMessageBox.question(
        parent,
        tr("Restore this backup?"),
        tr(
            "Replace your journal with the backup {name}?\n\nYour journal as it is now is "
            "backed up first, so nothing is lost."
        ).format(name=path.name),
    )
    return answer == QMessageBox.StandardButton.Yes


def _ask_passphrase(parent: QWidget | None) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        tr("Passphrase of the backup"),
        tr("This backup was made with another passphrase. Type that passphrase:"),
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


DIALOGS = RestoreSeams(_choose_file, _confirm, _ask_passphrase)


def restore_flow(
    parent: QWidget | None, service: JournalService, seams: RestoreSeams = DIALOGS
) -> str | None:
    """Run the whole restore; returns a sentence for the status bar, or None if cancelled."""
    chosen = seams.choose_file(parent, backup.backup_folder(service.vault.path))
    if not chosen:
        return None
    path = Path(chosen)
    if not seams.confirm(parent, path):
        return None
    secret = Secret(raw_key=service.vault.raw_key)  # most backups share the current key
    for _attempt in range(2):
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = backup.restore(service.vault, path, secret)
        except WrongPassphrase:
            QGuiApplication.restoreOverrideCursor()
            typed = seams.ask_passphrase(parent)
            if typed is None:
                return tr("Nothing was restored.")
            secret = Secret(passphrase=typed)
            continue
        except StorageError as exc:
            QGuiApplication.restoreOverrideCursor()
            return str(exc)
        QGuiApplication.restoreOverrideCursor()
        service.reload_catalog()
        return tr("Restored {name}. Your journal as it was is kept at {safety}.").format(
            name=path.name, safety=safety
        )
    return tr("That passphrase does not open the backup either; nothing was restored.")
