"""A long import commits in batches, so the open app saves meanwhile (SQLite lets one writer in
at a time: one long transaction made the app wait 5 s and fail). Stopped partway, what it
wrote stays, whole records only, and the same file again completes it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kapjournal.archive import portable
from kapjournal.domain import Entry
from kapjournal.errors import DiskFull
from kapjournal.services import archives
from kapjournal.services.opening import OpenJournal, open_journal
from kapjournal.storage.repository import Repository
from kapjournal.storage.secret import Secret
from kapjournal.storage.vault import Vault
from tests.conftest import PASSPHRASE

COUNT = 3 * archives.BATCH + 7


def archive_of(path: Path, count: int = COUNT) -> Path:
    stamp = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    entries = [
        Entry(uid=f"imp-{n}", title=f"imported {n}", body=f"words {n}", created_at=stamp,
              updated_at=stamp)
        for n in range(count)
    ]  # fmt: skip
    path.write_text(
        portable.to_json(portable.build_archive(portable.ArchiveContents(entries=entries))),
        encoding="utf-8",
    )
    return path


def imported(vault_path: Path) -> list[Entry]:
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        return [e for e in Repository(v).all_entries() if e.uid.startswith("imp-")]


def test_the_app_saves_between_an_import_s_batches(
    opened: OpenJournal, vault_path: Path, tmp_path: Path
) -> None:
    src = archive_of(tmp_path / "big.json")
    app = open_journal(vault_path, passphrase=PASSPHRASE)  # the open app
    look = Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE))
    seen: list[int] = []
    saved: list[str] = []
    failed: list[BaseException] = []
    done = threading.Event()

    def app_saves() -> None:
        """Saves as the app does while the import runs, noting what it sees committed."""
        try:
            while not done.is_set():
                count = look.conn.execute(
                    "SELECT count(*) FROM entries WHERE uid LIKE 'imp-%'"
                ).fetchone()[0]
                seen.append(count)
                if 0 < count < COUNT and len(saved) < 3:
                    entry = app.journal.free_entry()
                    entry.body = f"typed during the import {len(saved)}"
                    saved.append(app.journal.save_entry(entry).uid)
                done.wait(0.005)
        except BaseException as exc:
            failed.append(exc)

    watcher = threading.Thread(target=app_saves)
    watcher.start()
    try:
        counts = opened.archives.import_file(src)
    finally:
        done.set()
        watcher.join(30)
        app.lock()
        look.lock()
    assert not failed, failed
    assert counts["entries"] == COUNT
    assert any(0 < n < COUNT for n in seen), "the import's batches were committed one by one"
    assert saved, "the app saved while the import was under way"
    assert all(opened.journal.entry(uid) is not None for uid in saved)
    assert len(imported(vault_path)) == COUNT


def test_an_import_stopped_partway_keeps_whole_records_and_completes_when_run_again(
    opened: OpenJournal, vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = archive_of(tmp_path / "big.json")
    save = Repository.save_entry
    calls = 0

    def fills_the_disk(self: Repository, entry: Entry, **kw: object) -> Entry:
        nonlocal calls
        calls += 1
        if calls > archives.BATCH + 10:  # in the second batch
            raise DiskFull("The disk is full, so nothing was changed; free some space.")
        return save(self, entry, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Repository, "save_entry", fills_the_disk)
    with pytest.raises(DiskFull, match="The import stopped partway: The disk is full") as caught:
        opened.archives.import_file(src)
    assert "import the same file again to complete it" in str(caught.value)
    kept = imported(vault_path)
    assert len(kept) == archives.BATCH, "the first batch stays; the failed one is rolled back"
    assert all(e.body == f"words {e.uid[4:]}" for e in kept), "whole records only"
    monkeypatch.setattr(Repository, "save_entry", save)
    counts = opened.archives.import_file(src)
    assert counts["entries"] == COUNT - archives.BATCH
    assert len(imported(vault_path)) == COUNT
