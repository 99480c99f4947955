"""Desktop app benchmark: unlock to a usable window, and autosave stalls.

    .venv/bin/python benchmarks/bench_ui.py [--sizes 10000 100000] [--out FILE]

Needs the vaults that benchmarks/bench_storage.py builds under benchmarks/.work. Start-up is
measured on a real X display by benchmarks/bench_startup.py. Measures, in one run:
- unlock to a usable main window (Today, Sessions and the first page of the journal drawn),
  with the key already derived, so the key derivation is left out, at each size;
- while typing into an entry with autosave on: the longest save and the longest gap in the
  UI thread's event loop (a 1 ms timer that records how late it fires).
Runs Qt on the offscreen platform. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kapjournal.services.opening import open_journal  # noqa: E402
from kapjournal.settings import Settings  # noqa: E402
from kapjournal.storage.vault import Secret, Vault  # noqa: E402
from kapjournal.ui.app import create_application  # noqa: E402
from kapjournal.ui.main_window import MainWindow  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
PASSPHRASE = "benchmark passphrase, not a secret"


def ms(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
        "n": len(values),
    }


def unlock_to_window(path: Path, raw_key: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        opened = open_journal(path, raw_key=raw_key)
        window = MainWindow(opened, Settings())
        window.show()
        window.tabs.setCurrentIndex(2)
        QApplication.processEvents()  # the journal list fetches and draws its first page
        times.append(time.perf_counter() - t)
        assert window.journal.model.rowCount() > 0
        window.close_for_lock()
        window.deleteLater()
        QApplication.processEvents()
        opened.lock()
    return times


def typing_stalls(path: Path, raw_key: str, seconds: float) -> dict[str, Any]:
    opened = open_journal(path, raw_key=raw_key)
    window = MainWindow(opened, Settings())
    window.show()
    window.new_free_entry()
    editor = window.editor
    saves: list[float] = []
    service = window.service
    original = service.save_entry

    def timed_save(entry: Any) -> Any:  # the UI thread is blocked exactly this long
        t = time.perf_counter()
        result = original(entry)
        saves.append(time.perf_counter() - t)
        return result

    service.save_entry = timed_save  # type: ignore[method-assign]
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e9)
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(1)
    ticker.timeout.connect(tick)
    ticker.start()
    end = time.perf_counter() + seconds
    words = ["the", "river", "was", "calm", "and", "the", "light", "came", "back", "slowly"]
    i = 0
    while time.perf_counter() < end:
        QTest.keyClicks(editor.body.edit, words[i % len(words)] + " ")
        i += 1
        # A fast typist (a word every 60 ms) who pauses to think after every 40 words: both
        # the deadline save (while typing) and the debounce save (in the pause) happen.
        QTest.qWait(1500 if i % 40 == 0 else 60)
    ticker.stop()
    editor.save_now()
    if editor.entry is not None:  # leave the corpus as it was
        window.service.delete_entry(editor.entry.uid)
    window.close_for_lock()
    opened.lock()
    return {
        "words_typed": i,
        "saves": len(saves),
        "save_p50_ms": round(statistics.median(saves) * 1000, 2) if saves else None,
        "save_max_ms": round(max(saves) * 1000, 2) if saves else None,
        "longest_event_loop_gap_ms": round(max(gaps) * 1000, 2),
        "event_loop_gap_p99_ms": round(sorted(gaps)[int(len(gaps) * 0.99)] * 1000, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--typing-seconds", type=float, default=30)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    create_application([])
    result: dict[str, Any] = {"platform": os.environ["QT_QPA_PLATFORM"], "sizes": {}}
    for size in args.sizes:
        path = WORK / f"enc-{size}.db"
        if not path.exists():
            raise SystemExit(f"{path} is missing: run benchmarks/bench_storage.py first")
        t = time.perf_counter()
        with Vault.unlock(path, Secret(passphrase=PASSPHRASE)) as v:
            raw = v.raw_key
        derive = time.perf_counter() - t
        result["sizes"][str(size)] = {
            "key_derivation_ms": round(derive * 1000, 1),
            "unlock_to_main_window": ms(unlock_to_window(path, raw, args.runs)),
            "typing": typing_stalls(path, raw, args.typing_seconds),
        }
        print(f"# {size}: {json.dumps(result['sizes'][str(size)])}", file=sys.stderr)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
