"""SIGKILL at random moments: nothing committed is lost and the vault stays healthy."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kapjournal.domain import Entry
from kapjournal.errors import WrongPassphrase
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault
from tests.conftest import PASSPHRASE, child_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def spawn(mode: str, path: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.storage.children", mode, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(**env),
        cwd=Path(__file__).resolve().parents[2],
    )


def test_writer_killed_at_random_moments_loses_nothing_committed(
    vault: Vault, vault_path: Path
) -> None:
    raw = vault.raw_key
    vault.lock()
    rng = random.Random(20261126)
    committed: set[str] = set()
    for trial in range(20):
        child = spawn("writer", vault_path, KAPJOURNAL_TEST_KEY=raw)
        assert child.stdout is not None
        first = child.stdout.readline().strip()  # wait until it is really writing
        assert first, child.stderr.read() if child.stderr else "no output"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        lines = [first, *out.splitlines()]
        # A line without its newline may be torn; whole lines were printed after COMMIT.
        reported = {ln for ln in lines[:-1]} | ({lines[-1]} if out.endswith("\n") else set())
        committed |= {ln.strip() for ln in reported if ln.strip()}
        with Vault.unlock(vault_path, Secret(raw_key=raw)) as v:
            assert v.check() == [], f"trial {trial}: integrity check failed"
            repo = Repository(v)
            present = {r[0] for r in v.conn.execute("SELECT uid FROM entries")}
            missing = committed - present
            assert not missing, f"trial {trial}: lost {len(missing)} committed entries"
            assert repo.search("river"), "the search index survived too"
    assert len(committed) > 20


def test_passphrase_change_killed_at_random_moments(vault: Vault, vault_path: Path) -> None:
    repo = Repository(vault)
    for i in range(200):
        repo.save_entry(Entry(title=f"keep {i}", body="words " * 100))
    vault.lock()
    rng = random.Random(7)
    current = PASSPHRASE
    outcomes = {"old": 0, "new": 0}
    duration = 0.0
    for trial in range(13):
        new = f"passphrase number {trial}"
        with Vault.unlock(vault_path, Secret(passphrase=current)) as v:
            raw = v.raw_key
        child = spawn("passwd", vault_path, KAPJOURNAL_TEST_KEY=raw, KAPJOURNAL_TEST_NEW=new)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        if trial == 0:  # one change left to finish: how long one takes on this machine
            started = time.perf_counter()
            assert child.stdout.readline().strip() == "done"
            duration = time.perf_counter() - started
        else:  # kill anywhere from the start to a little past the end of a change
            time.sleep(rng.uniform(0.0, duration * 1.3))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        try:
            v = Vault.unlock(vault_path, Secret(passphrase=current))
            outcomes["old"] += 1
        except WrongPassphrase:
            v = Vault.unlock(vault_path, Secret(passphrase=new))
            outcomes["new"] += 1
            current = new
        with v:
            assert v.check() == []
            assert Repository(v).count_entries() == 200
    assert outcomes["old"] and outcomes["new"], f"both sides of the swap were hit: {outcomes}"
