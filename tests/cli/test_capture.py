"""`kapjournal capture` as a person uses it: no passphrase, no terminal, a sealed file; the next
unlocking command brings it in and says so; nothing readable is left anywhere on the way."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest

from kapjournal.cli.main import main
from kapjournal.services.capture import inbox, key_file, waiting
from kapjournal.services.keys import KeyStore
from kapjournal.storage.keychain import Keychain
from tests.cli.test_main import assert_one_line_error, run
from tests.services.test_voice_notes import RECALL, with_tags

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAID = "Captured and sealed. Only your journal can open it"


@pytest.fixture
def marker() -> str:
    """A word found nowhere else, this run: other tests writing to /tmp cannot match it."""
    return "zebra" + uuid.uuid4().hex[:12] + "cornflower"


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """tempfile's folder for this test alone, so every temporary file can be scanned."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert tempfile.gettempdir() == str(folder)
    yield folder
    tempfile.tempdir = None


def kj(*args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch) -> int:
    keys = KeyStore(Keychain(backend=keyring.backends.fail.Keyring(), timeout=1))
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(args), keys=keys)


@pytest.fixture
def journal(
    isolated_home: Path,
    passphrase_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    assert kj("init", "--passphrase-file", str(passphrase_file), monkeypatch=monkeypatch) == 0
    capsys.readouterr()
    path = isolated_home / "journal.kapvault"
    assert key_file(path).is_file(), "`init` leaves the capture key beside the journal"
    return path


def no_unlocking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Capturing must never ask for a passphrase, the keychain, or derive a key."""

    def no(*_a: object, **_k: object) -> None:
        raise AssertionError("capture tried to unlock")

    for name in ("cli.context.Context.passphrase", "cli.context.Context.remembered_key",
                 "cli.context.prompt_hidden", "storage.secret.Secret.raw_key_for",
                 "storage.vault.Vault.unlock", "services.opening.open_journal",
                 "cli.context.open_journal"):  # fmt: skip
        monkeypatch.setattr("kapjournal." + name, no)


def scan(roots: list[Path], needles: list[bytes], since: float | None = None) -> list[str]:
    """Files under the roots holding any needle (only those changed since `since`, if given)."""
    found = []
    for root in roots:
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                p = Path(dirpath) / name
                try:
                    if since is not None and p.lstat().st_mtime < since:
                        continue
                    data = p.read_bytes() if p.is_file() and not p.is_symlink() else b""
                except OSError:
                    continue  # gone (another program's), or not ours to read
                found += [f"{p}: {n[:12]!r}" for n in needles if n in data]
    return found


def needles(marker: str) -> list[bytes]:
    return [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be"),
            b"fLaC"]  # fmt: skip


def test_text_and_voice_captured_without_a_passphrase_then_brought_in(
    journal: Path,
    isolated_home: Path,
    passphrase_file: Path,
    private_tmp: Path,
    tmp_path: Path,
    marker: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.time() - 1
    voice = tmp_path / "inputs" / "recall.flac"
    voice.parent.mkdir()
    voice.write_bytes(with_tags(RECALL.read_bytes(), f"TITLE={marker}".encode()))
    assert len(scan([voice.parent], needles(marker))) == 2, "the scan finds what is there"
    with monkeypatch.context() as m:
        no_unlocking(m)
        assert kj("capture", "-", stdin=f"Right after: {marker} in the text\n", monkeypatch=m) == 0
        out = capsys.readouterr()
        assert out.out.startswith(SAID) and out.err == ""
        code = kj("capture", f"The voice {marker}", "--attach", str(voice), monkeypatch=m)
        assert code == 0 and capsys.readouterr().out.startswith(SAID)
    files = waiting(journal)
    assert len(files) == 2 and all(f.stat().st_size < 2 * 1024 * 1024 for f in files)
    # Nothing readable anywhere: the data folder (journal, key, inbox), this test's temporary
    # folder, and whatever appeared in the system's temporary folder meanwhile.
    system_tmp = Path("/tmp") if Path("/tmp").is_dir() else None
    pytest_tmp = tmp_path.parents[1]  # pytest-of-<user>: other tests' files, inputs included
    assert inbox(journal).parent == isolated_home
    assert scan([isolated_home, private_tmp], needles(marker)) == []
    if system_tmp is not None:
        fresh = [
            p for p in system_tmp.iterdir()
            if p != pytest_tmp and not p.name.startswith("bash_jobs")  # the shell's own
        ]  # fmt: skip
        assert scan(fresh, needles(marker), since=started) == []

    pf = ["--passphrase-file", str(passphrase_file)]
    assert kj("search", marker, *pf, monkeypatch=monkeypatch) == 0
    out = capsys.readouterr()
    assert out.err == "kapjournal: Brought in 2 notes captured while the journal was locked.\n"
    assert out.out.count("Captured while locked") >= 2 and marker in out.out
    assert waiting(journal) == [] and list(inbox(journal).iterdir()) == []
    assert kj("search", marker, "--json", *pf, monkeypatch=monkeypatch) == 0
    out = capsys.readouterr()
    assert out.err == "", "brought in once: the next unlock has nothing to say"
    hits = json.loads(out.out)
    assert len(hits) == 2
    [audio] = [a for h in hits for a in h["attachments"]]
    assert (audio["kind"], audio["mime"], audio["duration_ms"]) == ("audio", "audio/flac", 2274)
    assert scan([isolated_home, private_tmp], needles(marker)) == []


def test_capture_from_standard_input_in_a_process_without_a_terminal(
    journal: Path, isolated_home: Path, marker: str
) -> None:
    """A whole process, stdin a pipe, no passphrase file and no keychain entry."""
    r = run("capture", "-", stdin=f"{marker}\nsecond line\n", home=isolated_home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(SAID) and r.stderr == ""
    [sealed] = waiting(journal)
    assert marker.encode() not in sealed.read_bytes()
    r = run("capture", "-", stdin="  \n", home=isolated_home)
    assert_one_line_error(r, 1)
    assert "The note is empty; nothing was captured." in r.stderr
    assert len(waiting(journal)) == 1


def test_a_journal_never_unlocked_by_this_version_says_so_in_one_line(
    tmp_path: Path, marker: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.kapvault"
    shutil.copy(FIXTURES / "vault-v11.kapvault", old)
    code = kj("capture", marker, "--vault", str(old), monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert err.startswith("kapjournal: This journal cannot take notes while locked yet")
    assert "unlock it once with this version of kapjournal" in err
    assert not inbox(old).exists() and not key_file(old).exists()
    secret = tmp_path / "fixture-pass"
    secret.write_text("fixture passphrase\n")
    secret.chmod(0o600)
    pf = ["--vault", str(old), "--passphrase-file", str(secret)]
    assert kj("search", "lighthouse", *pf, monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().err == "", "nothing was waiting"
    assert kj("capture", marker, "--vault", str(old), monkeypatch=monkeypatch) == 0
    assert kj("search", marker, *pf, monkeypatch=monkeypatch) == 0
    out = capsys.readouterr()
    assert "Brought in 1 note captured" in out.err and marker in out.out


def test_a_file_that_is_not_a_picture_or_voice_note_is_refused_before_sealing(
    journal: Path,
    tmp_path: Path,
    marker: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text(marker)
    assert kj("capture", marker, "--attach", str(odd), monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("kapjournal: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and "unexpected" not in err
    assert waiting(journal) == []
