"""Changing the passphrase from the app: the current one, the new one twice, then re-encrypt."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.services.vault_admin import VaultAdmin
from kapjournal.ui.strength import MIN_SCORE, show_strength, strength
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import ErrorLabel, named, tr


class ChangePassphraseDialog(QDialog):
    """Emits `changed(backup_path)` after the vault was re-encrypted under the new passphrase.

    The work runs off the UI thread while this modal dialog keeps the window from using the
    vault; the caller saves pending edits before opening it.
    """

    changed = Signal(str)

    def __init__(self, admin: VaultAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "passphraseDialog", tr("Change the passphrase"))
        self.setWindowTitle(tr("Change the passphrase"))
        self.setModal(True)
        self.admin = admin
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.current = self._field("currentPassphrase", tr("Current passphrase"))
        self.new = self._field("newPassphraseChange", tr("New passphrase"))
        self.repeat = self._field("repeatPassphraseChange", tr("Repeat the new passphrase"))
        self.meter = named(QProgressBar(), "changeStrength", tr("Passphrase strength"))
        self.meter.setRange(0, 4)
        self.meter.setFormat("")
        self.new.textChanged.connect(self._strength)
        form.addRow(tr("&Current:"), self.current)
        form.addRow(tr("&New:"), self.new)
        form.addRow(tr("&Repeat:"), self.repeat)
        form.addRow(tr("Strength:"), self.meter)
        layout.addLayout(form)
        note = QLabel(
            tr(
                "A backup under the current passphrase is made first. This computer "
                "forgets any remembered key."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = ErrorLabel("passphraseError")
        layout.addWidget(self.error)
        self.busy = named(QProgressBar(), "passphraseBusy", tr("Re-encrypting"))
        self.busy.setRange(0, 0)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(ok, "passphraseChange", tr("Change"))
        ok.setText(tr("&Change"))
        named(
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
            "passphraseCancel",
            tr("Cancel"),
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _field(self, name: str, accessible: str) -> QLineEdit:
        field = named(QLineEdit(), name, accessible)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _strength(self, text: str) -> None:
        self.meter.setToolTip(show_strength(self.meter, text))

    def submit(self) -> None:
        current, new = self.current.text(), self.new.text()
        if new != self.repeat.text():
            self.error.setText(tr("The two new passphrases differ; type them again."))
            return
        if strength(new)[0] < MIN_SCORE:
            self.error.setText(
                tr("The new passphrase is too easy to guess; try several unrelated words.")
            )
            return
        self.error.clear()
        self.busy.show()
        self.buttons.setEnabled(False)
        admin = self.admin
        run_task(lambda: str(admin.change_passphrase(current, new)), self._done, self._failed)

    def _done(self, backup_path: str) -> None:
        for f in (self.current, self.new, self.repeat):
            f.clear()
        self.busy.hide()
        self.changed.emit(backup_path)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        self.error.setText(
            str(exc)
            if isinstance(exc, StorageError)
            else tr("The passphrase was not changed ({e}).").format(e=exc)
        )
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)
