"""The built package against the source tree: launch to the first window, side by side.

    scripts/build-package
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python benchmarks/bench_package.py \\
        [--built dist/kapjournal/kapjournal] [--runs 15] [--out FILE]

Each sample is a new process with a journal in place (so the unlock window is what appears),
timed from just before it is spawned until a window of class "kapjournal" is mapped on the X
display (`xwininfo -root -tree`, polled every 10 ms: the same watcher for both, so its cost
falls on both alike). The built folder and the source tree's `kapjournal` are interleaved run by
run. A frozen build cannot be probed from inside, which is why this measures the window's
appearance rather than its first paint (benchmarks/bench_startup.py does that for the source).
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "benchmark passphrase, not a secret"


def window_shown() -> bool:
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=False
    ).stdout
    return '("kapjournal" "kapjournal")' in tree


def launch(command: list[str], home: Path) -> float:
    env = {**os.environ, "KAPJOURNAL_HOME": str(home), "QT_QPA_PLATFORM": "xcb"}
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not window_shown():
            if child.poll() is not None:
                raise RuntimeError(f"{command[0]} ended before showing a window")
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"{command[0]}: no window within 30 s")
            time.sleep(0.01)
        return time.perf_counter() - start
    finally:
        child.terminate()
        child.wait(10)
        while window_shown():  # the next run starts on an empty screen
            time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--built", type=Path, default=ROOT / "dist" / "kapjournal" / "kapjournal")
    parser.add_argument("--source", type=Path, default=ROOT / ".venv" / "bin" / "kapjournal")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("run under xvfb-run (see the docstring)")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        made = subprocess.run(
            [str(args.source), "init", "--passphrase-file", "-", "--no-keychain"],
            input=PASSPHRASE + "\n", text=True, capture_output=True,
            env={**os.environ, "KAPJOURNAL_HOME": str(home)}, check=True,
        )  # fmt: skip
        assert made.returncode == 0
        kinds = {"built": [str(args.built)], "source": [str(args.source)]}
        for command in kinds.values():
            launch(command, home)  # warm the file cache for both
        times: dict[str, list[float]] = {k: [] for k in kinds}
        for _ in range(args.runs):
            for kind, command in kinds.items():
                times[kind].append(launch(command, home))
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": args.runs,
        "built_median_ms": round(med["built"], 1),
        "source_median_ms": round(med["source"], 1),
        "built_over_source": round(med["built"] / med["source"], 2),
        "built_p90_ms": round(
            sorted(times["built"])[int(0.9 * (len(times["built"]) - 1))] * 1000, 1
        ),
        "source_p90_ms": round(
            sorted(times["source"])[int(0.9 * (len(times["source"]) - 1))] * 1000, 1
        ),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
