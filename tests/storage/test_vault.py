"""The vault file: create, unlock, lock, refusals, compatibility with standard SQLCipher."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import apsw
import pytest

from kapjournal.domain import Entry
from kapjournal.errors import (
    NewerSchema,
    NotAVault,
    VaultExists,
    VaultLocked,
    VaultMissing,
    WrongPassphrase,
)
from kapjournal.storage import schema
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault, sidecars
from tests.conftest import PASSPHRASE

AWKWARD = [
    'it\'s a "quoted" one',
    "back\\slash\\' ; DROP TABLE entries; --",
    "x'00'",
    "Grüße aus Köln — çà et là",
    "🌱🧠✨ emoji only 🫶",
    "日本語のパスフレーズ",
    " leading and trailing spaces ",
]


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def open_with_standard_client(path: Path, passphrase: str) -> list[tuple[str, ...]]:
    """apsw-sqlite3mc is an independent SQLCipher 4 reader: the passphrase alone must do."""
    conn = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    conn.execute("PRAGMA cipher = 'sqlcipher'")
    conn.execute("PRAGMA legacy = 4")
    conn.execute("PRAGMA key = " + "'" + passphrase.replace("'", "''") + "'")
    try:
        return list(conn.execute("SELECT title FROM entries ORDER BY id"))
    finally:
        conn.close()


def test_create_unlock_lock_round_trip(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE) as v:
        Repository(v).save_entry(Entry(title="first light"))
        assert v.schema_version() == schema.SCHEMA_VERSION
    assert not any(p.exists() for p in sidecars(vault_path)), "lock leaves only the vault file"
    assert oct(vault_path.stat().st_mode & 0o777) == oct(0o600)
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        assert [e.title for e in Repository(v).entries()] == ["first light"]
    with pytest.raises(VaultLocked):
        _ = v.conn


@pytest.mark.parametrize("passphrase", AWKWARD)
def test_awkward_passphrases_work_here_and_in_a_standard_client(
    vault_path: Path, passphrase: str
) -> None:
    with Vault.create(vault_path, passphrase) as v:
        Repository(v).save_entry(Entry(title="kept"))
    with Vault.unlock(vault_path, Secret(passphrase=passphrase)) as v:
        assert Repository(v).count_entries() == 1
    assert open_with_standard_client(vault_path, passphrase) == [("kept",)]
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_path, Secret(passphrase=passphrase.strip() + "x"))


def test_wrong_passphrase_changes_nothing(vault: Vault, vault_path: Path) -> None:
    Repository(vault).save_entry(Entry(title="private"))
    vault.lock()
    before = files_in(vault_path.parent)
    with pytest.raises(WrongPassphrase) as info:
        Vault.unlock(vault_path, Secret(passphrase="not it"))
    assert files_in(vault_path.parent) == before
    message = str(info.value)
    assert "\n" not in message and "passphrase" in message


def test_missing_vault_is_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nope.kapvault"
    with pytest.raises(VaultMissing):
        Vault.unlock(target, Secret(passphrase=PASSPHRASE))
    assert not target.exists()


def test_create_refuses_to_overwrite(vault: Vault, vault_path: Path) -> None:
    with pytest.raises(VaultExists):
        Vault.create(vault_path, "other")


def _plaintext_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES ('secret diary')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (_plaintext_sqlite, "unencrypted SQLite"),
        (lambda p: p.write_bytes(os.urandom(10_000)), "damaged or truncated"),
        (lambda p: p.write_bytes(os.urandom(100)), "damaged or truncated"),
    ],
    ids=["empty", "plaintext-sqlite", "random-odd-size", "tiny"],
)
def test_files_that_are_not_vaults_are_refused_untouched(tmp_path: Path, make, expected) -> None:
    path = tmp_path / "suspect.kapvault"
    make(path)
    before = files_in(tmp_path)
    with pytest.raises(NotAVault, match=expected):
        Vault.unlock(path, Secret(passphrase=PASSPHRASE))
    assert files_in(tmp_path) == before


def test_random_bytes_of_whole_pages_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "noise.kapvault"
    path.write_bytes(os.urandom(4096 * 3))
    before = files_in(tmp_path)
    with pytest.raises(WrongPassphrase, match="not a kapjournal journal file"):
        Vault.unlock(path, Secret(passphrase=PASSPHRASE))
    assert files_in(tmp_path) == before


def test_truncated_vault_is_refused_untouched(vault: Vault, vault_path: Path) -> None:
    Repository(vault).save_entry(Entry(title="x" * 10_000))
    vault.lock()
    data = vault_path.read_bytes()
    vault_path.write_bytes(data[: len(data) - 1000])
    before = files_in(vault_path.parent)
    with pytest.raises(NotAVault, match="truncated"):
        Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE))
    assert files_in(vault_path.parent) == before


def test_damaged_page_is_found_by_check(vault: Vault, vault_path: Path) -> None:
    repo = Repository(vault)
    for i in range(40):
        repo.save_entry(Entry(title=f"entry {i}", body="words " * 300))
    vault.lock()
    data = bytearray(vault_path.read_bytes())
    data[4096 * 5 + 100] ^= 0xFF  # flip one byte inside the sixth page
    vault_path.write_bytes(bytes(data))
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        problems = v.check()
    assert problems and any("page" in p.lower() for p in problems)


def test_healthy_vault_checks_clean(vault: Vault) -> None:
    Repository(vault).save_entry(Entry(title="fine"))
    assert vault.check() == []


def test_raw_key_unlocks_without_passphrase(vault: Vault, vault_path: Path) -> None:
    raw = vault.raw_key
    assert len(raw) == 96 and PASSPHRASE.encode().hex() not in raw
    vault.lock()
    with Vault.unlock(vault_path, Secret(raw_key=raw)) as v:
        assert v.check() == []


def test_stale_raw_key_is_a_wrong_passphrase(vault: Vault, vault_path: Path) -> None:
    stale = vault.raw_key[:64] + "00" * 16
    vault.lock()
    with pytest.raises(WrongPassphrase, match="remembered key"):
        Vault.unlock(vault_path, Secret(raw_key=stale))


def test_secret_rejects_nul_and_bad_hex() -> None:
    with pytest.raises(ValueError):
        Secret(passphrase="a\x00b")
    with pytest.raises(ValueError):
        Secret(raw_key="zz" * 48)


def test_change_passphrase(vault: Vault, vault_path: Path) -> None:
    Repository(vault).save_entry(Entry(title="before the change"))
    vault.change_passphrase("a new one ✓")
    assert Repository(vault).count_entries() == 1, "the vault stays usable after the change"
    vault.lock()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE))
    with Vault.unlock(vault_path, Secret(passphrase="a new one ✓")) as v:
        assert [e.title for e in Repository(v).entries()] == ["before the change"]
    assert not list(vault_path.parent.glob("*tmp*"))


def test_newer_schema_is_refused(vault: Vault, vault_path: Path) -> None:
    vault.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    vault.lock()
    with pytest.raises(NewerSchema, match="newer kapjournal"):
        Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE))


def test_failed_transaction_rolls_back(vault: Vault) -> None:
    repo = Repository(vault)
    with pytest.raises(RuntimeError), vault.transaction():
        repo.save_entry(Entry(title="inside"))
        raise RuntimeError("boom")
    assert repo.count_entries() == 0


def test_wal_and_full_sync(vault: Vault) -> None:
    assert vault.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert vault.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert vault.conn.execute("PRAGMA temp_store").fetchone()[0] == 2


def test_search_index_mismatch_is_found_and_repaired(
    vault: Vault, vault_path: Path, passphrase_file: Path
) -> None:
    from kapjournal.cli import main as cli

    repo = Repository(vault)
    e = repo.save_entry(Entry(title="kept", body="original words"))
    e.body = "edited words"
    repo.save_entry(e)
    assert vault.check() == [], "editing keeps the index equal to the entries"
    # An index row for text no entry holds: what a bug or a bad tool could leave behind.
    with vault.transaction() as c:
        c.execute(
            "INSERT INTO entry_fts (rowid, title, body, answers, tags) "
            "VALUES (?, 'ghost', 'phantom words', '', '')",
            (e.id,),
        )
    problems = vault.check()
    assert problems and problems[0].startswith("Search index")
    vault.lock()
    args = ["check", "--vault", str(vault_path), "--passphrase-file", str(passphrase_file)]
    assert cli.main(args) == 1
    assert cli.main([*args, "--repair"]) == 0
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        assert v.check() == []
        assert Repository(v).search("phantom") == [] and Repository(v).search("edited")


def test_a_full_disk_is_one_sentence_and_changes_nothing(vault: Vault, vault_path: Path) -> None:
    from kapjournal.errors import DiskFull

    repo = Repository(vault)
    repo.save_entry(Entry(title="already saved"))
    pages = vault.conn.execute("PRAGMA page_count").fetchone()[0]
    vault.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # what a full disk looks like
    with pytest.raises(DiskFull) as info:
        repo.save_entry(Entry(title="too big", body="words " * 200_000))
    assert "disk is full" in str(info.value) and "\n" not in str(info.value)
    assert [e.title for e in repo.entries()] == ["already saved"]
    assert vault.check() == []
