"""SQLCipher's memory security and the page cache: what they cost saves and searches at 100k.

    .venv/bin/python benchmarks/bench_memory_security.py [--size 100000] [--steps 400] \\
        [--configs off:32768 on:32768 off:8192 on:8192 off:4096 off:2048] [--out FILE]

`PRAGMA cipher_memory_security = ON` makes SQLCipher lock every allocation of the engine out of
swap (mlock) and overwrite it when freed; it is one switch for the whole process and cannot be
turned off again. So each configuration (memory security off/on, page cache in KiB) runs in
its own worker process with its own copy of bench_storage's vault (a write through one
connection would empty the others' caches). Each worker opens the vault through the app's own
path (`Vault.unlock`), warms its cache with searches, and then the workers take turns, one
operation at a time with the order rotating, so the machine's noise falls on all alike: each
step is one save (a new entry, one committed transaction) and two ranked searches (20 hits
with snippets), as in bench_storage. Every worker reports the memory it holds locked (VmLck).

A probe then shows what the switch does: a child process, with memory security off and then
on, opens a small vault through the app's path, reads every entry, locks it, and counts the
copies of a marker (written only by another process, and assembled by SQL, so no Python string
holds it) left in its own memory. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_storage import (  # noqa: E402
    PASSPHRASE,
    WORK,
    build,
    emit,
    header,
    make_entry,
    ms,
    search_terms,
)

DEFAULT_CONFIGS = ["off:32768", "on:32768", "off:8192", "on:8192", "off:4096", "off:2048"]
MARKER_PARTS = ("ZQXJ", "VWKP", "MARK")  # the marker is only ever whole inside SQLite


def status_kb(field: str) -> int | None:
    """A `VmLck`-style line of /proc/self/status, in kB (None where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def parse_config(text: str) -> tuple[bool, int]:
    mem, cache = text.split(":")
    return mem == "on", int(cache)


# -- the worker: one configuration, one vault copy, one process -------------------------------
def open_configured(path: Path, raw_key: str, memory_security: bool, cache_kib: int) -> Any:
    """Open through the app's own path with the configuration imposed, and check it took."""
    import sqlcipher3

    from kapjournal.storage import connect
    from kapjournal.storage.vault import Secret, Vault

    connect.MEMORY_SECURITY = memory_security
    connect.CACHE_KIB = cache_kib
    if memory_security:  # process-wide; also right for a version of the app without the knob
        sqlcipher3.connect(":memory:").execute("PRAGMA cipher_memory_security = ON")
    vault = Vault.unlock(path, Secret(raw_key=raw_key))
    vault.conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    got_mem = int(vault.conn.execute("PRAGMA cipher_memory_security").fetchone()[0])
    got_cache = int(vault.conn.execute("PRAGMA cache_size").fetchone()[0])
    if (got_mem, got_cache) != (int(memory_security), -cache_kib):
        raise SystemExit(f"asked for {memory_security}/{-cache_kib}, got {got_mem}/{got_cache}")
    return vault


def worker(config: str, path: Path, size: int) -> None:
    from kapjournal.storage.repository import Repository

    memory_security, cache_kib = parse_config(config)
    vault = open_configured(path, os.environ["KAPJOURNAL_BENCH_KEY"], memory_security, cache_kib)
    repo = Repository(vault)
    saved: list[str] = []
    print("ready", flush=True)
    for line in sys.stdin:
        op, arg = line.rstrip("\n").split(" ", 1)
        if op == "save":
            i = int(arg)
            entry = make_entry(random.Random(i), size + 2_000_000 + i)
            t = time.perf_counter()
            repo.save_entry(entry)
            dt = time.perf_counter() - t
            saved.append(entry.uid)
        elif op == "search":
            t = time.perf_counter()
            repo.search(arg, limit=20)
            dt = time.perf_counter() - t
        elif op == "warm":
            repo.search(arg, limit=20)
            dt = 0.0
        else:  # "end"
            break
        print(dt, flush=True)
    memory = {
        "locked_kb": status_kb("VmLck"),
        "rss_kb": status_kb("VmRSS"),
        "peak_rss_kb": status_kb("VmHWM"),
    }
    for uid in saved:  # leave the corpus as it was, so later runs measure the same thing
        repo.delete_entry(uid)
    vault.lock()
    print(json.dumps(memory), flush=True)


class Worker:
    def __init__(self, config: str, path: Path, size: int, raw_key: str) -> None:
        self.config = config
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", config, str(path), "--size", str(size)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, KAPJOURNAL_BENCH_KEY=raw_key),
        )
        if self.read() != "ready":
            raise SystemExit(f"worker {config} did not start")

    def read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"worker {self.config} ended early ({self.proc.wait()})")
        return line.strip()

    def ask(self, op: str, arg: str) -> float:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{op} {arg}\n")
        self.proc.stdin.flush()
        return float(self.read())

    def finish(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write("end -\n")
        self.proc.stdin.flush()
        memory: dict[str, Any] = json.loads(self.read())
        self.proc.wait()
        return memory


def measure(
    configs: list[str], source: Path, raw_key: str, size: int, steps: int, warm: int
) -> dict[str, Any]:
    folder = WORK / "memsec"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    workers = []
    try:
        for n, config in enumerate(configs):
            copy = folder / f"copy-{n}.db"
            shutil.copyfile(source, copy)
            workers.append(Worker(config, copy, size, raw_key))
        save_t: dict[str, list[float]] = {c: [] for c in configs}
        search_t: dict[str, list[float]] = {c: [] for c in configs}
        for q in search_terms(random.Random(77), warm):
            for w in workers:
                w.ask("warm", q)
        queries = search_terms(random.Random(5), 2 * steps)
        op = 0
        for i in range(steps):
            for kind, arg in (
                ("save", str(i)),
                ("search", queries[2 * i]),
                ("search", queries[2 * i + 1]),
            ):
                turn = workers[op % len(workers) :] + workers[: op % len(workers)]
                op += 1
                for w in turn:
                    (save_t if kind == "save" else search_t)[w.config].append(w.ask(kind, arg))
        memory = {w.config: w.finish() for w in workers}
    finally:
        for w in workers:
            if w.proc.poll() is None:
                w.proc.kill()
        shutil.rmtree(folder, ignore_errors=True)
    base = configs[0]
    out: dict[str, Any] = {}
    for c in configs:
        mem, cache = parse_config(c)
        s, q = ms(save_t[c]), ms(search_t[c])
        out[c] = {
            "memory_security": mem,
            "cache_kib": cache,
            "save": s,
            "search": q,
            "against_baseline": {
                "save_p50": round(s["p50_ms"] / ms(save_t[base])["p50_ms"], 3),
                "save_p95": round(s["p95_ms"] / ms(save_t[base])["p95_ms"], 3),
                "search_p50": round(q["p50_ms"] / ms(search_t[base])["p50_ms"], 3),
                "search_p95": round(q["p95_ms"] / ms(search_t[base])["p95_ms"], 3),
            },
            **memory[c],
        }
    return out


def on_vs_off(configs: dict[str, Any]) -> dict[str, Any]:
    """For each cache size measured both ways: memory security on against off."""
    out = {}
    for name, row in configs.items():
        off = configs.get(name.replace("on:", "off:"))
        if row["memory_security"] and off is not None:
            out[str(row["cache_kib"])] = {
                k: round(row[part][p] / off[part][p], 3)
                for k, (part, p) in {
                    "save_p50": ("save", "p50_ms"),
                    "save_p95": ("save", "p95_ms"),
                    "search_p50": ("search", "p50_ms"),
                    "search_p95": ("search", "p95_ms"),
                }.items()
            }
    return out


# -- what the switch does: copies of a marker left in the memory of a process -----------------
def count_in_memory(marker: bytes) -> int | None:
    """Copies of `marker` in this process's anonymous memory (heap, malloc arenas, stacks)."""
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
        mem = open("/proc/self/mem", "rb", 0)  # noqa: SIM115
    except OSError:
        return None
    n = 0
    with mem:
        for line in maps:
            fields = line.split()
            name = fields[5] if len(fields) > 5 else ""
            if "r" not in fields[1] or name.startswith("/") or name in ("[vvar]", "[vsyscall]"):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(start)
                n += mem.read(end - start).count(marker)
            except (OSError, ValueError, OverflowError):
                continue
    return n


def probe(mode: str, path: Path) -> None:
    """Open through the app's path with memory security off or on, read every entry inside
    SQLite, lock, and count the marker's copies (one is this function's own) before and after."""
    from kapjournal.storage import connect
    from kapjournal.storage.vault import Secret, Vault

    connect.MEMORY_SECURITY = mode == "on"
    vault = Vault.unlock(path, Secret(raw_key=os.environ["KAPJOURNAL_BENCH_KEY"]))
    pieces = " || ".join(f"'{p}'" for p in MARKER_PARTS)
    found = vault.conn.execute(
        f"SELECT count(*) FROM entries WHERE body LIKE '%' || {pieces} || '%'"
    ).fetchone()[0]
    mem = int(vault.conn.execute("PRAGMA cipher_memory_security").fetchone()[0])
    marker = b"".join(p.encode() for p in MARKER_PARTS)
    while_open = count_in_memory(marker)
    vault.lock()
    print(
        json.dumps(
            {
                "memory_security": mem,
                "entries_with_marker": found,
                "copies_while_open": while_open,
                "copies_after_lock": count_in_memory(marker),
            }
        )
    )


def wipe_probe(entries: int = 300) -> dict[str, Any]:
    from kapjournal.domain import Entry
    from kapjournal.storage.repository import Repository
    from kapjournal.storage.vault import Vault

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "probe.kapvault"
        marker = "".join(MARKER_PARTS)
        with Vault.create(path, PASSPHRASE) as vault:
            repo = Repository(vault)
            with vault.transaction():
                for i in range(entries):
                    repo.save_entry(Entry(title=f"probe {i}", body=f"entry {i} {marker} " * 40))
            raw_key = vault.raw_key
        out: dict[str, Any] = {"entries": entries}
        for mode in ("off", "on"):
            r = subprocess.run(
                [sys.executable, __file__, "--probe", mode, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env=dict(os.environ, KAPJOURNAL_BENCH_KEY=raw_key),
            )
            out[mode] = json.loads(r.stdout)
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--steps", type=int, default=400, help="each: one save and two searches")
    ap.add_argument("--warm", type=int, default=200, help="untimed searches first")
    ap.add_argument("--configs", nargs="+", default=DEFAULT_CONFIGS, help="off|on:CACHE_KIB")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--worker", nargs=2, metavar=("CONFIG", "VAULT"), help=argparse.SUPPRESS)
    ap.add_argument("--probe", nargs=2, metavar=("MODE", "VAULT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), args.size)
        return
    if args.probe:
        probe(args.probe[0], Path(args.probe[1]))
        return

    from kapjournal.storage import connect
    from kapjournal.storage.vault import Secret, Vault

    WORK.mkdir(parents=True, exist_ok=True)
    source = build("enc", args.size)
    with Vault.unlock(source, Secret(passphrase=PASSPHRASE)) as v:
        raw_key = v.raw_key
    started = time.perf_counter()
    result: dict[str, Any] = {
        **header(),
        "app": {
            "memory_security": getattr(connect, "MEMORY_SECURITY", None),
            "cache_kib": getattr(connect, "CACHE_KIB", None),
        },
        # What a process may lock (RLIMIT_MEMLOCK); root, or CAP_IPC_LOCK, is not held to it.
        "lock_limit_kb": _lock_limit_kb(),
        "root": hasattr(os, "geteuid") and os.geteuid() == 0,
        "entries": args.size,
        "steps": args.steps,
        "warm_searches": args.warm,
        "baseline": args.configs[0],
        "configs": measure(args.configs, source, raw_key, args.size, args.steps, args.warm),
    }
    result["on_against_off"] = on_vs_off(result["configs"])
    result["wipe_probe"] = wipe_probe()
    result["seconds"] = round(time.perf_counter() - started, 1)
    emit(result, args.out)


def _lock_limit_kb() -> int | None:
    """RLIMIT_MEMLOCK of this process (what an unprivileged process may lock), in kB."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_MEMLOCK)[0]
    except (ImportError, ValueError, OSError):
        return None
    return None if soft == resource.RLIM_INFINITY else soft // 1024


if __name__ == "__main__":
    main()
