"""Capture benchmark: sealing a note while the journal stays locked, against unlocking it.

    .venv/bin/python benchmarks/bench_capture.py [--runs 15] [--out FILE]

One journal in benchmarks/.work; in one run, taking turns: `capture()` of a 200-word note
(sealed into the inbox, no key derived) and `open_journal()` with the passphrase (the key
derivation every unlock pays), in this process; then the same as whole processes:
`kapjournal capture -` and `kapjournal search WORD --passphrase-file F`. The inbox is emptied
between captures without unlocking (the merge is not measured here). Prints JSON.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_storage import emit, header  # noqa: E402

from kapjournal.services.capture import capture, inbox  # noqa: E402
from kapjournal.services.opening import create_journal, open_journal  # noqa: E402

WORK = ROOT / "benchmarks" / ".work" / "capture"
PASSPHRASE = "benchmark passphrase, not a secret"
NOTE = " ".join(["the light on the water and what it kept"] * 25)  # 200 words


def timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    vault = WORK / "journal.kapvault"
    create_journal(vault, PASSPHRASE).lock()
    secret = WORK / "passphrase"
    secret.write_text(PASSPHRASE)
    secret.chmod(0o600)
    env = {**os.environ, "KAPJOURNAL_HOME": str(WORK / "home")}
    cli = [sys.executable, "-m", "kapjournal", "--vault", str(vault)]

    def empty_inbox() -> None:
        for p in inbox(vault).glob("*"):
            p.unlink()

    def unlock() -> None:
        open_journal(vault, passphrase=PASSPHRASE).lock()

    def run(argv: list[str], stdin: str = "") -> None:
        subprocess.run(cli + argv, input=stdin, text=True, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    samples: dict[str, list[float]] = {k: [] for k in ("capture", "unlock", "cli_capture",
                                                       "cli_search")}  # fmt: skip
    for _ in range(args.runs):
        samples["capture"].append(timed(lambda: capture(vault, NOTE)))
        empty_inbox()
        samples["unlock"].append(timed(unlock))
        samples["cli_capture"].append(timed(lambda: run(["capture", "-"], NOTE)))
        empty_inbox()
        samples["cli_search"].append(
            timed(lambda: run(["search", "light", "--passphrase-file", str(secret)]))
        )
    medians = {k: round(statistics.median(v) * 1000, 2) for k, v in samples.items()}
    result = {
        **header(),
        "runs": args.runs,
        "median_ms": medians,
        "unlock_over_capture": round(medians["unlock"] / medians["capture"], 1),
        "cli_search_over_cli_capture": round(medians["cli_search"] / medians["cli_capture"], 2),
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
