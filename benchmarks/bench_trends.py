"""The Trends view with two years of daily check-ins and 100 questionnaire results.

    .venv/bin/python benchmarks/bench_trends.py [--runs 15] [--out FILE]

Builds an encrypted journal once (under benchmarks/.work): 730 daily check-ins of three
scales and 100 PHQ-9 and GAD-7 results over a course of sessions. Then, on the offscreen
platform, times the view as a patient meets it: reading the data for the "All" range and
laying the page out (refresh), and drawing every chart (a full paint of the page). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from kapjournal.domain import Session, SessionStatus  # noqa: E402
from kapjournal.services.opening import create_journal, open_journal  # noqa: E402
from kapjournal.services.trends import Range  # noqa: E402
from kapjournal.ui.app import create_application  # noqa: E402
from kapjournal.ui.panes.trends import TrendsPane  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
PASSPHRASE = "benchmark passphrase, not a secret"


def build(path: Path, now: datetime) -> None:
    done = path.with_suffix(".done")
    if done.exists():
        return
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    rng = random.Random(2)
    start = now - timedelta(days=730)
    with create_journal(path, PASSPHRASE) as opened:
        j = opened.journal
        for week in range(0, 104, 4):
            j.course.save_session(
                Session(scheduled_at=start + timedelta(weeks=week), status=SessionStatus.DONE)
            )
        for day in range(730):
            j.clock = lambda d=day: start + timedelta(days=d, hours=20)
            j.check_ins.save_check_in({"mood": rng.randint(0, 10), "anxiety": rng.randint(0, 10),
                             "sleep": rng.randint(0, 10)})  # fmt: skip
        for n in range(50):
            j.clock = lambda n=n: start + timedelta(days=14 * n + 1)
            for name in ("phq9", "gad7"):
                inst = j.questionnaires.instrument(name)
                assert inst is not None
                j.questionnaires.record_questionnaire(
                    name, {i.id: rng.randint(0, 3) for i in inst.scored_items}
                )
    done.touch()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "trends.kapvault"
    now = datetime.now().astimezone().replace(microsecond=0)
    build(path, now)
    create_application([])
    opened = open_journal(path, passphrase=PASSPHRASE)
    pane = TrendsPane(opened.trends, opened.journal)
    pane.range.setCurrentIndex(pane.range.findData(Range.ALL.value))
    pane.resize(1200, 800)
    pane.show()
    QApplication.processEvents()
    refresh, paint = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        pane.refresh()
        page = pane.widget()
        assert page is not None
        layout = page.layout()
        assert layout is not None
        layout.activate()  # the new charts and tables get their sizes
        QApplication.processEvents()
        refresh.append(time.perf_counter() - t)
        # A chart of no height would paint nothing and time nothing (an earlier version of
        # this benchmark did exactly that).
        assert all(c.height() > 0 and c.width() > 0 for c in pane.charts), "laid out"
        t = time.perf_counter()
        page.grab()  # every chart on the page painted once
        paint.append(time.perf_counter() - t)
    opened.lock()
    result: dict[str, Any] = {
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "check_ins": 730,
        "questionnaire_results": 100,
        "points_drawn": sum(len(c.trend.points) for c in pane.charts),
        "refresh_median_ms": round(statistics.median(refresh) * 1000, 1),
        "paint_median_ms": round(statistics.median(paint) * 1000, 1),
        "total_median_ms": round(
            statistics.median(r + p for r, p in zip(refresh, paint, strict=True)) * 1000, 1
        ),
        "runs": args.runs,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
