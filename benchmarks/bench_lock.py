"""Lock benchmark: what the cross-platform journal lock adds to opening a journal.

    .venv/bin/python benchmarks/bench_lock.py [--runs 201] [--out FILE]

In one run, taking turns, in this process: the lock as it was on Linux until it became
cross-platform (open `<vault>.lock`, `fcntl.flock` shared, close), the lock as it is
(`VaultLock.acquire_shared()` then `release()`: SQLite's shared lock and this holder's card),
a refused swap that names one other holder (`exclusive()` with another handle open), and, for
scale, a whole unlock with the passphrase (`open_journal()`, key derivation included). Prints
JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_capture import timed  # noqa: E402
from bench_storage import emit, header  # noqa: E402

from kapjournal.errors import VaultBusy  # noqa: E402
from kapjournal.services.opening import create_journal, open_journal  # noqa: E402
from kapjournal.storage.filelock import VaultLock, lock_path  # noqa: E402

WORK = ROOT / "benchmarks" / ".work" / "lock"
PASSPHRASE = "benchmark passphrase, not a secret"


def flock_as_before(vault: Path) -> None:
    import fcntl  # the Linux-only lock this replaced, measured for comparison only

    fd = os.open(lock_path(vault).with_suffix(".flock"), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    os.close(fd)


def lock_as_now(vault: Path) -> None:
    lock = VaultLock(vault)
    lock.acquire_shared()
    lock.release()


def refused_swap(vault: Path) -> None:
    lock = VaultLock(vault)
    lock.acquire_shared()
    try:
        with contextlib.suppress(VaultBusy), lock.exclusive():
            raise AssertionError("another holder is open: the swap must be refused")
    finally:
        lock.release()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=201)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    vault = WORK / "journal.kapvault"
    create_journal(vault, PASSPHRASE).lock()
    samples: dict[str, list[float]] = {k: [] for k in ("flock", "lock", "refused", "unlock")}
    other = VaultLock(vault)  # the other window, held open during the refused swaps
    for i in range(args.runs):
        samples["flock"].append(timed(lambda: flock_as_before(vault)))
        samples["lock"].append(timed(lambda: lock_as_now(vault)))
        other.acquire_shared()
        samples["refused"].append(timed(lambda: refused_swap(vault)))
        other.release()
        if i % 10 == 0:  # the key derivation is slow: a sample every tenth turn
            samples["unlock"].append(
                timed(lambda: open_journal(vault, passphrase=PASSPHRASE).lock())
            )
    medians = {k: round(statistics.median(v) * 1000, 3) for k, v in samples.items()}
    result = {
        **header(),
        "runs": args.runs,
        "unlock_runs": len(samples["unlock"]),
        "median_ms": medians,
        "lock_over_flock": round(medians["lock"] / medians["flock"], 1),
        "lock_share_of_unlock_percent": round(100 * medians["lock"] / medians["unlock"], 2),
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
