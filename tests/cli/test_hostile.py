"""Every file in tests/fixtures/hostile/, and pipes, folders and devices, through the command
line: one sentence and exit 1 each, never "unexpected error", never a changed journal."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest

from kapjournal.cli.main import main
from kapjournal.services.keys import KeyStore
from kapjournal.services.opening import create_journal
from kapjournal.storage.keychain import Keychain
from tests.conftest import PASSPHRASE, child_env

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
FILES = sorted(HOSTILE.iterdir())
FORMATS = ("kapjournal", "jrnl", "dayone")


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    home = tmp_path_factory.mktemp("hostile")
    vault = home / "journal.kapvault"
    create_journal(vault, PASSPHRASE).lock()
    secret = home / "pass"
    secret.write_text(PASSPHRASE)
    secret.chmod(0o600)  # one open to others would add a warning line
    yield vault, secret


def run(
    args: list[str], vault: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    os.environ["KAPJOURNAL_HOME"] = str(vault.parent)
    keys = KeyStore(Keychain(backend=keyring.backends.fail.Keyring(), timeout=1))
    code = main([*args, "--vault", str(vault), "--passphrase-file", str(secret)], keys=keys)
    return code, capsys.readouterr().err


def assert_one_sentence(code: int, err: str, *, lines: int = 1) -> None:
    assert code == 1, err
    assert "unexpected error" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= lines, err
    assert err.startswith("kapjournal: ")


@pytest.mark.parametrize("name", [p.name for p in FILES if p.suffix == ".json"])
def test_hostile_imports_are_refused_with_a_sentence(
    name: str, journal: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    vault, secret = journal
    for fmt in FORMATS:
        code, err = run(["import", str(HOSTILE / name), "--format", fmt], vault, secret, capsys)
        assert_one_sentence(code, err)
    code, err = run(["search", "anything"], vault, secret, capsys)
    assert code == 0, err  # the journal still opens, and nothing was imported


@pytest.mark.parametrize("name", [p.name for p in FILES if p.suffix == ".toml"])
def test_hostile_packs_are_refused_with_a_sentence(
    name: str, journal: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    vault, secret = journal
    code, err = run(["prompts", "import", str(HOSTILE / name)], vault, secret, capsys)
    assert_one_sentence(code, err, lines=20)  # a pack author gets every problem, one a line
    code, _err = run(["prompts", "validate", str(HOSTILE / name)], vault, secret, capsys)
    assert code == 1


@pytest.mark.parametrize("name", [p.name for p in FILES if p.suffix == ".kapvault"])
def test_hostile_vaults_are_refused_with_a_sentence(
    name: str, journal: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _vault, secret = journal
    copy = tmp_path / name
    copy.write_bytes((HOSTILE / name).read_bytes())
    code, err = run(["check"], copy, secret, capsys)
    if code == 3:  # random bytes the size of pages look like another passphrase's vault
        code = 1
        assert "passphrase does not unlock" in err
    assert_one_sentence(code, err)
    assert copy.read_bytes() == (HOSTILE / name).read_bytes()


def special_files(where: Path) -> dict[str, Path]:
    fifo = where / "pipe.json"
    os.mkfifo(fifo)
    folder = where / "folder.json"
    folder.mkdir()
    zero = where / "Journal.json"
    zero.symlink_to("/dev/zero")
    return {"a pipe": fifo, "a folder": folder, "a symlink to /dev/zero": zero}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes")
def test_pipes_folders_and_devices_are_refused_without_waiting(
    journal: tuple[Path, Path], tmp_path: Path
) -> None:
    vault, secret = journal
    common = ["--vault", str(vault), "--passphrase-file", str(secret)]
    for what, path in special_files(tmp_path).items():
        for args in (
            ["import", str(path), "--format", "dayone"],
            ["prompts", "validate", str(path)],
            ["restore", str(path)],
        ):
            r = subprocess.run(
                [sys.executable, "-m", "kapjournal", *args, *common],
                capture_output=True,
                text=True,
                timeout=60,  # a pipe read would wait forever; /dev/zero would fill memory
                env=child_env(KAPJOURNAL_HOME=str(vault.parent)),
            )
            assert r.returncode == 1, (what, args, r.stderr)
            assert "unexpected error" not in r.stderr, (what, args, r.stderr)
