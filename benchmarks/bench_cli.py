"""The command line against its own key derivation, and against jrnl: whole processes.

    .venv/bin/python benchmarks/bench_cli.py [--size 10000] [--runs 15] [--out FILE]

On a 10,000-entry journal (the corpus of bench_storage.py, built once under
benchmarks/.work; `init` is not measured) each command runs as a new process, interleaved
round by round with the others so the shared machine's noise falls on all alike:

- the key derivation alone: a Python process that derives the journal's key (PBKDF2-HMAC-SHA512,
  256,000 iterations) and nothing else, the floor no unlocking command can go below;
- `kapjournal search WORD`, `add TEXT`, `check` and `export --format md`;
- `jrnl -contains WORD` on an encrypted jrnl 4.6 journal of the same corpus.

Prints JSON with each median and what each command costs above the key derivation.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_storage import (  # noqa: E402
    PASSPHRASE,
    WORK,
    build,
    emit,
    jrnl_setup,
    search_terms,
)

KDF = (
    "import hashlib; hashlib.pbkdf2_hmac('sha512', {p!r}.encode(), b'0123456789abcdef', 256000, 32)"
)


def run(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    took = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed: {r.stderr.strip()[:300]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--no-jrnl", action="store_true")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    vault = build("enc", args.size)
    pf = WORK / "passphrase.txt"
    pf.write_text(PASSPHRASE + "\n")
    out = WORK / "report.md"
    env = dict(os.environ, KAPJOURNAL_HOME=str(WORK / "kjhome"), PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules are cached
    kj = [sys.executable, "-m", "kapjournal"]
    base = ["--vault", str(vault), "--passphrase-file", str(pf), "--no-keychain"]
    term = search_terms(random.Random(5), 1)[0].split()[0]
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "key_derivation": ([sys.executable, "-c", KDF.format(p=PASSPHRASE)], env),
        "python": ([sys.executable, "-c", "pass"], env),
        "search": ([*kj, "search", term, *base], env),
        "add": ([*kj, "add", "benchmark note", *base], env),
        "check": ([*kj, "check", *base], env),
        "export_md": ([*kj, "export", "--format", "md", "--out", str(out),
                       "--since", "2011-01-01", "--until", "2011-01-07", *base], env),
    }  # fmt: skip
    if not args.no_jrnl:
        jrnl, jenv = jrnl_setup(args.size)
        commands["jrnl_search"] = ([*jrnl, "-contains", term], jenv)
    for cmd, e in commands.values():  # warm the caches (and compile the modules) once
        run(cmd, e)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (cmd, e) in commands.items():
            samples[name].append(run(cmd, e))
    medians = {n: round(statistics.median(s) * 1000, 1) for n, s in samples.items()}
    kdf = medians["key_derivation"]
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "entries": args.size,
        "term": term,
        "runs": args.runs,
        "median_ms": medians,
        "above_key_derivation_ms": {
            n: round(medians[n] - kdf, 1) for n in ("search", "add", "check", "export_md")
        },
    }
    if "jrnl_search" in medians:
        result["jrnl_over_search"] = round(medians["jrnl_search"] / medians["search"], 2)
    # The notes added are the only entries dated after the corpus: remove them, so the next
    # run measures the same journal.
    from kapjournal.storage.repository import EntryFilter, Repository
    from kapjournal.storage.vault import Secret, Vault

    with Vault.unlock(vault, Secret(passphrase=PASSPHRASE)) as v:
        repo = Repository(v)
        for e in repo.entries(EntryFilter(since=datetime.now(UTC) - timedelta(days=1))):
            repo.delete_entry(e.uid)
    emit(result, args.out)


if __name__ == "__main__":
    main()
