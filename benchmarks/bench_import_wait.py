"""How long the open app's saves wait while `kapjournal import` writes a large archive.

    .venv/bin/python benchmarks/bench_import_wait.py [--entries 20000] [--runs 2] [--out FILE]

An archive of N entries (each with a few hundred words) is imported into a journal by a child
process, the way `kapjournal import` runs beside the open app, while this process saves an
entry through the journal service every 50 ms on its own connection, as the app's autosave
does. Each save's wall time is its wait. Two ways of importing, alternated run by run on fresh
copies of the same journal:

- batched: what kapjournal does (services/archives.py: BATCH records per transaction, a short
  pause between them);
- one transaction: the whole import as one write, as before issue 31 (BATCH set past N in the
  child).

Prints JSON: per way, the saves made, the saves that failed ("database is locked" after the
5 s busy timeout), the longest wait, p95 and median, and the import's own time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kapjournal.archive import portable  # noqa: E402
from kapjournal.domain import Entry  # noqa: E402
from kapjournal.errors import StorageError  # noqa: E402
from kapjournal.services import archives  # noqa: E402
from kapjournal.services.opening import create_journal, open_journal  # noqa: E402

WORK = ROOT / "benchmarks" / ".work" / "import-wait"
PASSPHRASE = "benchmark passphrase, not a secret"
WAYS = {"batched": None, "one transaction": 10**9}
CHILD = """
import sys
from pathlib import Path
from kapjournal.services import archives
from kapjournal.services.opening import open_journal
if sys.argv[3] != "None":
    archives.BATCH = archives.BATCH_BYTES = int(sys.argv[3])
with open_journal(Path(sys.argv[1]), passphrase=sys.argv[4]) as opened:
    print(opened.archives.import_file(Path(sys.argv[2]))["entries"])
"""
BODY = "quiet morning light, the session felt long and then very short; I noticed "


def build(entries: int) -> tuple[Path, Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    vault, src = WORK / "empty.kapvault", WORK / f"archive-{entries}.json"
    if not vault.exists():
        create_journal(vault, PASSPHRASE).lock()
    if not src.exists():
        stamp = datetime(2026, 1, 1, tzinfo=UTC)
        body = BODY * 30
        found = [
            Entry(uid=f"bench-{n}", title=f"entry {n}", body=f"{n} {body}", created_at=stamp,
                  updated_at=stamp)
            for n in range(entries)
        ]  # fmt: skip
        archive = portable.build_archive(portable.ArchiveContents(entries=found))
        src.write_text(portable.to_json(archive), encoding="utf-8")
    return vault, src


def one_run(vault: Path, src: Path, batch: int | None) -> dict[str, Any]:
    trial = WORK / "trial.kapvault"
    for p in WORK.glob("trial.kapvault*"):
        p.unlink()
    shutil.copy(vault, trial)
    app = open_journal(trial, passphrase=PASSPHRASE)
    waits: list[float] = []
    failed = 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(trial), str(src), str(batch), PASSPHRASE],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while child.poll() is None:
        entry = app.journal.free_entry()
        entry.body = f"typed at {time.time()}"
        t = time.perf_counter()
        try:
            app.journal.save_entry(entry)
        except StorageError:
            failed += 1
        waits.append((time.perf_counter() - t) * 1000)
        time.sleep(0.05)
    took = time.perf_counter() - started
    out, err = child.communicate()
    app.lock()
    if child.returncode != 0:
        raise SystemExit(f"the import failed: {err.strip()[-300:]}")
    waits.sort()
    return {
        "imported": int(out.split()[-1]),
        "import_s": round(took, 2),
        "saves": len(waits),
        "failed": failed,
        "longest_ms": round(waits[-1], 1),
        "p95_ms": round(waits[int(0.95 * (len(waits) - 1))], 1),
        "median_ms": round(statistics.median(waits), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    vault, src = build(args.entries)
    runs: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
    for _ in range(args.runs):
        for way, batch in WAYS.items():  # alternated: the machine's noise falls on both
            runs[way].append(one_run(vault, src, batch))
            print(way, runs[way][-1], file=sys.stderr)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "entries": args.entries,
        "archive_mb": round(src.stat().st_size / 1e6, 1),
        "batch": archives.BATCH,
        "pause_ms": archives.PAUSE_S * 1000,
        "ways": {
            way: {
                "runs": found,
                "longest_ms": max(r["longest_ms"] for r in found),
                "failed": sum(r["failed"] for r in found),
                "saves": sum(r["saves"] for r in found),
                "p95_ms": statistics.median(r["p95_ms"] for r in found),
                "import_s": statistics.median(r["import_s"] for r in found),
            }
            for way, found in runs.items()
        },
    }
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
