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


def record(
    qtbot: QtBot, voice: VoiceNotes, env: dict[str, str], text: str, voice_name: str = "en"
) -> tuple[float, list[float]]:
    """Record `text` spoken into the microphone; the seconds between audio flowing and Stop,
    and the meter's levels."""
    levels: list[float] = []
    voice.recorder.level.connect(levels.append)
    with qtbot.waitSignal(voice.recorder.listening, timeout=20_000):
        voice.record.click()
    heard = time.monotonic()
    speaker = speak(env, text, voice_name)
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    with qtbot.waitSignal(voice.recorder.finished, timeout=20_000):
        voice.record.click()
        stopped = time.monotonic()
    return stopped - heard, levels
