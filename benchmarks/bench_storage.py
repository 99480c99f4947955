"""Storage benchmark: kapjournal's vault against plain SQLite and an encrypted jrnl journal.

    .venv/bin/python benchmarks/bench_storage.py [--sizes 1000 10000 100000] [--out FILE]

Builds vaults of synthetic entries (about 250 words each) once under benchmarks/.work, then in
one run measures, side by side: unlock, save p50/p95, search p50/p95 on the encrypted vault and
on the same schema in plain (unkeyed) SQLite through the same code; and, at 10k entries,
`kapjournal search` / `kapjournal add` against `jrnl -contains` / `jrnl TEXT` on an encrypted
jrnl journal with the same corpus, each as a whole process. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
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

import sqlcipher3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kapjournal.domain import Entry, Phase  # noqa: E402
from kapjournal.storage import schema  # noqa: E402
from kapjournal.storage.connect import tune  # noqa: E402
from kapjournal.storage.repository import EntryFilter, Repository  # noqa: E402
from kapjournal.storage.vault import Secret, Vault  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
PASSPHRASE = "benchmark passphrase, not a secret"
VOCAB_SIZE = 6000
WORDS_PER_ENTRY = 250
T0 = datetime(2010, 1, 1, tzinfo=UTC)  # 100k hourly entries end before today


def vocabulary() -> list[str]:
    rng = random.Random(1)
    letters = "etaoinshrdlucmfwypvbgk"
    words: set[str] = set()
    while len(words) < VOCAB_SIZE:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))))
    return sorted(words)


VOCAB = vocabulary()
# Zipf-like weights: a few words are everywhere, most are rare, as in real prose.
WEIGHTS = [1.0 / (rank + 1) for rank in range(VOCAB_SIZE)]


def make_entry(rng: random.Random, i: int) -> Entry:
    words = rng.choices(VOCAB, WEIGHTS, k=WORDS_PER_ENTRY)
    return Entry(
        uid=f"bench-{i}",
        phase=[Phase.FREE, Phase.RECALL, Phase.INTEGRATION][i % 3],
        title=" ".join(words[:4]).capitalize(),
        body=" ".join(words[4:]),
        tags=[VOCAB[rng.randint(0, 50)]],
        created_at=T0 + timedelta(hours=i),
        updated_at=T0 + timedelta(hours=i),
    )


def header() -> dict[str, Any]:
    """When and where a run was measured, first in every result file."""
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "sqlcipher": sqlcipher3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0],
    }


def emit(result: dict[str, Any], out: Path | None) -> None:
    """Print the result as JSON, and write it to `out` when given."""
    text = json.dumps(result, indent=2)
    print(text)
    if out:
        out.write_text(text + "\n")


def search_terms(rng: random.Random, n: int) -> list[str]:
    """Words a person might look for: not the commonest, not unseen. Ranks 300 to 6000 match
    roughly 0.1% to 3% of entries each; a third of the queries are two words."""
    out = []
    for i in range(n):
        w = VOCAB[rng.randint(300, VOCAB_SIZE - 1)]
        out.append(w if i % 3 else f"{w} {VOCAB[rng.randint(300, VOCAB_SIZE - 1)]}")
    return out


# -- opening the two engines -----------------------------------------------------------------
def open_plain(path: Path) -> Vault:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    tune(conn)
    schema.migrate(conn)
    return Vault(path, conn, "0" * 96)


def build(kind: str, size: int) -> Path:
    path = WORK / f"{kind}-{size}.db"
    done = path.with_suffix(".done")
    if done.exists():
        return path
    for p in WORK.glob(f"{kind}-{size}.db*"):
        p.unlink()
    vault = Vault.create(path, PASSPHRASE) if kind == "enc" else open_plain(path)
    repo = Repository(vault)
    rng = random.Random(size)
    for start in range(0, size, 1000):
        with vault.transaction():
            for i in range(start, min(size, start + 1000)):
                repo.save_entry(make_entry(rng, i), touch=False)
    vault.conn.execute("PRAGMA optimize")
    vault.lock() if kind == "enc" else vault.conn.close()
    done.touch()
    return path


def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def ms(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 3),
        "p95_ms": round(pct(samples, 0.95) * 1000, 3),
        "n": len(samples),
    }


def measure_pair(
    enc_path: Path, plain_path: Path, size: int, saves: int, searches: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both engines side by side: each save and each query runs on one, then the other, so
    the machine's noise falls on both alike and the ratios compare like with like."""
    unlock: dict[str, list[float]] = {"enc": [], "plain": [], "raw": []}
    raw = ""
    for _ in range(5):
        t = time.perf_counter()
        with Vault.unlock(enc_path, Secret(passphrase=PASSPHRASE)) as v:
            unlock["enc"].append(time.perf_counter() - t)
            raw = v.raw_key
        t = time.perf_counter()
        Vault.unlock(enc_path, Secret(raw_key=raw)).lock()
        unlock["raw"].append(time.perf_counter() - t)
        t = time.perf_counter()
        open_plain(plain_path).conn.close()
        unlock["plain"].append(time.perf_counter() - t)
    vaults = {"enc": Vault.unlock(enc_path, Secret(raw_key=raw)), "plain": open_plain(plain_path)}
    repos = {k: Repository(v) for k, v in vaults.items()}
    save_t: dict[str, list[float]] = {"enc": [], "plain": []}
    search_t: dict[str, list[float]] = {"enc": [], "plain": []}
    hits: dict[str, list[int]] = {"enc": [], "plain": []}
    saved: list[str] = []
    rng = random.Random(99)
    for i in range(saves):
        e = make_entry(rng, size + 1_000_000 + i)
        saved.append(e.uid)
        for kind in ("enc", "plain") if i % 2 else ("plain", "enc"):
            t = time.perf_counter()
            repos[kind].save_entry(e)
            save_t[kind].append(time.perf_counter() - t)
    for i, q in enumerate(search_terms(random.Random(5), searches)):
        for kind in ("enc", "plain") if i % 2 else ("plain", "enc"):
            t = time.perf_counter()
            found = repos[kind].search(q, limit=20)
            search_t[kind].append(time.perf_counter() - t)
            hits[kind].append(len(found))
    for repo in repos.values():
        for uid in saved:  # leave the corpus as it was, so later runs measure the same thing
            repo.delete_entry(uid)
    vaults["enc"].lock()
    vaults["plain"].conn.close()
    out = {
        kind: {
            "unlock_ms": round(statistics.median(unlock[kind]) * 1000, 2),
            "save": ms(save_t[kind]),
            "search": ms(search_t[kind]),
            "search_hits_median": statistics.median(hits[kind]),
        }
        for kind in ("enc", "plain")
    }
    out["enc"]["unlock_raw_key_ms"] = round(statistics.median(unlock["raw"]) * 1000, 2)
    return out["enc"], out["plain"]


