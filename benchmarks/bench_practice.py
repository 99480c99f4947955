"""Practice benchmark: a therapist's store of 200 patients with 20 reports each.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_practice.py [--out FILE]

Makes one real journal (scripts/demo_data.py's twelve-week course) and exports its report
through the app's own path; every patient's reports are that report with the patient's own
journal id, name, dates and result ids (and a PHQ-9 item 9 flag for one patient in ten), a
dozen entries each. The store is built once under benchmarks/.work. Then, in one run:
- adding a 1,000-entry report (the demo's entries repeated with new ids, as a file on disk) to
  a patient who has 20 already: the service's whole `add`, from reading the file to the
  committed transaction with the patient's new summary (7 runs, each report new);
- the patients list: the service's `patients()` and the practice window's list drawn from it
  (the model reset and a paint of the table), 50 times each.
Prints JSON (the file's numbers go into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_storage import emit, header, pct  # noqa: E402

from kapjournal.archive.shared import parse_shared  # noqa: E402
from kapjournal.services.opening import create_journal  # noqa: E402
from kapjournal.services.practice import (  # noqa: E402
    OpenPractice,
    create_practice,
    open_practice,
)

WORK = ROOT / "benchmarks" / ".work"
PASSPHRASE = "benchmark passphrase, not a secret"
PATIENTS, REPORTS, ENTRIES_EACH = 200, 20, 12


def demo_report() -> dict[str, Any]:
    """The demo journal's whole course as a share file, made by the app's own code."""
    import demo_data

    path = WORK / "practice-demo.kapvault"
    for p in WORK.glob("practice-demo.kapvault*"):
        p.unlink()
    with create_journal(path, PASSPHRASE) as opened:
        demo_data.fill(opened.journal, datetime.now().astimezone())
        entries = opened.journal.entries()
        report = opened.reports.build(entries)
        from kapjournal.export.share import to_share

        return to_share(report, patient="Demo", journal_id="0" * 32, recipient="bench")


def variant(base: dict[str, Any], patient: int, n: int, entries: int) -> dict[str, Any]:
    """Report `n` of `patient`: the demo's, moved `n` weeks on, with ids of its own."""
    data = copy.deepcopy({k: v for k, v in base.items() if k != "entries"})
    data["journal_id"] = f"{patient:032x}"
    data["patient"] = f"Patient {patient:03d}"
    data["generated_at"] = (datetime.fromisoformat(base["generated_at"]) + timedelta(weeks=n)
                            ).isoformat()  # fmt: skip
    for r in data["results"]:
        r["uid"] = f"{r['uid']}-{patient}"
    if patient % 10 == 0 and n == REPORTS - 1:
        data["safety_flags"] = [{"at": data["generated_at"], "private": False,
                                 "text": "PHQ-9 item 9 answered 1 (several days)."}]  # fmt: skip
    pool = base["entries"]
    data["entries"] = [{**pool[i % len(pool)], "uid": f"{patient}-{n}-{i}"} for i in range(entries)]
    return data


def build(base: dict[str, Any]) -> Path:
    path = WORK / "practice-200.kappractice"
    done = path.with_suffix(".done")
    if done.exists():
        return path
    for p in WORK.glob("practice-200.kappractice*"):
        p.unlink()
    with create_practice(path, PASSPHRASE) as opened:
        for patient in range(PATIENTS):
            for n in range(REPORTS):
                data = variant(base, patient, n, ENTRIES_EACH)
                opened.practice.add(parse_shared(data, "bench"))
    done.touch()
    return path


def adding(opened: OpenPractice, base: dict[str, Any], runs: int = 7) -> dict[str, Any]:
    times, sizes = [], []
    for run in range(runs):
        data = variant(base, 1, REPORTS + run, 1000)
        file = WORK / f"practice-1000-{run}.json"
        file.write_text(json.dumps(data, ensure_ascii=False, indent=2))
        sizes.append(file.stat().st_size)
        t = time.perf_counter()
        added = opened.practice.add(file)
        times.append(time.perf_counter() - t)
        assert added.new
        file.unlink()
    return {
        "runs": runs,
        "file_mb": round(statistics.median(sizes) / 1e6, 2),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
    }


def listing(opened: OpenPractice, runs: int = 50) -> dict[str, Any]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        rows = opened.practice.patients()
        times.append(time.perf_counter() - t)
    assert len(rows) == PATIENTS
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(pct(times, 0.95) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    base = demo_report()
    t = time.perf_counter()
    path = build(base)
    built = time.perf_counter() - t
    result: dict[str, Any] = {**header(), "patients": PATIENTS, "reports_each": REPORTS}
    result["store_mb"] = round(path.stat().st_size / 1e6, 1)
    result["built_s"] = round(built, 1) if built > 1 else "built by an earlier run"
    # Each run adds to a copy, so every run starts from 20 reports a patient.
    work = WORK / "practice-run.kappractice"
    for p in WORK.glob("practice-run.kappractice*"):
        p.unlink()
    work.write_bytes(path.read_bytes())
    with open_practice(work, passphrase=PASSPHRASE) as opened:
        result["patients_service"] = listing(opened)
        result["add_1000_entries"] = adding(opened, base)
        result["patients_list_drawn"] = drawing(opened)
    emit(result, args.out)


def drawing(opened: OpenPractice, runs: int = 50) -> dict[str, Any]:
    """The practice window's patients list, refreshed from the service and painted."""
    from PySide6.QtWidgets import QApplication

    from kapjournal.ui.practice.window import PracticeWindow

    app = QApplication.instance() or QApplication([])
    window = PracticeWindow(opened)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        window.refresh()
        window.table.grab()  # the table painted, as the screen would
        times.append(time.perf_counter() - t)
    window.close()
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(pct(times, 0.95) * 1000, 2),
    }


if __name__ == "__main__":
    main()
