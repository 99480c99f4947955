"""Search as you type in the Journal pane: from a keystroke to the updated list drawn.

    .venv/bin/python benchmarks/bench_search_typing.py [--sizes 10000 100000] [--out FILE]

Needs the vaults benchmarks/bench_storage.py builds under benchmarks/.work. Opens the real
main window on the offscreen platform, focuses the search field and types words from the
corpus one key at a time (QTest key events, as a person's keys arrive, 80 ms apart: a fast
typist; sent back to back, each key would also pay for the last one's leftover work, such as
fetching the next page once the first is drawn). Each sample runs
from just before the key event is sent to the end of the first paint of the entry list that
shows the new results with its rows laid out, waiting out whatever delay the pane applies
before searching and the view's deferred layout. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_storage import PASSPHRASE, WORK, ms, search_terms  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QListView  # noqa: E402

from kapjournal.services.opening import open_journal  # noqa: E402
from kapjournal.settings import Settings  # noqa: E402
from kapjournal.storage.vault import Secret, Vault  # noqa: E402
from kapjournal.ui.app import create_application  # noqa: E402
from kapjournal.ui.main_window import MainWindow  # noqa: E402


def summary(samples: list[float]) -> dict[str, float]:
    """bench_storage's p50 and p95, and the slowest keystroke."""
    return {**ms(samples), "max_ms": round(max(samples) * 1000, 2)}


def wait() -> None:
    """One turn of the event loop, blocking until something happens (a busy loop of
    processEvents() calls would only spin)."""
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


class Painted(QObject):
    """Notes each paint of the list that shows laid-out rows (or an empty result)."""

    def __init__(self, view: QListView) -> None:
        super().__init__()
        self.view = view
        self.shown = False
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            rows = self.view.model().rowCount()
            # The paint runs right after this filter, within the same turn of the loop.
            self.shown = rows == 0 or self.view.indexAt(QPoint(4, 4)).isValid()
        return False


def type_queries(
    window: MainWindow, queries: list[str], interval_ms: int
) -> dict[str, list[float]]:
    pane = window.journal
    field = pane.search
    painted = Painted(pane.view)
    by_length: dict[str, list[float]] = {"all": [], "1-2 letters": [], "3+ letters": []}
    for query in queries:
        field.clear()
        while pane.model.search_text:  # back to the plain list before the next word
            wait()
        for i, ch in enumerate(query):
            t = time.perf_counter()
            QTest.keyClick(field, ch)
            # Until the pane has searched for this text (however long it waits first) and a
            # paint has drawn the rows it laid out for it.
            while pane.model.search_text != field.text().strip():
                wait()
            painted.shown = False
            while not painted.shown:
                wait()
            elapsed = time.perf_counter() - t
            QTest.qWait(interval_ms)  # the pause before the next key, as a typist leaves
            last_word = query[: i + 1].split(" ")[-1]
            by_length["all"].append(elapsed)
            by_length["1-2 letters" if len(last_word) <= 2 else "3+ letters"].append(elapsed)
    return by_length


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument(
        "--key-interval-ms",
        type=int,
        default=80,
        help="time between keystrokes (80 ms is a fast typist, 12 keys a second)",
    )
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    create_application([])
    result: dict[str, Any] = {
        "platform": os.environ["QT_QPA_PLATFORM"],
        "key_interval_ms": args.key_interval_ms,
        "sizes": {},
    }
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
        samples = type_queries(window, queries, args.key_interval_ms)
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
