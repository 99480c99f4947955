"""A throwaway PulseAudio server with a virtual microphone, for recording tests.

A null sink swallows what is played to it; its monitor, remapped as a source, is the default
microphone. Playing a phrase (espeak-ng) to the sink is speaking into the microphone. The
server runs in its own runtime folder, with no configuration of the person running the tests,
and is gone when the tests end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kapjournal.ui.main_window import MainWindow
    from kapjournal.ui.panes.voice import VoiceNotes

SINK = "kapjournal_speaker"
SOURCE = "kapjournal_mic"


@contextmanager
def virtual_microphone() -> Iterator[dict[str, str]]:
    """Start the server; yield the environment that points libpulse (and Qt) at it."""
    for tool in ("pulseaudio", "pactl", "paplay", "espeak-ng"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: scripts/run-tests installs it")
    runtime = Path(tempfile.mkdtemp(prefix="kapjournal-pulse-"))
    env = dict(
        os.environ,
        XDG_RUNTIME_DIR=str(runtime),
        PULSE_RUNTIME_PATH=str(runtime / "pulse"),
        PULSE_SERVER=f"unix:{runtime / 'pulse' / 'native'}",
        PULSE_STATE_PATH=str(runtime / "state"),
        HOME=str(runtime),  # no cookie or config of whoever runs the tests
    )
    server = subprocess.Popen(
        [
            "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
            "--use-pid-file=no", "--system=false",
            "-L", "module-native-protocol-unix auth-anonymous=1",
            "-L", f"module-null-sink sink_name={SINK} rate=16000 channels=1",
            "-L", f"module-remap-source master={SINK}.monitor source_name={SOURCE}",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pulseaudio did not start: {server.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.1)
        for what, name in (("set-default-sink", SINK), ("set-default-source", SOURCE)):
            subprocess.run(["pactl", what, name], env=env, check=True)
        yield {k: env[k] for k in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER")}
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(runtime, ignore_errors=True)


def speak(env: dict[str, str], text: str, voice_name: str = "en") -> subprocess.Popen[bytes]:
    """Say `text` into the microphone (espeak-ng's voice, streamed: nothing on disk); "" is
    two seconds of silence."""
    full = dict(os.environ, **env)
    if not text:
        return subprocess.Popen(["sleep", "2"])
    voice = subprocess.Popen(
        ["espeak-ng", "-v", voice_name, "--stdout", text], stdout=subprocess.PIPE
    )
    player = subprocess.Popen(["paplay", "-d", SINK], stdin=voice.stdout, env=full)
    assert voice.stdout is not None
    voice.stdout.close()
    return player


def recall_page(window: MainWindow) -> VoiceNotes:
    """The recall page of a new entry, with its voice-note control."""
    window.start_entry("kapjournal.core/recall")
    voice = window.editor.voice
    assert voice is not None
    return voice


@dataclass
class Take:
    """One recording as the test saw it. The recorder's clock is the audio it has encoded
    (`elapsed`); the test's is the wall clock. They need not start together. `listening`
    waits for the first `elapsed`, which came 0.1 s after Record here when warm and 1.7 s when
    cold, both counting 64 ms; two fresh CI runs stored notes 1.8 s and 2.4 s longer than the
    wall clock from `listening` to Stop (4.15 s), which is what the microphone's audio waiting
    in its buffer while the encoder starts produces: that audio is encoded too, so the note is
    longer than the test's window, not wrong. So the clocks are compared by how far each moved
    between `listening` and Stop, and the note is bounded by Record-to-finished from above."""

    wall: float  # seconds from `listening` to the Stop click
    audio: float  # seconds the recorder's clock moved in that time
    at_stop: float  # the recorder's clock when Stop was clicked
    longest: float  # seconds from the Record click to `finished`: no note can be longer
    levels: list[float]
    timeline: list[tuple[float, int]]  # (wall seconds since Record, elapsed ms)


def record(
    qtbot: QtBot, voice: VoiceNotes, env: dict[str, str], text: str, voice_name: str = "en"
) -> Take:
    """Record `text` spoken into the microphone."""
    levels: list[float] = []
    timeline: list[tuple[float, int]] = []
    voice.recorder.level.connect(levels.append)
    clicked = time.monotonic()
    voice.recorder.elapsed.connect(lambda ms: timeline.append((time.monotonic() - clicked, ms)))
    with qtbot.waitSignal(voice.recorder.listening, timeout=20_000):
        voice.record.click()
    heard = time.monotonic()
    first = timeline[-1][1]
    speaker = speak(env, text, voice_name)
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    with qtbot.waitSignal(voice.recorder.finished, timeout=20_000):
        stopped = time.monotonic()
        at_stop = timeline[-1][1]
        voice.record.click()
    finished = time.monotonic()
    return Take(
        wall=stopped - heard,
        audio=(at_stop - first) / 1000,
        at_stop=at_stop / 1000,
        longest=finished - clicked,
        levels=levels,
        timeline=timeline,
    )
