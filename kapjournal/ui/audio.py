"""Recording and playing voice notes, in memory only.

QtMultimedia (pyside6-addons) is imported when a recording or a playback starts, never at
start-up. The recorder encodes FLAC straight into a QBuffer (QMediaRecorder.setOutputDevice),
so no file is written, not even a temporary one; playback reads the vault's bytes from a
QBuffer too. A second, raw stream from the same microphone feeds the level meter.
"""

from __future__ import annotations

import array
import math
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QTimer, Signal

from kapjournal.services.attachments import MAX_VOICE_MS
from kapjournal.ui.widgets import tr

SAMPLE_RATE = 16_000  # speech, and what offline speech models read
METER_FLOOR_DB = -60.0
# Qt Multimedia says at every load which sound systems it did not find (PipeWire here), and
# which FFmpeg it uses; QT_LOGGING_RULES still turns them on.
QUIET = "qt.multimedia*=false"


def quiet() -> None:
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules(QUIET)


def no_microphone_reason() -> str:
    """ "" when recording can start; otherwise one sentence saying why not."""
    quiet()
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return tr("Recording needs Qt Multimedia (the pyside6-addons package), which is missing.")
    if not QMediaDevices.audioInputs():
        return tr("No microphone was found. Connect one, then try again.")
    return ""


def recording_support() -> str:
    """For `kapjournal --version`: whether this build can record voice notes. Loads Qt's
    FFmpeg plugin, so a package built without it says so."""
    from PySide6.QtCore import QCoreApplication

    quiet()
    try:
        from PySide6.QtMultimedia import QMediaFormat
    except ImportError:
        return tr("Voice notes: not available (Qt Multimedia is missing)")
    _app = QCoreApplication.instance() or QCoreApplication([])
    flac = QMediaFormat(QMediaFormat.FileFormat.FLAC)
    if QMediaFormat.AudioCodec.FLAC in flac.supportedAudioCodecs(
        QMediaFormat.ConversionMode.Encode
    ):
        return tr("Voice notes: FLAC recording available")
    return tr("Voice notes: not available (no FLAC encoder)")


def retire(parts: Iterable[QObject]) -> None:
    """Delete Qt Multimedia objects from the application's event loop, never together with
    their owner: deleting a capture session's parts at once (a Recorder dropped by Python
    right after `wait()`) crashed the next recording in the process with SIGBUS."""
    app = QCoreApplication.instance()
    for part in parts:
        part.setParent(app)
        part.deleteLater()


