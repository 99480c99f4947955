"""Capture a note or a voice recording while the journal stays locked: write-only.

Anyone at the computer may open this dialog, so it shows nothing of earlier captures, not
even how many there are. No passphrase is asked and the vault is never opened: the note, and
the recording held in memory (kapjournal.ui.audio), are sealed to the journal's public key
(kapjournal.services.capture) and then dropped. The next unlock brings them in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.i18n import format_time, spoken_length
from kapjournal.ui import design
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import (
    POLITE,
    ErrorLabel,
    SpokenLabel,
    emphasised,
    fit_to_screen,
    icon_button,
    muted,
    named,
    tip,
    tr,
)

if TYPE_CHECKING:
    from kapjournal.ui.audio import Recorder

# The lock screen shows only the button; the dialog and the recorder load when it is pressed
# (the unlock window should appear as fast as a bare window: benchmarks/bench_ui.py).
SEALED_SHOWN_MS = 60_000  # then the lock screen no longer says a note was just sealed


def seal_note(vault_path: Path, text: str, recording: bytes | None, name: str) -> Path:
    """What "Seal and close" does, off the UI thread: the recording cleaned as every voice
    note is, then sealed with the note. Returns the sealed file."""
    from kapjournal.services.attachments import clean_voice_note
    from kapjournal.services.capture import capture

    found = [(name, clean_voice_note(recording).data)] if recording else []
    return capture(vault_path, text, found)


class CaptureDialog(QDialog):
    """A note and one recording, sealed into the inbox beside `vault_path`. Emits `sealed`
    once they are, after dropping them."""

    sealed = Signal()

    def __init__(self, vault_path: Path, parent: QWidget | None = None) -> None:
        from kapjournal.ui.audio import Recorder
        from kapjournal.ui.panes.voice import RECORD_KEY

        super().__init__(parent)
        named(self, "captureDialog", tr("Capture a note"))
        self.setWindowTitle(tr("Capture a note"))
        self.vault_path = vault_path
        self.held: tuple[bytes, int] | None = None  # the recording, until sealed or discarded
        self.sealing = False
        self.warned = False  # Cancel said once what it would throw away
        self.ending = False
        self.recorder: Recorder = Recorder(self)
        layout = QVBoxLayout(self)
        layout.setSpacing(design.space(2))
        layout.addWidget(
            design.title(SpokenLabel("captureHeading", tr("Heading"), tr("Capture a note")))
        )
        words = tr(
            "Write or say what you want to remember. It is sealed at once: only your journal "
            "can open it, after you unlock. Nothing captured here can be read back on this "
            "screen."
        )
        about = muted(SpokenLabel("captureAbout", tr("About capturing"), words))
        about.setWordWrap(True)
        layout.addWidget(about)
        self.text = named(QPlainTextEdit(), "captureText", tr("Your note"))
        self.text.setPlaceholderText(tr("What do you want to remember?"))
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(design.line_height() * 6)
        self.text.textChanged.connect(lambda: setattr(self, "warned", False))
        layout.addWidget(self.text, 1)
        controls = QHBoxLayout()
        self.record = emphasised(named(QPushButton(), "captureRecord", ""), 1.25)
        self.record.setMinimumHeight(self.fontMetrics().height() * 3)
        self.record.setIconSize(design.icon_size())
        self.record.setAutoDefault(False)
        self.record.clicked.connect(self.toggle)
        key = QKeySequence(RECORD_KEY).toString(QKeySequence.SequenceFormat.NativeText)
        tip(self.record, tr("{key} starts and stops a recording.").format(key=key))
        QShortcut(QKeySequence(RECORD_KEY), self, self.toggle)
        self.meter = named(QProgressBar(), "captureLevel", tr("Microphone level"))
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.time = SpokenLabel("captureElapsed", tr("Time recorded"), "0:00")
        controls.addWidget(self.record, 2)
        controls.addWidget(self.meter, 2)
        controls.addWidget(self.time)
        layout.addLayout(controls)
        status_row = QHBoxLayout()
        self.status = SpokenLabel("captureStatus", tr("Recording status"), announce=POLITE)
        self.status.setWordWrap(True)
        self.discard = icon_button(
            "trash-2",
            tr("&Discard the recording"),
            "captureDiscard",
            tr("Discard the recording"),
        )
        self.discard.clicked.connect(self.discard_recording)
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.discard, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(status_row)
        self.error = ErrorLabel("captureError")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.cancel = named(QPushButton(tr("Cancel")), "captureCancel", tr("Cancel"))
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.reject)
        self.seal = icon_button(
            "lock", tr("&Seal and close"), "captureSeal", tr("Seal and close"),
            tr("Seal the note so only your journal can open it, and close"),
        )  # fmt: skip
        self.seal.setDefault(True)
        self.seal.clicked.connect(self.seal_and_close)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.seal)
        layout.addLayout(buttons)
        self.recorder.listening.connect(
            lambda: self.status.setText(tr("Recording. Press Stop when you are done."))
        )
        self.recorder.level.connect(lambda x: self.meter.setValue(round(x * 100)))
        self.recorder.elapsed.connect(self._elapsed)
        self.recorder.finished.connect(self._recorded)
        self.recorder.failed.connect(self._failed)
        self._show_idle()
        fit_to_screen(self, 560, 420)
        self.text.setFocus()

    # -- recording ---------------------------------------------------------------------------
    def toggle(self) -> None:
        """Record, stop, or (with a recording held) discard it and record again."""
        if self.sealing:
            return
        if self.recorder.is_recording():
            self.recorder.stop()
            self.record.setEnabled(False)
            self.status.setText(tr("Finishing the recording…"))
            return
        self.error.clear()
        self.held = None
        if self.recorder.start():
            self.record.setText(tr("Stop"))
            self.record.setIcon(design.icon("square"))
            self.record.setAccessibleName(tr("Stop recording"))
            self.meter.show()
            self.time.setText("0:00")
            self.time.show()
            self.discard.hide()
            self.status.setText(tr("Getting the microphone ready…"))

    def _elapsed(self, ms: int) -> None:
        from kapjournal.ui.panes.voice import clock_text

        text = clock_text(ms)
        if text != self.time.text():
            self.time.setText(text)

    def _recorded(self, data: bytes, ms: int) -> None:
        self.held = (data, ms)
        self._show_idle()

    def _failed(self, sentence: str) -> None:
        self.held = None
        self._show_idle()
        self.error.setText(sentence)

    def discard_recording(self) -> None:
        self.held = None
        self._show_idle()
        self.status.setText(tr("The recording was discarded."))
        self.record.setFocus()

    def _show_idle(self) -> None:
        """The record button, and what is held: the recording's length, or nothing."""
        self.record.setEnabled(True)
        self.meter.setValue(0)
        self.meter.hide()
        if self.held is None:
            self.record.setText(tr("Record"))
            self.record.setAccessibleName(tr("Record a voice note"))
            self.time.hide()
            self.discard.hide()
            self.status.clear()
        else:
            ms = self.held[1]  # said in words below, as the voice notes say it
            self.record.setText(tr("Record again"))
            self.record.setAccessibleName(tr("Discard this recording and record again"))
            self.time.hide()
            self.discard.show()
            self.status.setText(
                tr("Recorded {length}. It will be sealed with your note.").format(
                    length=spoken_length(ms)
                )
            )
        self.record.setIcon(design.icon("mic"))

    # -- sealing -----------------------------------------------------------------------------
    def seal_and_close(self) -> None:
        if self.sealing:
            return
        self.recorder.wait()  # a recording in progress is part of the note
        from kapjournal.services.clock import local_now

        recording = self.held[0] if self.held else None
        name = tr("Recorded at {time}").format(time=format_time(local_now()))
        vault, text = self.vault_path, self.text.toPlainText()
        self.sealing = True
        self.error.clear()
        for w in (self.text, self.record, self.discard, self.seal, self.cancel):
            w.setEnabled(False)
        self.status.setText(tr("Sealing…"))
        run_task(lambda: seal_note(vault, text, recording, name), self._sealed, self._not_sealed)

    def _sealed(self, _file: Path) -> None:
        self.sealing = False
        self._forget()
        self.sealed.emit()
        self.done(QDialog.DialogCode.Accepted)

    def _not_sealed(self, exc: BaseException) -> None:
        """Nothing was captured: the note and recording stay here to try again."""
        self.sealing = False
        for w in (self.text, self.record, self.discard, self.seal, self.cancel):
            w.setEnabled(True)
        self._show_idle()
        if isinstance(exc, StorageError):  # CaptureError, or a recording refused
            self.error.setText(str(exc))
        else:
            self.error.setText(
                tr("The note could not be sealed ({reason}); it is still here: try again.")
                .format(reason=exc)
            )  # fmt: skip

    def _forget(self) -> None:
        """Drop the note and the recording from memory (a new dialog starts empty)."""
        self.text.setPlainText("")  # clears the undo history too
        self.held = None
        self._show_idle()

    # -- leaving without sealing -------------------------------------------------------------
    def has_content(self) -> bool:
        return bool(self.text.toPlainText().strip()) or self.held is not None

    def reject(self) -> None:
        """Cancel, Escape, the window's close: with something written or recorded, the first
        time says what would be lost (no message box: a lock must never wait on one), and
        the second throws it away."""
        if self.sealing:
            return
        self.recorder.wait()
        if self.has_content() and not self.warned:
            self.warned = True
            self.error.setText(
                tr("What you wrote or recorded is not sealed yet. Press Cancel again to throw "
                   "it away, or Seal and close to keep it.")
            )  # fmt: skip
            return
        self._forget()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sealing:
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.ending = True
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden by the app rather than closed by the patient (a lock closes every modal
        dialog): what was written or recorded is sealed, so nothing is lost, and nothing
        stays on screen for the next person."""
        super().hideEvent(event)
        if not event.spontaneous() and not self.ending and not self.sealing:
            if self.has_content():
                self.seal_and_close()
            else:
                self.done(QDialog.DialogCode.Rejected)


class CaptureCorner(QWidget):
    """On the lock screen: "Capture a note", and for a minute after sealing, the sentence
    that says where the note went. `set_vault(None)` hides it (no journal to capture for)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureCorner")
        self.vault_path: Path | None = None
        self.dialog: CaptureDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.button = icon_button(
            "notebook-pen", tr("&Capture a note…"), "captureNote", tr("Capture a note"),
            tr("Write or record a note without unlocking; only your journal can read it"),
        )  # fmt: skip
        self.button.clicked.connect(self.open_dialog)
        hint = muted(
            SpokenLabel(
                "captureHint",
                tr("About capturing"),
                tr("No passphrase needed. Only your journal can read it, after you unlock."),
            )
        )
        hint.setWordWrap(True)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(hint, 1)
        layout.addLayout(row)
        self.note = SpokenLabel("captureSealed", tr("Capture status"), announce=POLITE)
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.forget)

    def set_vault(self, path: Path | None) -> None:
        if path != self.vault_path:
            self.forget()
        self.vault_path = path
        self.setVisible(path is not None)

    def open_dialog(self) -> None:
        if self.vault_path is None:
            return
        if self.dialog is not None:  # one at a time; shown again if a lock hid it unsealed
            self.dialog.open()
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.forget()
        dialog = CaptureDialog(self.vault_path, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sealed.connect(self._sealed)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()  # modal to the lock screen: nothing is unlocked meanwhile

    def _closed(self) -> None:
        self.dialog = None
        self.button.setFocus()

    def _sealed(self) -> None:
        self.note.setText(
            tr("Sealed. Only your journal can open it; it will be in your journal after you "
               "unlock.")
        )  # fmt: skip
        self.note.show()
        self.timer.start(SEALED_SHOWN_MS)

    def forget(self) -> None:
        """No word of an earlier capture stays on the lock screen."""
        self.timer.stop()
        self.note.clear()
        self.note.hide()
