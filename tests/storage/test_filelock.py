"""One writer swaps the vault file, and only when nobody else has it open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kapjournal.domain import Entry
from kapjournal.errors import StorageError, VaultBusy
from kapjournal.services.opening import create_journal
from kapjournal.storage import backup
from kapjournal.storage.filelock import this_holder
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault
from tests.conftest import PASSPHRASE, child_env


def test_no_swap_while_another_handle_has_the_journal_open(vault_path: Path) -> None:
    Vault.create(vault_path, PASSPHRASE).lock()
    first = Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE))
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as second:
        before = vault_path.read_bytes()
        with pytest.raises(VaultBusy, match="open in another kapjournal"):
            backup.change_passphrase(second, "a brand new passphrase")
        with pytest.raises(VaultBusy):
            backup.restore(second, backup.make_backup(second), Secret(passphrase=PASSPHRASE))
        assert vault_path.read_bytes() == before
        Repository(first).save_entry(Entry(title="still saved", body="on the same file"))
        first.lock()
        backup.change_passphrase(second, "a brand new passphrase")  # alone now: allowed
        Repository(second).save_entry(Entry(title="after", body="the change"))
    with Vault.unlock(vault_path, Secret(passphrase="a brand new passphrase")) as v:
        assert {e.title for e in Repository(v).entries()} == {"still saved", "after"}


def test_a_save_into_a_replaced_file_is_refused_not_lost(vault_path: Path, tmp_path: Path) -> None:
    Vault.create(vault_path, PASSPHRASE).lock()
    copy = tmp_path / "copy.kapvault"
    shutil.copy(vault_path, copy)
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        os.replace(copy, vault_path)  # what a tool that ignores the lock could do
        with pytest.raises(StorageError, match="was replaced"):
            Repository(v).save_entry(Entry(title="typed", body="would have vanished"))


def test_the_command_line_names_the_process_that_holds_the_journal(
    vault_path: Path, tmp_path: Path
) -> None:
    # Made as the app makes a journal: its capture key is written at creation, so the refused
    # command below has nothing to add (an older journal gets its key at its first unlock).
    create_journal(vault_path, PASSPHRASE).lock()
    old, new = tmp_path / "old", tmp_path / "new"
    old.write_text(PASSPHRASE)
    new.write_text("a brand new passphrase")
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as held:
        before = vault_path.read_bytes()
        r = subprocess.run(
            [sys.executable, "-m", "kapjournal", "passwd", "--vault", str(vault_path),
             "--passphrase-file", str(old), "--new-passphrase-file", str(new)],
            capture_output=True, text=True, timeout=60,
            env=child_env(KAPJOURNAL_HOME=str(tmp_path / "h")),
        )  # fmt: skip
        assert r.returncode == 1, r.stderr
        assert f"process {os.getpid()}" in r.stderr and "Nothing was changed" in r.stderr
        assert vault_path.read_bytes() == before
        Repository(held).save_entry(Entry(title="kept", body="typed while refused"))
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        assert [e.title for e in Repository(v).entries()] == ["kept"]


HOLD = """
import sys, time
from pathlib import Path
from kapjournal.storage.vault import Secret, Vault
sys.argv = ["kapjournal", "search", "lighthouse"]  # as `kapjournal search lighthouse` would be
Vault.unlock(Path(sys.argv_path), Secret(passphrase=sys.passphrase))
print("held", flush=True)
time.sleep(120)
"""


def hold_in_a_child(vault_path: Path) -> subprocess.Popen[str]:
    script = HOLD.replace("sys.argv_path", repr(str(vault_path))).replace(
        "sys.passphrase", repr(PASSPHRASE)
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=child_env()
    )
    assert child.stdout is not None and child.stdout.readline() == "held\n"
    return child


def test_a_holder_is_named_by_its_card_and_a_killed_one_leaves_nothing_that_blocks(
    vault_path: Path,
) -> None:
    Vault.create(vault_path, PASSPHRASE).lock()
    cards = vault_path.with_name(vault_path.name + ".holders")
    child = hold_in_a_child(vault_path)
    try:
        [card] = cards.iterdir()
        # The card names the command and never its other words (they may be the journal's).
        assert (
            card.name.startswith(f"{child.pid}.kapjournal.search.")
            and "lighthouse" not in card.name
        )
        assert card.stat().st_size == 0
        with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
            with pytest.raises(VaultBusy) as refused:
                backup.change_passphrase(v, "a brand new passphrase")
            said = str(refused.value)
            assert f"the command “kapjournal search”, process {child.pid}" in said
            assert "lighthouse" not in said
            child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
            child.wait()
            assert card.exists(), "the killed holder's card is left behind"
            os.utime(card, (0, 0))  # and is old enough not to be one being made this moment
            backup.change_passphrase(v, "a brand new passphrase")  # the system dropped its lock
        assert not cards.exists(), "the stale card was removed, and the folder with the last one"
    finally:
        child.kill()
        child.wait()


def test_this_holder_keeps_only_the_program_and_the_command_name() -> None:
    assert this_holder(["/usr/bin/kapjournal", "search", "my words"])[1:] == (
        "kapjournal",
        "search",
    )
    assert this_holder(["/x/kapjournal/__main__.py", "passwd", "--vault", "a"])[1:] == (
        "kapjournal",
        "passwd",
    )
    assert this_holder(["/opt/kapjournal/kapjournal"])[1:] == ("kapjournal", "")
    assert this_holder(["kapjournal", "--vault", "/a/j.kapvault"])[1:] == ("kapjournal", "")
    assert this_holder(["/usr/bin/python3.11", "-c"])[1:] == ("python3", "")
