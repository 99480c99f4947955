"""The command line's tests: a data folder of their own, and a journal made by `init`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_main import run


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "clihome"


@pytest.fixture
def initialised(home: Path, passphrase_file: Path) -> Path:
    r = run("init", "--passphrase-file", str(passphrase_file), home=home)
    assert r.returncode == 0, r.stderr
    return home / "journal.kapvault"
