"""An entry's voice notes: a big record/stop control with a level meter and the time
recorded, then each note to play, rename or delete. The recording lives in memory until it is
kept in the vault with its entry (kapjournal.ui.audio); QtMultimedia loads on first use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Attachment
from kapjournal.errors import StorageError
from kapjournal.i18n import format_time, spoken_length
from kapjournal.services.attachments import AttachmentService
from kapjournal.services.clock import local_now
from kapjournal.services.speech import find_model, how_to_add, transcribe
from kapjournal.ui import design
from kapjournal.ui.audio import PcmDecoder, Player, Recorder
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import POLITE, ErrorLabel, SpokenLabel, emphasised, named, tip, tr

RECORD_KEY = "Ctrl+Shift+R"


def clock_text(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class VoiceRow(QWidget):
    """One voice note: play or stop, its name and length, rename, delete."""

    def __init__(self, n: int, a: Attachment) -> None:
        super().__init__()
        self.attachment = a
        length = spoken_length(a.duration_ms or 0)
        named(self, f"voiceNote{n}", tr("Voice note {name}, {length}").format(
            name=a.name, length=length))  # fmt: skip
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.play = named(
            QPushButton(tr("▶ Play")), f"voicePlay{n}", tr("Play {name}").format(name=a.name)
        )
        self.label = QLabel(tr("{name} · {length}").format(name=a.name, length=length))
        self.label.setWordWrap(True)
        self.write_out = named(
            QPushButton(tr("Write out")),
            f"voiceWriteOut{n}",
            tr("Write {name} out as text in the entry").format(name=a.name),
        )
        self.rename = named(
            QPushButton(tr("Rename…")), f"voiceRename{n}", tr("Rename {name}").format(name=a.name)
        )
        self.delete = named(
            QPushButton(tr("Delete…")), f"voiceDelete{n}", tr("Delete {name}").format(name=a.name)
        )
        row.addWidget(self.play)
        row.addWidget(self.label, 1)
        row.addWidget(self.write_out)
        row.addWidget(self.rename)
        row.addWidget(self.delete)

    def show_playing(self, playing: bool) -> None:
        name = self.attachment.name
        self.play.setText(tr("■ Stop") if playing else tr("▶ Play"))
        self.play.setAccessibleName(
            (tr("Stop playing {name}") if playing else tr("Play {name}")).format(name=name)
        )


class VoiceNotes(QWidget):
    """`ensure_saved()` returns the entry's uid once it is in the vault (a note needs it).
    With `lead`, the control comes first with words for someone too foggy to type. Speech
    models are looked for in `models`; `written_out(name, text)` hands a transcript to the
    entry."""

    written_out = Signal(str, str)

    def __init__(
        self,
        service: AttachmentService,
        ensure_saved: Callable[[], str | None],
        *,
        lead: bool = False,
        models: Path | None = None,
    ) -> None:
        super().__init__()
        named(self, "entryVoiceNotes", tr("Voice notes"))
        self.service = service
        self.models = models
        self.ensure_saved = ensure_saved
        self.entry_uid: str | None = None
        self.recorder = Recorder(self)
        self.player = Player(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            SpokenLabel("voiceTitle", tr("Heading"), tr("<b>Voice notes</b>"), rich=True)
        )
        if lead:
            hint = SpokenLabel(
                "voiceLead",
                tr("About voice notes"),
                tr("Too foggy to type? Say what you remember. It is kept only in this journal."),
            )
            hint.setWordWrap(True)
            layout.addWidget(hint)
        controls = QHBoxLayout()
        self.record = emphasised(named(QPushButton(), "voiceRecord", ""), 1.25)
        self.record.setMinimumHeight(self.fontMetrics().height() * 3)
        self.record.clicked.connect(self.toggle)
        self.meter = named(QProgressBar(), "voiceLevel", tr("Microphone level"))
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setOrientation(Qt.Orientation.Horizontal)
        self.meter.setEnabled(False)
        self.time = SpokenLabel("voiceElapsed", tr("Time recorded"), "0:00")
        controls.addWidget(self.record, 2)
        controls.addWidget(self.meter, 2)
        controls.addWidget(self.time)
        layout.addLayout(controls)
        key = QKeySequence(RECORD_KEY).toString(QKeySequence.SequenceFormat.NativeText)
        # The key is in Help and on the button, not a line of its own above the questions.
        tip(self.record, tr("{key} starts and stops a recording.").format(key=key))
        self.record.setIconSize(design.icon_size())
        self.meter.hide()  # these two only while recording: nothing to show before
        self.time.hide()
        self.status = SpokenLabel("voiceStatus", tr("Voice notes status"), announce=POLITE)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.error = ErrorLabel("voiceError")
        layout.addWidget(self.error)
        # A recording that could not be stored (the journal busy, the disk full) stays in
        # memory until it is, the entry closes or the app locks.
        self.unkept: tuple[bytes, int] | None = None
        self.retry = named(
            QPushButton(tr("Try keeping it again")),
            "voiceRetry",
            tr("Try keeping the voice note again"),
        )
        self.retry.clicked.connect(self._retry)
        self.retry.hide()
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        self.model_help = SpokenLabel("voiceModelHelp", tr("About writing out voice notes"))
        self.model_help.setWordWrap(True)
        self.model_help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_models = named(
            QPushButton(tr("Open the speech models folder")),
            "voiceOpenModels",
            tr("Open the speech models folder"),
        )
        self.open_models.clicked.connect(self._open_models)
        for w in (self.model_help, self.open_models):
            w.hide()
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft)
        self.list = QVBoxLayout()
        layout.addLayout(self.list)
        self.rows: list[VoiceRow] = []
        self.recorder.listening.connect(self._listening)
        self.recorder.level.connect(lambda x: self.meter.setValue(round(x * 100)))
        self.recorder.elapsed.connect(self._elapsed)
        self.recorder.finished.connect(self._keep)
        self.recorder.failed.connect(self._failed)
        self.player.playing.connect(self._playing)
        self.player.failed.connect(self.error.setText)
        self._show_idle()

    # -- the entry's notes -------------------------------------------------------------------
    def show_entry(self, entry_uid: str | None) -> None:
        self.entry_uid = entry_uid
        self._fill()

    def _fill(self) -> None:
        self.player.stop()
        for row in self.rows:
            self.list.removeWidget(row)
            row.deleteLater()
        self.rows = []
        found = self.service.of_entry(self.entry_uid) if self.entry_uid else []
        for n, a in enumerate(x for x in found if x.kind == "audio"):
            row = VoiceRow(n, a)
            row.play.clicked.connect(lambda _=False, a=a: self.play(a))
            row.write_out.clicked.connect(lambda _=False, a=a: self.write_out(a))
            row.rename.clicked.connect(lambda _=False, a=a: self.ask_rename(a))
            row.delete.clicked.connect(lambda _=False, a=a: self.ask_delete(a))
            self.list.addWidget(row)
            self.rows.append(row)

    # -- recording ---------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.recorder.is_recording():
            self.recorder.stop()
            self.record.setEnabled(False)
            self.status.setText(tr("Finishing the recording…"))
            return
        self.error.clear()
        self.player.stop()
        if self.recorder.start():
            self.record.setText(tr("Stop and keep"))
            self.record.setIcon(design.icon("square"))
            self.meter.show()
            self.time.show()
            self.record.setAccessibleName(tr("Stop recording and keep the voice note"))
            self.meter.setEnabled(True)
            self.time.setText("0:00")
            self.status.setText(tr("Getting the microphone ready…"))

    def finish(self) -> None:
        """A recording in progress, or one not yet kept, is stopped and kept now (before a
        lock, quit or another entry)."""
        self.recorder.wait()
        self._retry()

    def _listening(self) -> None:
        self.status.setText(tr("Recording. Press Stop when you are done."))

    def _elapsed(self, ms: int) -> None:
        text = clock_text(ms)
        if text != self.time.text():
            self.time.setText(text)

    def _keep(self, data: bytes, ms: int) -> None:
        self._show_idle()
        self.unkept = (data, ms)
        uid = self.ensure_saved()
        if uid is None:
            self._not_kept(tr("The entry could not be saved, so the voice note is not kept yet."))
            return
        name = tr("Recorded at {time}").format(time=format_time(local_now()))
        try:
            added = self.service.add_voice(uid, data, name)
        except StorageError as exc:
            self._not_kept(str(exc))
            return
        self.unkept = None
        self.retry.hide()
        self.error.clear()
        self.entry_uid = uid
        self._fill()
        self.status.setText(
            tr("Kept “{name}” ({length}).").format(
                name=added.name, length=spoken_length(added.duration_ms or ms)
            )
        )

    def _retry(self) -> None:
        if self.unkept is not None:
            self._keep(*self.unkept)

    def _not_kept(self, reason: str) -> None:
        self.status.clear()
        self.error.setText(
            reason
            + " "
            + tr("The recording is held in memory: try again before closing this entry.")
        )
        self.retry.show()

    def _failed(self, sentence: str) -> None:
        self._show_idle()
        self.status.clear()
        self.error.setText(sentence)

    def _show_idle(self) -> None:
        self.record.setEnabled(True)
        self.record.setText(tr("Record a voice note"))
        self.record.setIcon(design.icon("mic"))
        self.record.setAccessibleName(tr("Record a voice note"))
        self.meter.setValue(0)
        self.meter.setEnabled(False)
        self.meter.hide()
        self.time.hide()

    # -- writing out -------------------------------------------------------------------------
    def write_out(self, a: Attachment) -> None:
        """Transcribe a note with the installed speech model, or say how to add one."""
        self.error.clear()
        model = find_model(self.models) if self.models else None
        if model is None:
            self.model_help.setText(how_to_add(self.models or Path(tr("the speech models folder"))))
            self.model_help.show()
            self.open_models.setVisible(self.models is not None)
            self.model_help.say(self.model_help.text())
            return
        data = self.service.data(a.uid)
        if not data:
            return
        self.status.setText(
            tr("Writing out {name} with {model}… this can take a moment.").format(
                name=a.name, model=model.name
            )
        )
        decoder = PcmDecoder(self)

        def heard(text: str) -> None:
            if not text:
                self.status.setText(tr("No words were recognised in {name}.").format(name=a.name))
                return
            self.written_out.emit(a.name, text)
            self.status.setText(
                tr("The words of {name} are now in the entry. Check them: a model can mishear.")
                .format(name=a.name)
            )  # fmt: skip

        def failed(exc: BaseException) -> None:
            self.status.clear()
            self.error.setText(
                str(exc)
                if isinstance(exc, StorageError)
                else tr("The voice note could not be written out ({reason}).").format(reason=exc)
            )

        decoder.done.connect(lambda pcm: run_task(lambda: transcribe(model, pcm), heard, failed))
        decoder.failed.connect(self.error.setText)
        decoder.start(data)

    def _open_models(self) -> None:
        if self.models is not None:
            self.models.mkdir(parents=True, exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.models)))

    # -- playing, renaming, deleting ---------------------------------------------------------
    def play(self, a: Attachment) -> None:
        if self.player.uid == a.uid:
            self.player.stop()
            return
        data = self.service.data(a.uid)
        if data:
            self.error.clear()
            self.player.play(a.uid, data)

    def _playing(self, playing: bool) -> None:
        for row in self.rows:
            row.show_playing(playing and row.attachment.uid == self.player.uid)

    def ask_rename(self, a: Attachment) -> None:
        name, ok = QInputDialog.getText(
            self, tr("Rename the voice note"), tr("New name:"), text=a.name
        )
        if ok:
            self.rename(a, name)

    def rename(self, a: Attachment, name: str) -> None:
        try:
            new = self.service.rename(a.uid, name)
        except StorageError as exc:
            self.error.setText(str(exc))
            return
        if new:
            self._fill()
            self.status.setText(tr("Renamed to {name}.").format(name=new))

    def ask_delete(self, a: Attachment) -> None:
        answer = QMessageBox.question(
            self, tr("Delete this voice note?"),
            tr("Delete “{name}” from this entry for good?").format(name=a.name),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(a)

    def delete(self, a: Attachment) -> None:
        if self.player.uid == a.uid:
            self.player.stop()
        try:
            self.service.remove(a.uid)
        except StorageError as exc:
            self.error.setText(str(exc))
            return
        self._fill()
        self.status.setText(tr("Deleted {name}.").format(name=a.name))
