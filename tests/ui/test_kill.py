"""A running app killed with SIGKILL keeps everything up to its last autosave."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kapjournal.domain import EntryFilter, Phase
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault
from tests.conftest import PASSPHRASE, child_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def test_kill_after_typing_keeps_the_autosaved_text(tmp_path: Path) -> None:
    vault_path = tmp_path / "v.kapvault"
    Vault.create(vault_path, PASSPHRASE).lock()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.app_child", str(vault_path), PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(QT_QPA_PLATFORM="offscreen", KAPJOURNAL_HOME=str(tmp_path / "home")),
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "saved"
        assert child.stdout.readline().strip() == "typed-more"
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    with Vault.unlock(vault_path, Secret(passphrase=PASSPHRASE)) as v:
        assert v.check() == []
        [entry] = Repository(v).entries(EntryFilter(phase=Phase.FREE))
        assert entry.body.startswith("words that were autosaved")
