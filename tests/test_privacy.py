"""Plaintext never reaches the disk: a scripted session leaves its marker in no file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import child_env

MARKER = "zebracornflower"


def scan(folder: Path, needle: bytes) -> list[Path]:
    hits = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            try:
                data = p.read_bytes()
            except OSError:
                continue
            if needle in data or needle.upper() in data:
                hits.append(p)
    return hits


def test_scripted_session_leaks_nothing(tmp_path: Path) -> None:
    home, tmp, user_home = tmp_path / "data", tmp_path / "tmp", tmp_path / "user"
    for d in (tmp, user_home):
        d.mkdir()
    env = child_env(
        KAPJOURNAL_HOME=str(home),
        TMPDIR=str(tmp),
        HOME=str(user_home),
        XDG_CACHE_HOME=str(user_home / ".cache"),
        XDG_STATE_HOME=str(user_home / ".local/state"),
    )
    pf = tmp_path / "pass"
    pf.write_text("leak test passphrase\n")
    # The import file is the patient's own plaintext; it is written outside every scanned folder.
    src = tmp_path / "import.json"
    src.write_text(
        json.dumps(
            {
                "tags": {},
                "entries": [
                    {
                        "title": f"Day {i} {MARKER}",
                        "body": f"Something about {MARKER} number {i}.",
                        "date": "2025-01-01",
                        "time": f"{i % 24:02d}:00",
                        "tags": [f"@{MARKER}"],
                        "starred": False,
                    }
                    for i in range(50)
                ],
            }
        )
    )

    def kj(*args: str) -> subprocess.CompletedProcess[str]:
        r = subprocess.run(
            [sys.executable, "-m", "kapjournal", *args, "--passphrase-file", str(pf)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert r.returncode == 0, r.stderr
        return r

    kj("init")
    kj("import", str(src), "--format", "jrnl")
    assert MARKER in kj("search", MARKER).stdout
    kj("backup")
    kj("check")
    for folder in (home, tmp, user_home):
        assert scan(folder, MARKER.encode()) == [], f"plaintext found under {folder}"
    assert sorted(p.name for p in home.iterdir()) == [
        "backups",
        "journal.kapvault",
        "journal.kapvault.capture-key",  # the public key captures are sealed to: 32 bytes
        "journal.kapvault.lock",  # empty: only its advisory lock is used
        "settings.json",
    ]
    assert (home / "journal.kapvault.capture-key").stat().st_size == 32
    assert (home / "journal.kapvault.lock").stat().st_size == 0