def level_of(pcm: bytes) -> float:
    """The loudest sample of 16-bit PCM as 0..1 on a decibel scale (-60 dBFS and below is 0)."""
    samples = array.array("h", pcm[: len(pcm) // 2 * 2])
    if not samples:
        return 0.0
    peak = max(max(samples), -min(samples)) / 32768
    if peak <= 0:
        return 0.0
    return max(0.0, min(1.0, 1 - 20 * math.log10(peak) / METER_FLOOR_DB))


class Recorder(QObject):
    """`listening()` once audio really flows (1-2 s after start on some systems); `level(x)`
    and `elapsed(ms)` while it does; then `finished(flac_bytes, ms)` or `failed(sentence)`."""

    listening = Signal()
    level = Signal(float)
    elapsed = Signal(int)
    finished = Signal(bytes, int)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._parts: dict[str, Any] = {}
        self._heard = False
        self._stopping = False

    def is_recording(self) -> bool:
        return bool(self._parts)

    def start(self) -> bool:
        reason = no_microphone_reason()
        if reason:
            self.failed.emit(reason)
            return False
        from PySide6.QtMultimedia import (
            QAudioFormat,
            QAudioInput,
            QAudioSource,
            QMediaCaptureSession,
            QMediaDevices,
            QMediaFormat,
            QMediaRecorder,
        )

        buffer = QBuffer(self)
        buffer.open(QIODevice.OpenModeFlag.ReadWrite)
        session = QMediaCaptureSession(self)
        microphone = QAudioInput(QMediaDevices.defaultAudioInput(), self)
        session.setAudioInput(microphone)
        recorder = QMediaRecorder(self)
        session.setRecorder(recorder)
        flac = QMediaFormat(QMediaFormat.FileFormat.FLAC)
        flac.setAudioCodec(QMediaFormat.AudioCodec.FLAC)
        recorder.setMediaFormat(flac)
        recorder.setAudioChannelCount(1)
        recorder.setAudioSampleRate(SAMPLE_RATE)
        recorder.setOutputDevice(buffer)
        recorder.durationChanged.connect(self._duration)
        recorder.recorderStateChanged.connect(self._state)
        recorder.errorOccurred.connect(self._error)
        raw = QAudioFormat()
        raw.setSampleRate(SAMPLE_RATE)
        raw.setChannelCount(1)
        raw.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        meter = QAudioSource(microphone.device(), raw, self)
        self._parts = {
            "buffer": buffer,
            "session": session,
            "microphone": microphone,
            "recorder": recorder,
            "meter": meter,
        }
        self._heard = False
        self._stopping = False
        feed = meter.start()
        if feed is not None:
            feed.readyRead.connect(lambda: self.level.emit(level_of(bytes(feed.readAll().data()))))
            self._parts["feed"] = feed
        recorder.record()
        return True

    def stop(self) -> None:
        """Finish the recording; `finished` follows once the encoder has closed the stream."""
        if self._parts and not self._stopping:
            self._stopping = True
            self._parts["meter"].stop()
            self._parts["recorder"].stop()

    def wait(self, msecs: int = 5000) -> None:
        """Stop and wait until `finished` or `failed` was emitted (before a lock or quit)."""
        from PySide6.QtCore import QEventLoop

        if not self._parts:
            return
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        self.failed.connect(loop.quit)
        QTimer.singleShot(msecs, loop.quit)
        self.stop()
        if self._parts:
            loop.exec()
        self.finished.disconnect(loop.quit)
        self.failed.disconnect(loop.quit)

    def _duration(self, ms: int) -> None:
        if ms > 0 and not self._heard:
            self._heard = True
            self.listening.emit()
        self.elapsed.emit(ms)
        if ms >= MAX_VOICE_MS:
            self.stop()

    def _state(self, state: object) -> None:
        from PySide6.QtMultimedia import QMediaRecorder

        if state != QMediaRecorder.RecorderState.StoppedState or not self._parts:
            return
        parts, self._parts = self._parts, {}
        data = bytes(parts["buffer"].data().data())
        ms = parts["recorder"].duration()
        self._release(parts)
        if ms <= 0 or not data:
            self.failed.emit(tr("Nothing was heard from the microphone, so nothing was kept."))
        else:
            self.finished.emit(data, ms)

    def _error(self, _error: object, text: str) -> None:
        parts, self._parts = self._parts, {}
        if parts:
            parts["meter"].stop()
            self._release(parts)
        self.failed.emit(tr("The recording stopped: {reason}").format(reason=text))

    @staticmethod
    def _release(parts: dict[str, Any]) -> None:
        buffer = parts["buffer"]
        buffer.close()
        buffer.setData(QByteArray())  # the encoded audio lives on only in the vault
        retire(p for p in parts.values() if p is not parts.get("feed"))


class Player(QObject):
    """Plays one voice note from its bytes. `playing(bool)` when it starts and stops;
    `failed(sentence)`."""

    playing = Signal(bool)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._parts: dict[str, Any] = {}
        self.uid = ""

    def play(self, uid: str, data: bytes) -> None:
        from PySide6.QtCore import QUrl

        quiet()
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self.stop()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        player = QMediaPlayer(self)
        output = QAudioOutput(self)
        player.setAudioOutput(output)
        player.playbackStateChanged.connect(self._state)
        player.errorOccurred.connect(
            lambda _e, text: self.failed.emit(tr("It could not be played: {reason}").format(
                reason=text
            ))
        )  # fmt: skip
        self._parts = {"buffer": buffer, "player": player, "output": output}
        self.uid = uid
        player.setSourceDevice(buffer, QUrl("voice.flac"))
        player.play()

    def is_playing(self) -> bool:
        return bool(self._parts)

    def stop(self) -> None:
        parts, self._parts = self._parts, {}
        if parts:
            parts["player"].playbackStateChanged.disconnect(self._state)
            parts["player"].stop()
            retire(parts.values())
            self.uid = ""
            self.playing.emit(False)

    def _state(self, state: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if state == QMediaPlayer.PlaybackState.PlayingState:
            self.playing.emit(True)
        elif state == QMediaPlayer.PlaybackState.StoppedState:
            self.stop()


class PcmDecoder(QObject):
    """A voice note's FLAC decoded in memory to 16 kHz mono 16-bit PCM, for speech models:
    `done(pcm)` or `failed(sentence)`."""

    done = Signal(bytes)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._parts: dict[str, Any] = {}

    def start(self, data: bytes) -> None:
        quiet()
        from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat

        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        decoder = QAudioDecoder(self)
        pcm = QAudioFormat()
        pcm.setSampleRate(SAMPLE_RATE)
        pcm.setChannelCount(1)
        pcm.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        decoder.setAudioFormat(pcm)
        decoder.setSourceDevice(buffer)
        chunks: list[bytes] = []
        decoder.bufferReady.connect(lambda: chunks.append(bytes(decoder.read().data())))
        decoder.finished.connect(lambda: self._finish(b"".join(chunks)))
        decoder.error.connect(lambda _e: self._finish(None, decoder.errorString()))
        self._parts = {"buffer": buffer, "decoder": decoder}
        decoder.start()

    def _finish(self, pcm: bytes | None, reason: str = "") -> None:
        parts, self._parts = self._parts, {}
        if not parts:
            return
        retire(parts.values())
        if pcm is None:
            self.failed.emit(tr("The voice note could not be decoded: {reason}").format(
                reason=reason))  # fmt: skip
        else:
            self.done.emit(pcm)
