"""Media that misbehave: a full disk, a read-only drive, a crash's WAL, a second writer.

The full-disk and read-only cases run on a small tmpfs the test mounts (root only: CI runs as
root; elsewhere they are skipped with the reason)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kapjournal.domain import Entry
from kapjournal.errors import DiskFull, ReadOnlyMedia, VaultBusy, WrongPassphrase
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault
from tests.conftest import PASSPHRASE, child_env


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "media"
    mount.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    """Write until the drive refuses even one more byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)


def command(vault: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`kapjournal ARGS` on `vault` as a whole process, with the right passphrase."""
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE)
    return subprocess.run(
        [sys.executable, "-m", "kapjournal", *args, "--vault", str(vault),
         "--passphrase-file", str(secret)],
        capture_output=True, text=True, env=child_env(KAPJOURNAL_HOME=str(tmp_path / "h")),
        timeout=60,
    )  # fmt: skip


def journal_with_an_entry(path: Path, text: str = "A lighthouse in fog") -> None:
    with Vault.create(path, PASSPHRASE) as v:
        Repository(v).save_entry(Entry(title="Lighthouse", body=text))


def test_a_full_disk_is_not_a_wrong_passphrase(tmpfs: Path) -> None:
    path = tmpfs / "journal.kapvault"
    journal_with_an_entry(path)
    fill(tmpfs)
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(path, Secret(passphrase="not it"))
    try:
        vault = Vault.unlock(path, Secret(passphrase=PASSPHRASE))
    except DiskFull as exc:
        assert "full" in str(exc)  # said as a full disk, not a wrong passphrase
    else:
        with vault, pytest.raises(DiskFull):
            Repository(vault).save_entry(Entry(title="x", body="y" * 200_000))
    assert path.read_bytes() == before


def test_the_command_line_says_full_disk_with_exit_1(tmpfs: Path, tmp_path: Path) -> None:
    path = tmpfs / "journal.kapvault"
    journal_with_an_entry(path)
    fill(tmpfs)
    r = command(path, tmp_path, "add", "words")
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert "full" in r.stderr and "passphrase" not in r.stderr
    assert "unexpected error" not in r.stderr


def test_read_only_media_opens_read_only_and_says_so(tmpfs: Path, tmp_path: Path) -> None:
    path = tmpfs / "journal.kapvault"
    journal_with_an_entry(path)
    before = path.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    with Vault.unlock(path, Secret(passphrase=PASSPHRASE)) as vault:
        assert vault.read_only
        repo = Repository(vault)
        [entry] = repo.entries()
        assert entry.body == "A lighthouse in fog"
        with pytest.raises(ReadOnlyMedia, match="read-only media"):
            repo.save_entry(Entry(title="new", body="cannot be kept"))
    with pytest.raises(WrongPassphrase):
        Vault.unlock(path, Secret(passphrase="not it"))
    assert path.read_bytes() == before
    r = command(path, tmp_path, "search", "lighthouse")
    assert r.returncode == 0, r.stderr
    assert "Lighthouse" in r.stdout and "read-only media" in r.stderr


CRASH = """
import os, sys
from kapjournal.domain import Entry
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Vault
v = Vault.create(__import__("pathlib").Path(sys.argv[1]), sys.argv[2])
repo = Repository(v)
for n in range(40):
    repo.save_entry(Entry(title=f"entry {n}", body="words " * 200))
os._exit(0)  # a crash: no checkpoint, the WAL stays hot
"""


def test_a_wrong_passphrase_after_a_crash_changes_no_byte(tmp_path: Path) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.kapvault"
    subprocess.run(
        [sys.executable, "-c", CRASH, str(path), PASSPHRASE],
        check=True, env=child_env(), timeout=60,
    )  # fmt: skip
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the crash left a hot WAL"
    files = [p for p in (path, wal, path.with_name(path.name + "-shm")) if p.exists()]
    before = {p: p.read_bytes() for p in files}
    with pytest.raises(WrongPassphrase):
        Vault.unlock(path, Secret(passphrase="not the passphrase"))
    assert {p: p.read_bytes() for p in files if p.exists()} == before
    assert all(p.exists() for p in files)
    with Vault.unlock(path, Secret(passphrase=PASSPHRASE)) as v:
        assert len(Repository(v).entries(limit=100)) == 40  # and nothing was lost


def test_a_second_writer_gets_a_sentence_not_an_sqlite_error(vault_path: Path) -> None:
    journal_with_an_entry(vault_path)
    with (
        Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as first,
        Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as second,
    ):
        second.conn.execute("PRAGMA busy_timeout = 50")
        with first.transaction(), pytest.raises(VaultBusy, match="Another kapjournal"):
            Repository(second).save_entry(Entry(title="t", body="b"))


def test_a_crash_in_the_middle_of_a_checkpoint_still_opens(tmp_path: Path) -> None:
    """Found by scripts/reliability.py: killed while a checkpoint copied pages from the WAL,
    the main file is readable only together with its WAL. The key check, which reads the main
    file alone, must not call that damage; the normal open replays the WAL."""
    path = tmp_path / "journal.kapvault"
    with Vault.create(path, PASSPHRASE) as v:
        key = v.raw_key
        for n in range(50):
            Repository(v).save_entry(Entry(title=f"before {n}", body="words " * 500))
    torn = tmp_path / "torn"
    torn.mkdir()
    with Vault.unlock(path, Secret(raw_key=key)) as v:
        v.conn.execute("PRAGMA wal_autocheckpoint = 0")
        for n in range(400):
            Repository(v).save_entry(Entry(title=f"after {n}", body="words " * 500))
        before = path.read_bytes()
        wal = path.with_name(path.name + "-wal").read_bytes()
        v.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        after = path.read_bytes()
        # The state a kill leaves: the checkpoint wrote page 1, not yet the rest.
        (torn / path.name).write_bytes(after[:4096] + before[4096:])
        (torn / (path.name + "-wal")).write_bytes(wal)
    crashed = torn / path.name
    files = {p: p.read_bytes() for p in torn.iterdir()}
    with pytest.raises(WrongPassphrase):
        Vault.unlock(crashed, Secret(passphrase="not it"))
    assert {p: p.read_bytes() for p in torn.iterdir()} == files
    with Vault.unlock(crashed, Secret(raw_key=key)) as v:
        assert v.check() == []
        assert Repository(v).count_entries() == 450


@pytest.mark.parametrize("free", [0, 4096, 24_576, 65_536, 196_608])
def test_creating_a_journal_on_a_full_disk_says_so_and_leaves_nothing(
    tmpfs: Path, free: int
) -> None:
    """Full, or nearly: the tuning step's error, or a COMMIT that SQLite rolled back by itself
    (whose ROLLBACK then said "no transaction is active"), each once hid the cause."""
    fill(tmpfs)
    filler = tmpfs / "filler"
    os.truncate(filler, max(0, filler.stat().st_size - free))
    path = tmpfs / "journal.kapvault"
    try:
        Vault.create(path, PASSPHRASE).lock()
    except DiskFull as exc:
        assert str(exc) == (
            "The disk is full, so no journal was created; free some space and try again."
        )
        assert sorted(p.name for p in tmpfs.iterdir()) == ["filler"], "no half-made file"
    else:  # enough room after all: a whole journal that opens
        with Vault.unlock(path, Secret(passphrase=PASSPHRASE)) as v:
            assert v.check() == []
