"""The patient's own archive through the one door: export records history, import is whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kapjournal.errors import ArchiveError
from kapjournal.services.opening import OpenJournal, create_journal


def test_export_then_import_elsewhere(opened: OpenJournal, tmp_path: Path) -> None:
    j = opened.journal
    e = j.free_entry()
    e.body = "kept in the archive"
    j.save_entry(e)
    out = opened.archives.export_archive(tmp_path / "all.json")
    assert out.entries == 1 and json.loads(out.path.read_text())["entries"][0]["uid"] == e.uid
    with create_journal(tmp_path / "other.kapvault", "another passphrase") as other:
        counts = other.archives.import_file(out.path)
        assert counts["entries"] == 1
        assert other.journal.search("archive")[0].entry_uid == e.uid


def test_a_bad_file_changes_nothing(opened: OpenJournal, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kapjournal-archive", "version": 1, "entries": [{}]}')
    with pytest.raises(ArchiveError):
        opened.archives.import_file(bad)
    assert opened.journal.count_entries() == 0