# -- whole processes: kapjournal against jrnl ------------------------------------------------
def jrnl_setup(size: int) -> tuple[list[str], dict[str, str]]:
    venv = WORK / "jrnl-venv"
    if not (venv / "bin" / "jrnl").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "jrnl==4.6", "keyrings.alt"], check=True
        )
    home = WORK / f"jrnl-{size}"
    journal = home / "journal.txt"
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        HOME=str(home),
    )
    if not (home / "ready").exists():
        (home / "config" / "jrnl").mkdir(parents=True, exist_ok=True)
        (home / "config" / "jrnl" / "jrnl.yaml").write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minutes: 0\neditor: ''\nencrypt: true\nhighlight: false\n"
            "indent_character: '|'\n"
            f"journals:\n  default:\n    journal: {journal}\n    encrypt: true\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
            "version: v4.6\n"
        )
        rng = random.Random(size)
        text = []
        for i in range(size):
            e = make_entry(rng, i)
            text.append(f"[{e.created_at:%Y-%m-%d %H:%M}] {e.title}. {e.body} @{e.tags[0]}\n\n")
        plain = WORK / f"jrnl-{size}.plain"
        plain.write_text("".join(text))
        script = (
            "import sys, keyring\n"
            "from jrnl.encryption.Jrnlv3Encryption import Jrnlv3Encryption\n"
            "enc = Jrnlv3Encryption('default', {'encrypt': True})\n"
            "enc.password = sys.argv[3]\n"
            "open(sys.argv[2], 'wb').write(enc.encrypt(open(sys.argv[1]).read()))\n"
            "keyring.set_password('jrnl', 'default', sys.argv[3])\n"
        )
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", script, str(plain), str(journal), PASSPHRASE],
            check=True,
            env=env,
        )
        plain.unlink()
        (home / "ready").touch()
    return [str(venv / "bin" / "jrnl")], env


