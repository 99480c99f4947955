"""Restoring a backup from the app: choose it, confirm, and keep the current journal first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from kapjournal.errors import StorageError, WrongPassphrase
from kapjournal.services.vault_admin import RestoreResult, VaultAdmin
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
    parent: QWidget | None, admin: VaultAdmin, seams: RestoreSeams = DIALOGS
) -> tuple[str, RestoreResult | None] | None:
    """Run the whole restore: None if cancelled, else a sentence for the status bar and what
    was restored (None when nothing was)."""
    chosen = seams.choose_file(parent, admin.backup_folder())
    if not chosen:
        return None
    path = Path(chosen)
    if not seams.confirm(parent, path):
        return None
    passphrase: str | None = None  # most backups share the current key
    for _attempt in range(2):
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = admin.restore(path, passphrase)
        except WrongPassphrase:
            QGuiApplication.restoreOverrideCursor()
            passphrase = seams.ask_passphrase(parent)
            if passphrase is None:
                return tr("Nothing was restored."), None
            continue
        except StorageError as exc:
            QGuiApplication.restoreOverrideCursor()
            return str(exc), None
        QGuiApplication.restoreOverrideCursor()
        message = tr("Restored {name}. Your journal as it was is kept at {safety}.").format(
            name=path.name, safety=result.safety_backup
        )
        return message, result
    return tr("That passphrase does not open the backup either; nothing was restored."), None
