"""Do pictures slow the journal? Entry saves and searches before and after a vault gets
pictures, side by side in one run.

    .venv/bin/python benchmarks/bench_attachments.py [--entries 2000] [--pictures 100] [--out FILE]

Builds an encrypted journal in a temporary folder with `--entries` entries of about 250 words,
times saving a new entry (one committed transaction) and a ranked search, then attaches
`--pictures` pictures of about 1 MB each (noise, so they do not compress) to random entries
and times the same again. Attachments live in their own table, so neither number should move.
Prints JSON.
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


def measure(journal: Any, rng: random.Random, runs: int) -> dict[str, float]:
    saves, searches = [], []
    for _ in range(runs):
        entry = Entry(phase=Phase.FREE, body=text(rng))
        t = time.perf_counter()
        journal.save_entry(entry)
        saves.append(time.perf_counter() - t)
        t = time.perf_counter()
        journal.search(rng.choice(["lighthouse", "river calm", "grief"]), limit=20)
        searches.append(time.perf_counter() - t)

    def stats(xs: list[float]) -> dict[str, float]:
        xs = sorted(xs)
        return {
            "p50_ms": round(statistics.median(xs) * 1000, 3),
            "p95_ms": round(xs[int(0.95 * (len(xs) - 1))] * 1000, 3),
        }

    return {"save": stats(saves), "search": stats(searches)}  # type: ignore[dict-item]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--pictures", type=int, default=100)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        opened = create_journal(Path(tmp) / "j.kapvault", "benchmark passphrase, not a secret")
        journal = opened.journal
        uids = [journal.save_entry(Entry(phase=Phase.FREE, body=text(rng))).uid
                for _ in range(args.entries)]  # fmt: skip
        before = measure(journal, rng, args.runs)
        size_before = (Path(tmp) / "j.kapvault").stat().st_size
        picture = noise_picture(rng)
        t = time.perf_counter()
        for _ in range(args.pictures):
            opened.attachments.add_picture(rng.choice(uids), picture, "noise.png")
        adding = (time.perf_counter() - t) / args.pictures
        after = measure(journal, rng, args.runs)
        size_after = (Path(tmp) / "j.kapvault").stat().st_size
        opened.lock()
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "entries": args.entries,
        "pictures": args.pictures,
        "picture_bytes": len(picture),
        "runs": args.runs,
        "add_picture_ms": round(adding * 1000, 1),
        "vault_mb_before": round(size_before / 1e6, 1),
        "vault_mb_after": round(size_after / 1e6, 1),
        "before": before,
        "after": after,
    }
    text_out = json.dumps(result, indent=2)
    print(text_out)
    if args.out:
        args.out.write_text(text_out + "\n")


if __name__ == "__main__":
    main()
