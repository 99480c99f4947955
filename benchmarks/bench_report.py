"""The therapist's report: 100 and 1,000 entries to PDF (with a password) and to HTML.

    .venv/bin/python benchmarks/bench_report.py [--sizes 100 1000] [--runs 5] [--out FILE]

Entries are like a real course's: guided recall and integration pages of five answers of
about 50 words each, one answer in five private, over sessions every few days, with PHQ-9
results; PDF and HTML both draw the trend chart. Times the writers alone (the report model
is built once per size and timed apart), on Qt's offscreen platform, as the command line
runs them. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_storage import vocabulary  # noqa: E402

from kapjournal.domain import Answer, Entry, MeasureResult, Phase, Route, Session  # noqa: E402
from kapjournal.export.charts import chart_svg  # noqa: E402
from kapjournal.export.html import to_html  # noqa: E402
from kapjournal.export.pdf import ensure_gui, to_pdf  # noqa: E402
from kapjournal.export.report import Report, build_report  # noqa: E402
from kapjournal.prompts.catalog import Catalog  # noqa: E402

T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)


def course(size: int) -> tuple[list[Session], list[Entry], list[MeasureResult]]:
    rng = random.Random(size)
    words = vocabulary()
    sessions = [
        Session(scheduled_at=T0 + timedelta(days=3 * i), route=Route.IV_INFUSION)
        for i in range(max(1, size // 8))
    ]
    entries = []
    for n in range(size):
        s = sessions[n * len(sessions) // size]
        answers = [
            Answer(
                f"q{k}",
                f"Prompt number {k}",
                text=" ".join(rng.choice(words) for _ in range(50)),
                private=rng.random() < 0.2,
            )
            for k in range(5)
        ]
        entries.append(
            Entry(
                phase=rng.choice([Phase.RECALL, Phase.INTEGRATION]),
                title=" ".join(rng.choice(words) for _ in range(3)).capitalize(),
                session_uid=s.uid,
                created_at=s.scheduled_at + timedelta(hours=2 + n % 48),
                answers=answers,
                tags=["fog"] if n % 7 == 0 else [],
            )
        )
    measures = [
        MeasureResult(
            instrument="phq9",
            answers={f"phq9_{i}": rng.randint(0, 3) for i in range(1, 10)},
            total=rng.randint(3, 20),
            band="Moderate",
            completed_at=s.scheduled_at - timedelta(hours=1),
        )
        for s in sessions
    ]
    return sessions, entries, measures


def timed(fn: Any, runs: int) -> dict[str, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
        "n": runs,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    ensure_gui()
    instruments = Catalog.load().instruments
    result: dict[str, Any] = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "sizes": {}}
    for size in args.sizes:
        sessions, entries, measures = course(size)

        def build(
            entries: list[Entry] = entries,
            sessions: list[Session] = sessions,
            measures: list[MeasureResult] = measures,
        ) -> Report:
            return build_report(
                entries,
                sessions=sessions,
                measures=measures,
                instruments=instruments,
                generated_at=T0 + timedelta(days=400),
                all_entries=entries,
            )

        report = build()
        pdf = to_pdf(report, password="a password")
        row = {
            "build_report": timed(build, args.runs),
            "pdf_with_password": timed(
                lambda r=report: to_pdf(r, password="a password"), args.runs
            ),
            "pdf": timed(lambda r=report: to_pdf(r), args.runs),
            "html": timed(lambda r=report: to_html(r, charts=chart_svg), args.runs),
            "pdf_bytes": len(pdf),
        }
        result["sizes"][str(size)] = row
        print(f"# {size}: {json.dumps(row)}", file=sys.stderr)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
