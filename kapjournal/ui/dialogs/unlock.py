"""The unlock window: choose a vault, type the passphrase (or use the keychain), unlock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.services.keys import KeyStore
from kapjournal.services.opening import Clock, OpenJournal, local_now, open_journal
from kapjournal.ui.dialogs.capture import CaptureCorner
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import (
    ErrorLabel,
    SpokenLabel,
    after_first_paint,
    fit_to_screen,
    help_button,
    muted,
    named,
    rich,
    tr,
)


class UnlockWindow(QMainWindow):
    """Emits `unlocked(opened, remember)` with an OpenJournal; `create_requested` and
    `crisis_requested` go up."""

    unlocked = Signal(object, bool)
    create_requested = Signal()
    crisis_requested = Signal()
    help_requested = Signal()
    closed = Signal()

    def __init__(self, recent: list[Path], keys: KeyStore, clock: Clock = local_now) -> None:
        super().__init__()
        named(self, "unlockWindow", tr("Unlock your journal"))
        self.setWindowTitle(tr("kapjournal — locked"))
        self.keys = keys
        self.clock = clock
        self._remembered: dict[str, str] = {}
        self._after_lock = False  # locked while running: the passphrase, never a remembered key
        self._busy = False
        self._build(recent)
        self._update_title()
        self._menus()
        after_first_paint(self, self.refresh_keychain)

    def _build(self, recent: list[Path]) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        self.title = rich(QLabel())
        self.title.setObjectName("unlockTitle")
        layout.addWidget(self.title)
        form = QFormLayout()
        row = QHBoxLayout()
        self.vault_choice = named(
            QComboBox(),
            "vaultChoice",
            tr("Journal file"),
            tr("Recently opened journals on this computer"),
        )
        for p in recent:
            self.vault_choice.addItem(str(p), str(p))
        self.vault_choice.currentIndexChanged.connect(self.refresh_keychain)
        self.vault_choice.currentIndexChanged.connect(self._update_title)
        browse = named(
            QPushButton(tr("&Open another…")), "browseVault", tr("Open another journal file")
        )
        browse.clicked.connect(self._browse)
        row.addWidget(self.vault_choice, 1)
        row.addWidget(browse)
        journal_label = QLabel(tr("&Journal:"))
        journal_label.setBuddy(self.vault_choice)
        form.addRow(journal_label, row)
        self.passphrase = named(QLineEdit(), "passphrase", tr("Passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.submit)
        form.addRow(tr("&Passphrase:"), self.passphrase)
        self.remember = named(
            QCheckBox(tr("Re&member on this computer")),
            "rememberUnlock",
            tr("Remember on this computer"),
        )
        form.addRow("", self.remember)
        self.keychain_note = SpokenLabel("keychainNote", tr("Keychain status"))
        self.keychain_note.setWordWrap(True)
        form.addRow("", self.keychain_note)
        layout.addLayout(form)
        self.lock_note = muted(SpokenLabel("lockNote", tr("Why it locked")))
        self.lock_note.setWordWrap(True)
        self.lock_note.hide()
        layout.addWidget(self.lock_note)
        self.error = ErrorLabel("unlockError")
        layout.addWidget(self.error)
        self.busy = named(QProgressBar(), "unlockBusy", tr("Unlocking"))
        self.busy.setRange(0, 0)
        self.busy.hide()
        layout.addWidget(self.busy)
        buttons = QHBoxLayout()
        create = named(QPushButton(tr("&New journal…")), "newVault", tr("Create a new journal"))
        create.clicked.connect(self.create_requested)
        self.unlock_button = named(QPushButton(tr("&Unlock")), "unlockButton", tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        help_now = help_button()
        help_now.clicked.connect(self.crisis_requested)
        buttons.addWidget(create)
        buttons.addWidget(help_now)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        layout.addSpacing(self.fontMetrics().height())
        self.capture = CaptureCorner()  # a note without unlocking (issue 28)
        layout.addWidget(self.capture)
        layout.addStretch(1)
        self.setCentralWidget(central)
        fit_to_screen(self, 620, 380)
        self.passphrase.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        self.closed.emit()

    def _menus(self) -> None:
        help_menu = self.menuBar().addMenu(tr("&Help"))
        crisis = QAction(tr("&Crisis resources"), self)
        crisis.setObjectName("actionCrisisLocked")
        crisis.setShortcut(QKeySequence("F1"))
        crisis.triggered.connect(self.crisis_requested)
        guide = QAction(tr("&User guide"), self)
        guide.setObjectName("actionGuideLocked")
        guide.triggered.connect(self.help_requested)
        help_menu.addAction(crisis)
        help_menu.addAction(guide)

    # -- the vault ---------------------------------------------------------------------------
    def vault_path(self) -> Path | None:
        data = self.vault_choice.currentData()
        return Path(data) if data else None

    def _update_title(self) -> None:
        """ "Locked" only when there is a journal to unlock; after a first run was cancelled
        there is none yet."""
        path = self.vault_path()
        self.capture.set_vault(path if path is not None and path.exists() else None)
        if path is not None and path.exists():
            self.title.setText(tr("<h2>Your journal is locked</h2>"))
        else:
            self.title.setText(
                tr(
                    "<h2>No journal here yet</h2><p>Create a new journal, or open a journal "
                    "file you already have.</p>"
                )
            )

    def choose_vault(self, path: Path) -> None:
        idx = self.vault_choice.findData(str(path))
        if idx < 0:
            self.vault_choice.insertItem(0, str(path), str(path))
            idx = 0
        self.vault_choice.setCurrentIndex(idx)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open a journal"), "", tr("kapjournal journals (*.kapvault);;All files (*)")
        )
        if path:
            self.choose_vault(Path(path))

    def say_why_locked(self, text: str) -> None:
        """ "Locked after 5 minutes without use; your writing was saved." ("" hides it)."""
        self.lock_note.setText(text)
        self.lock_note.setVisible(bool(text))

    def require_passphrase(self) -> None:
        """The journal was locked while the app ran: until the app starts again, only the
        passphrase opens it, and no remembered key is held here (issue 22)."""
        self._after_lock = True
        self._remembered.clear()
        self.passphrase.clear()

    def refresh_keychain(self) -> None:
        """Ask the keychain, off the UI thread, whether it remembers this vault."""
        path = self.vault_path()
        self.keychain_note.clear()
        if path is None:
            return

        keys, after_lock = self.keys, self._after_lock

        def ask() -> tuple[str | None, bool, str | None]:
            key, reason = keys.fetch_quietly(path)
            # After a lock only the answer comes back: the key stays in the keychain.
            return (None if after_lock else key), key is not None, reason

        def show(result: tuple[str | None, bool, str | None]) -> None:
            key, remembered, reason = result
            if self.vault_path() != path:
                return  # the choice changed meanwhile
            if remembered:
                if key and not self._after_lock:
                    self._remembered[str(path)] = key
                    note = tr(
                        "This computer remembers this journal: leave the "
                        "passphrase empty and press Unlock."
                    )
                else:
                    note = tr(
                        "This computer remembers this journal when kapjournal starts; after a "
                        "lock it asks for your passphrase."
                    )
                self.keychain_note.setText(note)
                self.remember.setChecked(True)  # unlocking with the passphrase keeps it
            elif reason:
                self.remember.setEnabled(False)
                self.remember.setToolTip(reason)
                self.keychain_note.setText(reason)

        run_task(ask, show)

    # -- unlocking -------------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy:
            return
        path = self.vault_path()
        if path is None:
            self.error.setText(tr("Choose your journal file first, or create a new journal."))
            return
        typed = self.passphrase.text()
        remembered = None if self._after_lock else self._remembered.get(str(path))
        if not typed and self._after_lock:
            self.error.setText(tr("After a lock, type your passphrase to open the journal."))
            return
        if not typed and not remembered:
            self.error.setText(tr("Type your passphrase."))
            return
        self._busy = True
        self.error.clear()
        self.busy.show()
        self.unlock_button.setEnabled(False)
        self.passphrase.setEnabled(False)
        remember = self.remember.isChecked() and self.remember.isEnabled()
        clock = self.clock
        run_task(
            lambda: open_journal(
                path, passphrase=typed or None, raw_key=None if typed else remembered, clock=clock
            ).build_all(),  # every service and pack built off the UI thread
            lambda opened: self._done(opened, remember),
            self._failed,
        )

    def _done(self, opened: OpenJournal, remember: bool) -> None:
        self._reset_busy()
        self.passphrase.clear()
        self._remembered.clear()  # no key held here while unlocked; asked again after a lock
        self.capture.forget()
        self.unlocked.emit(opened, remember)

    def _failed(self, exc: BaseException) -> None:
        self._reset_busy()
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        if isinstance(exc, StorageError):
            self.error.setText(str(exc))
            path = self.vault_path()
            if path is not None and not self.passphrase.text():
                self._remembered.pop(str(path), None)  # a stale remembered key
        else:
            self.error.setText(tr("The journal could not be opened ({error}).").format(error=exc))

    def _reset_busy(self) -> None:
        self._busy = False
        self.busy.hide()
        self.unlock_button.setEnabled(True)
        self.passphrase.setEnabled(True)
