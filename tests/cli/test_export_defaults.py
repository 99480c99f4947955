"""`kapjournal export` starts where the last report ended, as the app's export window does;
--since or --all chooses otherwise."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kapjournal.domain import ExportRecord
from kapjournal.services.opening import open_journal
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault
from tests.cli.test_main import run
from tests.conftest import PASSPHRASE


def test_export_starts_at_the_last_report_unless_told_otherwise(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    with open_journal(initialised, passphrase=PASSPHRASE) as opened:
        now = opened.journal.clock()
        for title, days in (("Old news", 30), ("Since then", 2)):
            entry = opened.journal.free_entry()
            entry.title, entry.created_at = title, now - timedelta(days=days)
            opened.journal.save_entry(entry)
    with Vault.unlock(initialised, Secret(passphrase=PASSPHRASE)) as v:
        Repository(v).record_export(ExportRecord("report-pdf", 1, at=now - timedelta(days=10)))
    pf = ["--passphrase-file", str(passphrase_file)]
    out = tmp_path / "r.md"
    r = run("export", "--format", "md", "--out", str(out), *pf, home=home)
    assert r.returncode == 0, r.stderr
    assert "Starting from your last report, on " in r.stdout and "--all" in r.stdout
    assert "Since then" in out.read_text() and "Old news" not in out.read_text()
    r = run("export", "--format", "md", "--out", str(out), "--all", *pf, home=home)
    assert r.returncode == 0, r.stderr
    assert "Old news" in out.read_text() and "Starting from" not in r.stdout
