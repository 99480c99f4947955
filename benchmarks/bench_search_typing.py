"""Search as you type in the Journal pane: from a keystroke to the updated list drawn.

    .venv/bin/python benchmarks/bench_search_typing.py [--sizes 10000 100000] [--out FILE]

Needs the vaults benchmarks/bench_storage.py builds under benchmarks/.work. Opens the real
main window on the offscreen platform, focuses the search field and types words from the
corpus one key at a time (QTest key events, as a person's keys arrive). Each sample runs
from just before the key event is sent to the end of the first paint of the entry list that
shows the new results, waiting out whatever delay the pane applies before searching. A
keystroke that changes no results is still measured to the paint that shows it. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_storage import PASSPHRASE, WORK, search_terms  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kapjournal.services.opening import open_journal  # noqa: E402
from kapjournal.settings import Settings  # noqa: E402
from kapjournal.storage.vault import Secret, Vault  # noqa: E402
from kapjournal.ui.app import create_application  # noqa: E402
from kapjournal.ui.main_window import MainWindow  # noqa: E402


def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(pct(samples, 0.95) * 1000, 2),
        "max_ms": round(max(samples) * 1000, 2),
        "n": len(samples),
    }


def wait() -> None:
    """One turn of the event loop, blocking until something happens (a busy loop of
    processEvents() calls also trips a reference-count bug in PySide6 on None)."""
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def type_queries(window: MainWindow, queries: list[str]) -> dict[str, list[float]]:
    pane = window.journal
    field = pane.search
    viewport = pane.view.viewport()
    by_length: dict[str, list[float]] = {"all": [], "1-2 letters": [], "3+ letters": []}
    for query in queries:
        field.clear()
        while pane.model.search_text:  # back to the plain list before the next word
            wait()
        for i, ch in enumerate(query):
            t = time.perf_counter()
            QTest.keyClick(field, ch)
            # Until the pane has searched for this text, however long it waits first.
            while pane.model.search_text != field.text().strip():
                wait()
            viewport.repaint()  # the paint the reset scheduled, drawn now rather than later
            elapsed = time.perf_counter() - t
            last_word = query[: i + 1].split(" ")[-1]
            by_length["all"].append(elapsed)
            by_length["1-2 letters" if len(last_word) <= 2 else "3+ letters"].append(elapsed)
    return by_length


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    create_application([])
    result: dict[str, Any] = {"platform": os.environ["QT_QPA_PLATFORM"], "sizes": {}}
    queries = search_terms(random.Random(7), args.queries)
    for size in args.sizes:
        path = WORK / f"enc-{size}.db"
        if not path.exists():
            raise SystemExit(f"{path} is missing: run benchmarks/bench_storage.py first")
        with Vault.unlock(path, Secret(passphrase=PASSPHRASE)) as v:
            raw = v.raw_key
        opened = open_journal(path, raw_key=raw)
        window = MainWindow(opened, Settings())
        window.resize(1100, 760)
        window.show()
        window.tabs.setCurrentIndex(2)
        window.journal.search.setFocus()
        QApplication.processEvents()
        samples = type_queries(window, queries)
        result["sizes"][str(size)] = {k: summary(v) for k, v in samples.items() if v}
        print(f"# {size}: {json.dumps(result['sizes'][str(size)])}", file=sys.stderr)
        window.close()
        opened.lock()
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
