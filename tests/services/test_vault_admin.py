"""Back up, restore, change the passphrase and check through the one owner of vault jobs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kapjournal.errors import WrongPassphrase
from kapjournal.services.opening import OpenJournal, open_journal
from tests.conftest import PASSPHRASE


def test_backups_started_together_both_succeed(opened: OpenJournal) -> None:
    made: list[Path | None] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            made.append(opened.admin.backup(10))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len({p for p in made if p is not None}) == 3
    assert len(opened.admin.backups()) == 3
    assert opened.admin.backup(10, force=False) is None, "the daily one is already there"


def test_restore_asks_for_another_passphrase(opened: OpenJournal) -> None:
    j, admin = opened.journal, opened.admin
    j.save_entry(j.free_entry())
    made = admin.backup(10)
    assert made is not None
    admin.change_passphrase(PASSPHRASE, "another long passphrase")
    j.save_entry(j.free_entry())
    with pytest.raises(WrongPassphrase):
        admin.restore(made)
    result = admin.restore(made, PASSPHRASE)
    assert result.key_changed and result.safety_backup.exists()
    assert j.count_entries() == 1


def test_change_passphrase_checks_the_current_one(opened: OpenJournal, vault_path: Path) -> None:
    with pytest.raises(WrongPassphrase, match="not right"):
        opened.admin.change_passphrase("wrong", "new and long passphrase")
    backup = opened.admin.change_passphrase(PASSPHRASE, "new and long passphrase")
    assert backup.exists()
    opened.lock()
    with pytest.raises(WrongPassphrase):
        open_journal(vault_path, passphrase=PASSPHRASE)
    open_journal(vault_path, passphrase="new and long passphrase").lock()


def test_check_reports_health(opened: OpenJournal) -> None:
    report = opened.admin.check(repair=True)
    assert report.healthy and not report.repaired and report.schema_version >= 1


def test_a_bad_remembered_key_is_a_wrong_passphrase(vault_path: Path, opened: OpenJournal) -> None:
    opened.lock()
    with pytest.raises(WrongPassphrase):
        open_journal(vault_path, raw_key="not hex")
