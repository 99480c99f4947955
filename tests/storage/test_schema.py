"""Migrations: every released schema version has a fixture vault that must still open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kapjournal.storage import schema
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_PASSPHRASE = "fixture passphrase"


def test_statement_splitter_keeps_every_statement() -> None:
    parts = schema.split_statements(schema.MIGRATIONS[0])
    assert any(p.startswith("CREATE VIRTUAL TABLE entry_fts") for p in parts)
    assert all(p.endswith(";") for p in parts)


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION + 1))
def test_fixture_of_each_released_version_migrates(tmp_path: Path, version: int) -> None:
    fixture = FIXTURES / f"vault-v{version}.kapvault"
    assert fixture.exists(), f"commit a fixture vault for schema {version} (tests/fixtures)"
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    with Vault.unlock(copy, Secret(passphrase=FIXTURE_PASSPHRASE)) as v:
        assert v.schema_version() == schema.SCHEMA_VERSION
        assert v.check() == []
        repo = Repository(v)
        titles = {e.title for e in repo.entries()}
        assert "Fixture entry" in titles
        assert repo.search("lighthouse")
        assert repo.sessions()
        assert repo.measures("phq9")
        assert isinstance(repo.packs(), list)
        assert isinstance(repo.dismissals(), list)
        assert isinstance(repo.acknowledgements(), list)
        assert all(isinstance(r.entry_uids, tuple) for r in repo.exports())
        entries = repo.entries()
        assert all(e.body_private == (e.title == "Private text") for e in entries)


def test_questionnaire_result_ids_leave_search_and_previews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 3: a questionnaire answer's text is its summary; the result id it points to was
    indexed and shown in the list's preview before."""
    monkeypatch.setattr(Vault, "MIGRATIONS", schema.MIGRATIONS[:2])
    path = tmp_path / "v2.kapvault"
    with Vault.create(path, FIXTURE_PASSPHRASE) as v:
        with v.transaction() as c:  # what schema 2 wrote (today's code writes newer columns)
            c.execute(
                "INSERT INTO entries (uid, phase, created_at, updated_at) "
                "VALUES ('e1', 'check-in', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
            )
            c.execute(
                "INSERT INTO answers (entry_id, position, item_id, prompt, kind, text, choices, "
                "search_text) SELECT id, 0, 'phq9', 'PHQ-9', 'questionnaire', "
                "'PHQ-9: 13 of 27.', '[\"2c3ae394cf92d1\"]', "
                "'PHQ-9: 13 of 27.' || char(10) || '2c3ae394cf92d1' FROM entries"
            )
            c.execute("INSERT INTO entry_fts (entry_fts) VALUES ('rebuild')")
        assert Repository(v).search("2c3ae394cf92d1")
    monkeypatch.undo()
    with Vault.unlock(path, Secret(passphrase=FIXTURE_PASSPHRASE)) as v:
        repo = Repository(v)
        assert repo.search("2c3ae394cf92d1") == []
        [row] = repo.rows(limit=5)
        assert row.preview == "PHQ-9: 13 of 27."
        assert repo.search("PHQ")


def test_flags_already_raised_enter_the_flag_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 6: the history starts with every flag the results held at the upgrade."""
    monkeypatch.setattr(Vault, "MIGRATIONS", schema.MIGRATIONS[:5])
    path = tmp_path / "v5.kapvault"
    with Vault.create(path, FIXTURE_PASSPHRASE) as v, v.transaction() as c:
        c.execute(  # what schema 5 wrote
            """INSERT INTO measures (uid, instrument, answers, total, flags, completed_at)
               VALUES ('r1', 'phq9', '{}', 12, '["phq9-item9"]', '2026-03-02T10:00:00+00:00')"""
        )
    monkeypatch.undo()
    with Vault.unlock(path, Secret(passphrase=FIXTURE_PASSPHRASE)) as v:
        [flag] = Repository(v).flag_history()
        assert (flag.result_uid, flag.rule, flag.raised_at.year) == ("r1", "phq9-item9", 2026)
