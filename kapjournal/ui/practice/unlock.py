"""Opening the practice store: create it on first use (passphrase twice, the app's strength
rule), else ask for its passphrase; the keychain remembers it on request, like a journal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError, WrongPassphrase
from kapjournal.services.keys import KeyStore
from kapjournal.services.practice import OpenPractice, create_practice, open_practice
from kapjournal.ui.strength import MIN_SCORE, show_strength, strength
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import ErrorLabel, SpokenLabel, after_first_paint, muted, named, tr


class PracticeUnlockDialog(QDialog):
    """Emits `opened(OpenPractice, remember)`; creates the store when `path` holds none."""

    opened = Signal(object, bool)

    def __init__(self, path: Path, keys: KeyStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "practiceUnlock", tr("Open your practice"))
        self.keys = keys
        self.path = path
        self._remembered: str | None = None
        self._after_lock = False  # locked while running: only the passphrase opens it
        self._busy = False
        self._build()
        self._show_mode()
        after_first_paint(self, self.refresh_keychain)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = SpokenLabel("practiceUnlockTitle", tr("Heading"))
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.intro = muted(SpokenLabel("practiceUnlockIntro", tr("About the practice store")))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        where = QHBoxLayout()
        self.where = SpokenLabel("practicePath", tr("Practice file"))
        self.where.setWordWrap(True)
        where.addWidget(self.where, 1)
        browse = named(
            QPushButton(tr("&Other file…")), "practiceBrowse", tr("Choose another practice file")
        )
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        where.addWidget(browse)
        form.addRow(tr("File:"), where)
        self.passphrase = named(QLineEdit(), "practicePassphrase", tr("Practice passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.textChanged.connect(self._update_strength)
        label = QLabel(tr("&Passphrase:"))
        label.setBuddy(self.passphrase)
        form.addRow(label, self.passphrase)
        self.repeat = named(QLineEdit(), "practiceRepeat", tr("Repeat the passphrase"))
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_label = QLabel(tr("&Repeat it:"))
        self.repeat_label.setBuddy(self.repeat)
        form.addRow(self.repeat_label, self.repeat)
        self.meter = named(QProgressBar(), "practiceStrength", tr("Passphrase strength"))
        self.meter.setRange(0, 4)
        self.meter.setFormat("")
        self.meter_label = QLabel(tr("Strength:"))
        form.addRow(self.meter_label, self.meter)
        self.advice = SpokenLabel("practiceAdvice", tr("Passphrase advice"))
        self.advice.setWordWrap(True)
        form.addRow("", self.advice)
        self.remember = named(
            QCheckBox(tr("Re&member on this computer")),
            "practiceRemember",
            tr("Remember on this computer"),
        )
        form.addRow("", self.remember)
        self.keychain_note = SpokenLabel("practiceKeychainNote", tr("Keychain status"))
        self.keychain_note.setWordWrap(True)
        form.addRow("", self.keychain_note)
        layout.addLayout(form)
        self.error = ErrorLabel("practiceUnlockError")
        layout.addWidget(self.error)
        self.busy = named(QProgressBar(), "practiceBusy", tr("Opening the practice"))
        self.busy.setRange(0, 0)
        self.busy.hide()
        layout.addWidget(self.busy)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel = named(QPushButton(tr("Cancel")), "practiceCancel", tr("Cancel"))
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.reject)
        self.go = named(QPushButton(), "practiceGo", tr("Unlock"))
        self.go.setDefault(True)
        self.go.clicked.connect(self.submit)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.go)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    # -- create or unlock ----------------------------------------------------------------------
    def creating(self) -> bool:
        return not self.path.exists()

    def _show_mode(self) -> None:
        create = self.creating()
        self.setWindowTitle(tr("Create a practice store") if create else tr("Open your practice"))
        self.title.setText(
            tr("Create your practice store") if create else tr("Your practice is locked")
        )
        self.intro.setText(
            tr(
                "An encrypted file of its own, apart from any journal, where the reports your "
                "patients share come together with your private notes. Nobody can recover a "
                "forgotten passphrase: write it down and keep it safe."
            )
            if create
            else tr("Type the practice's passphrase to open it.")
        )
        self.where.setText(str(self.path))
        for w in (self.repeat, self.repeat_label, self.meter, self.meter_label, self.advice):
            w.setVisible(create)
        self.go.setText(tr("&Create practice") if create else tr("&Unlock"))
        self.go.setAccessibleName(tr("Create practice") if create else tr("Unlock"))
        self.error.clear()
        self.passphrase.setFocus()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Practice file"),
            str(self.path),
            tr("kapjournal practices (*.kappractice);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.choose(Path(path))

    def choose(self, path: Path) -> None:
        """Another practice file (one that is not there yet is created)."""
        self.path = path
        self._remembered = None
        self._show_mode()
        self.refresh_keychain()

    def require_passphrase(self) -> None:
        """Locked while the window was open: only the passphrase opens it again."""
        self._after_lock = True
        self._remembered = None
        self.passphrase.clear()
        self.keychain_note.clear()

    def _update_strength(self, text: str) -> None:
        if self.creating():
            self.advice.setText(show_strength(self.meter, text))

    def refresh_keychain(self) -> None:
        """Ask the keychain, off the UI thread, whether it remembers this practice."""
        path, keys, after_lock = self.path, self.keys, self._after_lock
        if self.creating():
            run_task(keys.problem, self._keychain_problem)
            return

        def show(result: tuple[str | None, str | None]) -> None:
            key, reason = result
            if path != self.path:
                return
            if key and not after_lock:
                self._remembered = key
                self.remember.setChecked(True)
                self.keychain_note.setText(
                    tr("This computer remembers this practice: leave the passphrase empty "
                       "and press Unlock.")
                )  # fmt: skip
            elif key:
                self.remember.setChecked(True)
            elif reason:
                self._keychain_problem(reason)

        run_task(lambda: keys.fetch_quietly(path), show)

    def _keychain_problem(self, reason: str | None) -> None:
        self.remember.setEnabled(reason is None)
        self.remember.setToolTip(reason or "")
        self.keychain_note.setText(reason or "")
        if reason:
            self.remember.setChecked(False)

    def submit(self) -> None:
        if self._busy:
            return
        typed, path = self.passphrase.text(), self.path
        if self.creating():
            if not typed:
                return self.error.setText(tr("Choose a passphrase."))
            if typed != self.repeat.text():
                return self.error.setText(tr("The two passphrases differ; type them again."))
            if strength(typed)[0] < MIN_SCORE:
                return self.error.setText(
                    tr("That passphrase is too easy to guess; try several unrelated words.")
                )

            def work() -> OpenPractice:
                path.parent.mkdir(parents=True, exist_ok=True)
                return create_practice(path, typed)

        else:
            remembered = None if self._after_lock else self._remembered
            if not typed and not remembered:
                return self.error.setText(tr("Type the practice's passphrase."))

            def work() -> OpenPractice:
                if typed:
                    return open_practice(path, passphrase=typed)
                return open_practice(path, raw_key=remembered)

        self._set_busy(True)
        remember = self.remember.isChecked() and self.remember.isEnabled()
        run_task(work, lambda opened: self._done(opened, remember), self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for w in (self.go, self.passphrase, self.repeat):
            w.setEnabled(not busy)
        if busy:
            self.error.clear()

    def _done(self, opened: OpenPractice, remember: bool) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.repeat.clear()
        self._remembered = None  # no key held here while the practice is open
        self.keys_update(opened, remember)
        self.opened.emit(opened, remember)
        self.accept()

    def keys_update(self, opened: OpenPractice, remember: bool) -> None:
        """Remember the key, or forget it, off the UI thread (quietly: the passphrase always
        works without the keychain)."""
        keys, path, key = self.keys, opened.path, opened.admin.key_for_keychain
        run_task(lambda: keys.update(path, key, remember), lambda _: None)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        if isinstance(exc, WrongPassphrase):
            if not self.passphrase.text():
                self._remembered = None  # a stale remembered key
            self.error.setText(str(exc))
        elif isinstance(exc, StorageError):  # a journal chosen as the practice, and the like
            self.error.setText(str(exc))
        else:
            self.error.setText(tr("The practice could not be opened ({error}).").format(error=exc))
