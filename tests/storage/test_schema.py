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
