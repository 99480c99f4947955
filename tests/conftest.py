"""Every test gets a fresh data folder and never touches a real profile or keychain entry."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from kapjournal.archive import portable
from kapjournal.services.archives import ArchiveService
from kapjournal.services.journal import JournalService
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("KAPJOURNAL_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the start at login
    monkeypatch.setenv("KAPJOURNAL_KEYCHAIN_TIMEOUT", "5")
    return home


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vaults" / "journal.kapvault"


@pytest.fixture
def vault(vault_path: Path):
    v = Vault.create(vault_path, PASSPHRASE)
    yield v
    v.lock()


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    p = tmp_path / "pass.txt"
    p.write_text(PASSPHRASE + "\n", encoding="utf-8")
    p.chmod(0o600)  # as a person should keep it: one open to others is warned of
    return p


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child Python that imports this checkout's package."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


PYTHON = sys.executable


def import_file(repo: Repository, path: Path, fmt: str = "kapjournal") -> dict[str, int]:
    """Import through the archive use case, as both front doors do."""
    return ArchiveService(repo, JournalService(repo)).import_file(path, fmt)


def archive_of(repo: Repository) -> dict[str, Any]:
    """What `kapjournal export` writes for this vault."""
    return portable.build_archive(ArchiveService(repo, JournalService(repo)).contents())


@pytest.fixture(autouse=True)
def _no_hardening_of_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that call the command line's main() in this process would turn off core files
    for the whole test run (the hard limit cannot be raised again), which the hardening test
    needs. Child processes, the app's included, are hardened as in real use."""
    monkeypatch.setattr("kapjournal.cli.main.harden_process", lambda: None)
