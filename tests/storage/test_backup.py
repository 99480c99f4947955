"""Verified, rotating, encrypted backups and restoring from them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kapjournal.domain import Entry
from kapjournal.errors import NotAVault, WrongPassphrase
from kapjournal.storage import backup
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault
from tests.conftest import PASSPHRASE

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def test_backup_opens_with_the_same_passphrase(vault: Vault, tmp_path: Path) -> None:
    Repository(vault).save_entry(Entry(title="kept safe"))
    made = backup.make_backup(vault)
    assert made.parent == vault.path.parent / "backups"
    assert made.read_bytes()[:16] != b"SQLite format 3\x00"
    with Vault.unlock(made, Secret(passphrase=PASSPHRASE)) as b:
        assert [e.title for e in Repository(b).entries()] == ["kept safe"]


def test_backup_to_a_chosen_folder(vault: Vault, tmp_path: Path) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    made = backup.make_backup(vault, dest)
    assert made.parent == dest and made.suffix == ".kapvault"


def test_auto_backup_at_most_daily_and_rotates(vault: Vault) -> None:
    made = [backup.auto_backup(vault, keep=3, now=NOW + timedelta(days=d)) for d in range(5)]
    assert all(made)
    assert backup.auto_backup(vault, keep=3, now=NOW + timedelta(days=4, hours=5)) is None
    kept = backup.list_backups(vault.path)
    assert [p.name for p in kept] == [p.name for p in made[-3:] if p]


def test_restore_keeps_the_current_vault_first(vault: Vault, vault_path: Path) -> None:
    repo = Repository(vault)
    repo.save_entry(Entry(title="old"))
    snap = backup.make_backup(vault, now=NOW)
    repo.save_entry(Entry(title="newer"))
    safety = backup.restore(vault, snap, Secret(passphrase=PASSPHRASE))
    assert [e.title for e in repo.entries()] == ["old"], "the vault stays open, restored"
    with Vault.unlock(safety, Secret(passphrase=PASSPHRASE)) as s:
        assert {e.title for e in Repository(s).entries()} == {"old", "newer"}
    vault.lock()
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        assert v.check() == []


def test_restore_from_a_backup_with_an_older_passphrase(vault: Vault) -> None:
    Repository(vault).save_entry(Entry(title="from before"))
    snap = backup.make_backup(vault, now=NOW)
    backup.change_passphrase(vault, "second passphrase")
    backup.restore(vault, snap, Secret(passphrase=PASSPHRASE))
    vault.lock()
    with Vault.unlock(vault.path, Secret(passphrase=PASSPHRASE)) as v:
        assert Repository(v).count_entries() == 1


def test_bad_backups_change_nothing(vault: Vault, tmp_path: Path) -> None:
    Repository(vault).save_entry(Entry(title="precious"))
    junk = tmp_path / "junk.kapvault"
    junk.write_bytes(b"\0" * 100)
    with pytest.raises(NotAVault):
        backup.restore(vault, junk, Secret(passphrase=PASSPHRASE))
    good = backup.make_backup(vault)
    with pytest.raises(WrongPassphrase):
        backup.restore(vault, good, Secret(passphrase="nope"))
    assert [e.title for e in Repository(vault).entries()] == ["precious"]
    assert backup.list_backups(vault.path) == [good], "no safety copy for a refused restore"


def test_change_passphrase_makes_a_verified_backup_first(vault: Vault) -> None:
    Repository(vault).save_entry(Entry(title="x"))
    made = backup.change_passphrase(vault, "brand new")
    with Vault.unlock(made, Secret(passphrase=PASSPHRASE)) as old:
        assert old.check() == [] and Repository(old).count_entries() == 1


def test_backups_in_the_same_second_keep_their_order(vault: Vault) -> None:
    made = [backup.make_backup(vault, now=NOW) for _ in range(12)]
    assert backup.list_backups(vault.path) == made
    backup.rotate(vault.path, keep=3)
    assert backup.list_backups(vault.path) == made[-3:]


BACKING_UP = """
import sys
from pathlib import Path
from kapjournal.storage import backup
from kapjournal.storage.vault import Secret, Vault
with Vault.unlock(Path(sys.argv[1]), Secret(passphrase=sys.argv[2])) as v:
    while True:
        backup.make_backup(v)
"""


def test_an_interrupted_backup_leaves_nothing_for_long(vault: Vault, vault_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import child_env

    repo = Repository(vault)
    for n in range(300):
        repo.save_entry(Entry(title=f"entry {n}", body="words " * 300))
    folder = backup.backup_folder(vault_path)
    child = subprocess.Popen(
        [sys.executable, "-c", BACKING_UP, str(vault_path), PASSPHRASE], env=child_env()
    )
    try:
        deadline = time.monotonic() + 60
        while not list(folder.glob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    left = list(folder.glob("*.part"))
    assert left, "the kill came while a backup was being written"
    old = time.time() - 3600
    for p in left:
        os.utime(p, (old, old))
    running = folder / f"{vault_path.stem}-20260501-120000.kapvault.abcd1234.part"
    running.write_bytes(b"a backup being written right now")
    backup.auto_backup(vault, keep=10, now=datetime.now(UTC) + timedelta(days=2))
    assert list(folder.glob("*.part")) == [running]