def time_process(cmd: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        samples.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise SystemExit(f"{cmd[:3]} failed: {r.stderr.strip()[:300]}")
    return {"median_ms": round(statistics.median(samples) * 1000, 1), "n": runs}


def compare_with_jrnl(size: int, runs: int) -> dict[str, Any]:
    jrnl, jenv = jrnl_setup(size)
    vault = build("enc", size)
    pf = WORK / "passphrase.txt"
    pf.write_text(PASSPHRASE + "\n")
    kenv = dict(os.environ, KAPJOURNAL_HOME=str(WORK / "kjhome"), PYTHONPATH=str(ROOT))
    kj = [sys.executable, "-m", "kapjournal"]
    term = search_terms(random.Random(5), 1)[0].split()[0]
    base = ["--vault", str(vault), "--passphrase-file", str(pf), "--no-keychain"]
    res: dict[str, Any] = {"entries": size, "term": term}
    res["python_startup"] = time_process([sys.executable, "-c", "pass"], kenv, runs)
    res["kapjournal_search"] = time_process([*kj, "search", term, *base], kenv, runs)
    res["jrnl_search"] = time_process([*jrnl, "-contains", term], jenv, runs)
    res["kapjournal_add"] = time_process([*kj, "add", "benchmark note", *base], kenv, runs)
    res["jrnl_add"] = time_process([*jrnl, "benchmark note"], jenv, runs)
    res["search_speedup"] = round(
        res["jrnl_search"]["median_ms"] / res["kapjournal_search"]["median_ms"], 2
    )
    res["add_speedup"] = round(res["jrnl_add"]["median_ms"] / res["kapjournal_add"]["median_ms"], 2)
    # undo the adds (the only entries dated after the corpus) so the next run measures the same
    with Vault.unlock(vault, Secret(passphrase=PASSPHRASE)) as v:
        repo = Repository(v)
        for e in repo.entries(EntryFilter(since=datetime.now(UTC) - timedelta(days=1))):
            repo.delete_entry(e.uid)
    for p in (WORK / f"jrnl-{size}").glob("ready"):
        p.unlink()  # jrnl's journal now has the added notes: rebuild it next time
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--saves", type=int, default=200)
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--process-runs", type=int, default=10)
    ap.add_argument("--jrnl-size", type=int, default=10_000)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {**header(), "sizes": {}}
    for size in args.sizes:
        enc_path, plain_path = build("enc", size), build("plain", size)
        enc, plain = measure_pair(enc_path, plain_path, size, args.saves, args.searches)
        result["sizes"][str(size)] = {
            "encrypted": enc,
            "plain_sqlite": plain,
            "overhead": {
                "save_p50": round(enc["save"]["p50_ms"] / plain["save"]["p50_ms"], 2),
                "save_p95": round(enc["save"]["p95_ms"] / plain["save"]["p95_ms"], 2),
                "search_p50": round(enc["search"]["p50_ms"] / plain["search"]["p50_ms"], 2),
                "search_p95": round(enc["search"]["p95_ms"] / plain["search"]["p95_ms"], 2),
            },
            "file_mb": round(enc_path.stat().st_size / 1e6, 1),
        }
        print(f"# {size}: {json.dumps(result['sizes'][str(size)])}", file=sys.stderr)
    if args.jrnl_size:
        result["processes"] = compare_with_jrnl(args.jrnl_size, args.process_runs)
    emit(result, args.out)


if __name__ == "__main__":
    main()
