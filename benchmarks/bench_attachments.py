"""Do pictures slow the journal? Entry saves and searches before and after a vault gets
pictures, side by side in one run.

    .venv/bin/python benchmarks/bench_attachments.py [--entries 2000] [--pictures 100] [--out FILE]

Builds two encrypted journals in a temporary folder with the same `--entries` entries of about
250 words; one of them also gets `--pictures` pictures of about 1 MB each (noise, so they do
not compress) on random entries. Then it times saving a new entry (one committed transaction)
and a ranked search in each, alternating between the two journals run by run so both see the
same machine, the same growth and the same caches. Attachments live in their own table, so
the two should match. Prints JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from kapjournal.domain import Entry, Phase  # noqa: E402
from kapjournal.services.opening import create_journal  # noqa: E402

WORDS = [f"word{n}" for n in range(3000)] + ["lighthouse", "river", "grief", "calm"] * 20


def text(rng: random.Random, n: int = 250) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def noise_picture(rng: random.Random, side: int = 620) -> bytes:
    image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def stats(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    return {
        "p50_ms": round(statistics.median(xs) * 1000, 3),
        "p95_ms": round(xs[int(0.95 * (len(xs) - 1))] * 1000, 3),
    }


def fill(journal: Any, seed: int, entries: int) -> list[str]:
    rng = random.Random(seed)
    return [journal.save_entry(Entry(phase=Phase.FREE, body=text(rng))).uid
            for _ in range(entries)]  # fmt: skip


def measure(journals: list[Any], rng: random.Random, runs: int) -> list[dict[str, Any]]:
    """The same saves and searches in each journal, alternating (and which goes first)."""
    saves: list[list[float]] = [[] for _ in journals]
    searches: list[list[float]] = [[] for _ in journals]
    for n in range(runs):
        body = text(rng)
        query = rng.choice(["lighthouse", "river calm", "grief"])
        order = list(range(len(journals)))[:: 1 if n % 2 else -1]
        for i in order:
            t = time.perf_counter()
            journals[i].save_entry(Entry(phase=Phase.FREE, body=body))
            saves[i].append(time.perf_counter() - t)
            t = time.perf_counter()
            journals[i].search(query, limit=20)
            searches[i].append(time.perf_counter() - t)
    return [{"save": stats(saves[i]), "search": stats(searches[i])} for i in range(len(journals))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--pictures", type=int, default=100)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        plain = create_journal(Path(tmp) / "plain.kapvault", "benchmark passphrase, not a secret")
        pictured = create_journal(Path(tmp) / "pics.kapvault", "benchmark passphrase, not a secret")
        fill(plain.journal, 7, args.entries)
        uids = fill(pictured.journal, 7, args.entries)
        picture = noise_picture(rng)
        t = time.perf_counter()
        for _ in range(args.pictures):
            pictured.attachments.add_picture(rng.choice(uids), picture, "noise.png")
        adding = (time.perf_counter() - t) / args.pictures
        without, with_pictures = measure([plain.journal, pictured.journal], rng, args.runs)
        sizes = [(Path(tmp) / f).stat().st_size for f in ("plain.kapvault", "pics.kapvault")]
        plain.lock()
        pictured.lock()
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "entries": args.entries,
        "pictures": args.pictures,
        "picture_bytes": len(picture),
        "runs": args.runs,
        "add_picture_ms": round(adding * 1000, 1),
        "vault_mb_before": round(sizes[0] / 1e6, 1),
        "vault_mb_after": round(sizes[1] / 1e6, 1),
        "before": without,
        "after": with_pictures,
        "ratio_p50": {
            k: round(with_pictures[k]["p50_ms"] / without[k]["p50_ms"], 2)
            for k in ("save", "search")
        },
    }
    text_out = json.dumps(result, indent=2)
    print(text_out)
    if args.out:
        args.out.write_text(text_out + "\n")


if __name__ == "__main__":
    main()
