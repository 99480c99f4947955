"""First run: a short welcome, then creating a vault (passphrase twice, strength, location)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.export.render import escape
from kapjournal.i18n import system_region
from kapjournal.services.opening import Clock, OpenJournal, create_journal, local_now
from kapjournal.settings import Settings
from kapjournal.ui.dialogs.recovery_sheet import write_recovery_sheet
from kapjournal.ui.region import RegionBox
from kapjournal.ui.strength import MIN_SCORE, show_strength, strength
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import POLITE, ErrorLabel, SpokenLabel, muted, named, rich, tr


def welcome_text() -> str:
    return tr(
        "<h2>Welcome to kapjournal</h2>"
        "<p>A private place to prepare for each ketamine session, capture what happened right "
        "after it, and work with it in the days that follow, and to share what you choose "
        "with your therapist.</p>"
        "<ul><li><b>Offline.</b> Nothing you write is ever sent anywhere.</li>"
        "<li><b>Encrypted.</b> Your journal is locked with a passphrase only you know.</li>"
        "<li><b>Not medical advice.</b> The app gives no medical or dosing advice; ask your "
        "clinic.</li>"
        "<li><b>In a crisis</b>, Crisis resources (F1) is always there, even when the journal "
        "is locked. Nobody monitors this journal.</li></ul>"
    )


class CreateVaultDialog(QDialog):
    """Emits `created(opened, remember)` once the journal exists; the caller takes it from
    there."""

    created = Signal(object, bool)
    crisis_requested = Signal()

    def __init__(
        self,
        default_path: Path,
        keychain_reason: str | None,
        parent: QWidget | None = None,
        *,
        choose_pdf_path: Callable[[], str] | None = None,
        clock: Clock = local_now,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "createVaultDialog", tr("Create your journal"))
        self.setWindowTitle(tr("Create your journal"))
        self.setMinimumWidth(560)
        self._vault: OpenJournal | None = None
        self._clock = clock
        self.settings = settings if settings is not None else Settings()
        self.choose_pdf_path = choose_pdf_path or self._ask_pdf_path
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page(default_path, keychain_reason))
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- page 1 ----------------------------------------------------------------------------
    def _form_page(self, default_path: Path, keychain_reason: str | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = SpokenLabel("welcomeText", tr("Welcome"), welcome_text(), rich=True)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.passphrase = named(QLineEdit(), "newPassphrase", tr("New passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = named(QLineEdit(), "repeatPassphrase", tr("Repeat the passphrase"))
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = named(QProgressBar(), "strengthMeter", tr("Passphrase strength"))
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setFormat("")
        self.advice = SpokenLabel("strengthAdvice", tr("Passphrase advice"))
        self.advice.setWordWrap(True)
        form.addRow(tr("&Passphrase:"), self.passphrase)
        form.addRow(tr("&Repeat it:"), self.repeat)
        form.addRow(tr("Strength:"), self.meter)
        form.addRow("", self.advice)
        where = QHBoxLayout()
        self.location = named(
            QLineEdit(str(default_path)), "vaultLocation", tr("Where to keep the journal")
        )
        browse = named(QPushButton(tr("&Browse…")), "browseLocation", tr("Choose a location"))
        browse.clicked.connect(self._browse)
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        where_label = QLabel(tr("&Location:"))
        where_label.setBuddy(self.location)
        form.addRow(where_label, where)
        self.remember = named(
            QCheckBox(tr("Re&member on this computer")),
            "rememberCreate",
            tr("Remember on this computer"),
        )
        form.addRow("", self.remember)
        self.remember_why = named(
            QLabel(), "rememberUnavailable", tr("Why remembering is unavailable")
        )
        self.remember_why.setWordWrap(True)
        form.addRow("", self.remember_why)
        self.set_keychain_reason(keychain_reason)
        self._region_row(form)
        layout.addLayout(form)
        warning = rich(
            QLabel(
                tr(
                    "<b>Nobody can recover a forgotten passphrase</b>, not even us. "
                    "Write it down and keep it somewhere safe."
                )
            )
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.error = ErrorLabel("createError")
        layout.addWidget(self.error)
        self.busy = named(QProgressBar(), "createBusy", tr("Creating the journal"))
        self.busy.setRange(0, 0)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.create_button = named(
            QPushButton(tr("&Create journal")), "createVault", tr("Create journal")
        )
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        crisis = named(
            QPushButton(tr("Crisis &resources (F1)")), "createCrisis", tr("Crisis resources")
        )
        crisis.setAutoDefault(False)
        crisis.clicked.connect(self.crisis_requested)
        help_key = QShortcut(QKeySequence("F1"), self)
        help_key.activated.connect(self.crisis_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(crisis)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        self.passphrase.textChanged.connect(self._update_strength)
        return page

    def _region_row(self, form: QFormLayout) -> None:
        """Where the patient is, so crisis help shows their country's numbers from the start
        (the crisis button on this page included)."""
        current = self.settings.crisis_region or system_region()
        self.region = RegionBox("firstRunRegion", tr("Where you are"), current)
        self.region.currentIndexChanged.connect(self._region_chosen)
        self._region_chosen()
        why = muted(
            SpokenLabel(
                "regionWhy",
                tr("Why we ask"),
                tr("Only to show your country's crisis numbers. Change it any time in Settings."),
            )
        )
        why.setWordWrap(True)
        label = QLabel(tr("Where you &are:"))
        label.setBuddy(self.region)
        form.addRow(label, self.region)
        form.addRow("", why)

    def _region_chosen(self) -> None:
        self.settings.crisis_region = self.region.code()

    def set_keychain_reason(self, reason: str | None) -> None:
        """Grey out "remember" with the reason when this computer has no usable keychain."""
        self.remember.setEnabled(reason is None)
        self.remember.setToolTip(reason or "")
        self.remember_why.setText(reason or "")
        self.remember_why.setVisible(bool(reason))
        if reason:
            self.remember.setChecked(False)
        if self.isVisible():  # the keychain answers after the window opened: make room
            QTimer.singleShot(0, self, self._fit_height)

    def _fit_height(self) -> None:
        """As tall as its lines need at this width: a line added after the window opened
        otherwise squeezes the rows over each other."""
        need = self.heightForWidth(self.width()) if self.hasHeightForWidth() else 0
        if need > self.height():
            self.resize(self.width(), need)

    def _update_strength(self, text: str) -> None:
        self.advice.setText(show_strength(self.meter, text))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Where to keep the journal"),
            self.location.text(),
            tr("kapjournal journals (*.kapvault)"),
        )
        if path:
            self.location.setText(path)

    def submit(self) -> None:
        first, second = self.passphrase.text(), self.repeat.text()
        if not first:
            return self._fail(tr("Choose a passphrase."))
        if first != second:
            return self._fail(tr("The two passphrases differ; type them again."))
        if strength(first)[0] < MIN_SCORE:
            return self._fail(
                tr("That passphrase is too easy to guess; try several unrelated words.")
            )
        path = Path(self.location.text()).expanduser()
        self.error.clear()
        self.busy.show()
        self.create_button.setEnabled(False)
        clock = self._clock
        run_task(
            lambda: create_journal(path, first, clock=clock).build_all(),
            self._on_created,
            self._on_failed,
        )

    def _fail(self, message: str) -> None:
        self.error.setText(message)

    def _on_failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.create_button.setEnabled(True)
        text = (
            str(exc)
            if isinstance(exc, StorageError)
            else tr("The journal could not be created ({error}).").format(error=exc)
        )
        self._fail(text)

    def _on_created(self, vault: OpenJournal) -> None:
        self.busy.hide()
        self._vault = vault
        self.passphrase.clear()
        self.repeat.clear()
        self.done_label.setText(
            tr("Your journal is ready at <b>{path}</b>.").format(path=escape(str(vault.path)))
        )
        self.pages.setCurrentIndex(1)
        self.start_button.setFocus()

    # -- page 2 ----------------------------------------------------------------------------
    def _done_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.done_label = SpokenLabel("createdLabel", tr("Journal created"), rich=True)
        self.done_label.setWordWrap(True)
        layout.addWidget(self.done_label)
        layout.addWidget(
            QLabel(
                tr(
                    "A recovery sheet is a page to print, with your journal's "
                    "location and a line to write your passphrase by hand."
                )
            )
        )
        self.sheet_button = named(
            QPushButton(tr("Save a &recovery sheet (PDF)…")),
            "saveRecoverySheet",
            tr("Save a recovery sheet"),
        )
        self.sheet_button.clicked.connect(self.save_recovery_sheet)
        self.sheet_status = SpokenLabel(
            "recoverySheetStatus", tr("Recovery sheet"), announce=POLITE
        )
        layout.addWidget(self.sheet_button)
        layout.addWidget(self.sheet_status)
        layout.addStretch(1)
        self.start_button = named(
            QPushButton(tr("&Start writing")), "startWriting", tr("Start writing")
        )
        self.start_button.clicked.connect(self._finish)
        layout.addWidget(self.start_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _ask_pdf_path(self) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save the recovery sheet"),
            str(Path.home() / "kapjournal-recovery-sheet.pdf"),
            tr("PDF (*.pdf)"),
        )
        return path

    def save_recovery_sheet(self) -> None:
        assert self._vault is not None
        path = self.choose_pdf_path()
        if not path:
            return
        try:
            write_recovery_sheet(Path(path), self._vault.path, datetime.now().astimezone())
        except OSError as exc:
            self.sheet_status.setText(tr("Could not save it ({error}).").format(error=exc))
            return
        self.sheet_status.setText(
            tr("Saved to {path}. Print it and keep it safe.").format(path=path)
        )

    def _finish(self) -> None:
        assert self._vault is not None
        vault, self._vault = self._vault, None
        self.created.emit(vault, self.remember.isChecked())
        self.accept()

    def reject(self) -> None:
        if self._vault is not None:  # created, but the dialog was closed: still open it
            self._finish()
            return
        super().reject()
