"""Start-up on a real X display: launch to the first painted window, against bare PySide6.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python benchmarks/bench_startup.py \
        [--runs 15] [--out FILE]

Each sample is a whole new process, timed from just before it is spawned to the end of the
event-loop turn in which its first window received its first paint event:
- bare: `QApplication`, a `QMainWindow` with a label, `show()`;
- first run: `kapjournal` exactly as the user starts it (the command-line entry point, settings,
  language, then the app) in an empty data folder, so the first-run dialog is what appears;
- unlock: the same with a vault in place, so the unlock window appears.
The three are interleaved run by run so that the machine's noise falls on all of them alike.
Then one `python -X importtime` run of each kapjournal path lists the modules it imports before
the first paint that the bare window does not, largest first. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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

# Shared by both children: report the first paint of a window, at the end of that loop turn.
PROBE = """
import sys, time
T0 = float(sys.argv[1])
def report(app):
    print(time.time() - T0, flush=True)
    print("-- first paint --", file=sys.stderr, flush=True)  # cuts the -X importtime trace
    app.quit()
def probe(app):
    from PySide6.QtCore import QEvent, QObject, QTimer
    class FirstPaint(QObject):
        done = False
        def eventFilter(self, obj, event):
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, lambda: report(app))
            return False
    app._first_paint = FirstPaint()
    app.installEventFilter(app._first_paint)
    return app
"""

BARE = (
    PROBE
    + """
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = probe(QApplication([]))
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.show()
app.exec()
"""
)

# The real entry point; only create_application is wrapped, to attach the probe.
KAPJOURNAL = (
    PROBE
    + """
import kapjournal.ui.app as ui_app
real = ui_app.create_application
ui_app.create_application = lambda argv=None: probe(real(argv))
from kapjournal.cli.main import main
main([])
"""
)


def one(script: str, home: Path, importtime: bool = False) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KAPJOURNAL_HOME=str(home), QT_QPA_PLATFORM="xcb")
    flags = ["-X", "importtime"] if importtime else []
    r = subprocess.run(
        [sys.executable, *flags, "-c", script, repr(time.time())],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return float(r.stdout.strip().splitlines()[-1]), r.stderr


def ms(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values) * 1000, 1),
        "min_ms": round(min(values) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
        "n": len(values),
    }


LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def imports(stderr: str) -> dict[str, tuple[int, int]]:
    """module -> (self µs, cumulative µs) from -X importtime output."""
    out = {}
    for m in LINE.finditer(stderr.split("-- first paint --")[0]):
        out[m.group(4)] = (int(m.group(1)), int(m.group(2)))
    return out


def extra_imports(kj: str, bare: str, top: int = 15) -> list[dict[str, Any]]:
    """Top-level packages kapjournal's path imports that the bare window does not, by the
    time spent in their own modules (self time, so nothing is counted twice)."""
    seen_bare = imports(bare)
    groups: dict[str, list[int]] = {}
    for module, (self_us, _cum) in imports(kj).items():
        if module in seen_bare:
            continue
        key = module if module.startswith("kapjournal") else module.split(".")[0]
        if key.startswith("kapjournal"):
            key = ".".join(module.split(".")[:2])
        groups.setdefault(key, []).append(self_us)
    ranked = sorted(groups.items(), key=lambda kv: -sum(kv[1]))
    return [
        {"package": k, "modules": len(v), "self_ms": round(sum(v) / 1000, 1)} for k, v in ranked
    ][:top]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if not os.environ.get("DISPLAY"):
        raise SystemExit("run under xvfb-run: this measures a real X display")
    sys.path.insert(0, str(ROOT))
    from kapjournal.services.opening import create_journal

    empty = Path(tempfile.mkdtemp(prefix="kj-first-"))
    with_vault = Path(tempfile.mkdtemp(prefix="kj-unlock-"))
    create_journal(with_vault / "journal.kapvault", PASSPHRASE).lock()

    for script, home in ((BARE, empty), (KAPJOURNAL, with_vault)):  # warm the file cache
        one(script, home)
    samples: dict[str, list[float]] = {"bare": [], "first_run": [], "unlock": []}
    for _ in range(args.runs):
        samples["bare"].append(one(BARE, empty)[0])
        samples["first_run"].append(one(KAPJOURNAL, empty)[0])
        samples["unlock"].append(one(KAPJOURNAL, with_vault)[0])
        (empty / "journal.kapvault").unlink(missing_ok=True)  # stays a first run
    bare = statistics.median(samples["bare"])
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": "xcb (Xvfb)",
        "python": sys.version.split()[0],
        **{k: ms(v) for k, v in samples.items()},
        "ratio_first_run": round(statistics.median(samples["first_run"]) / bare, 2),
        "ratio_unlock": round(statistics.median(samples["unlock"]) / bare, 2),
    }
    _, bare_trace = one(BARE, empty, importtime=True)
    _, unlock_trace = one(KAPJOURNAL, with_vault, importtime=True)
    _, first_trace = one(KAPJOURNAL, empty, importtime=True)
    result["imports_beyond_bare"] = {
        "unlock": extra_imports(unlock_trace, bare_trace),
        "first_run": extra_imports(first_trace, bare_trace),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
