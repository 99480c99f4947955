"""Locks between processes: many shared holders or one exclusive, in this process and others,
and a killed holder's lock gone with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kapjournal.oslock import OsLock
from tests.conftest import child_env

HOLD = """
import sys
from pathlib import Path
from kapjournal.oslock import OsLock
lock = OsLock(Path(sys.argv[1]))
assert lock.try_shared() if sys.argv[2] == "shared" else lock.try_exclusive()
print("held", flush=True)
sys.stdin.read()
"""


def hold(path: Path, how: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), how],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=child_env(),
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline() == "held\n"
    return child


def test_shared_holders_keep_out_an_exclusive_one_in_this_process_too(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    a, b, c = OsLock(path), OsLock(path), OsLock(path)
    assert a.try_shared() and b.try_shared()
    assert not c.try_exclusive()
    a.close()
    assert not c.try_exclusive(), "b still holds it"
    b.close()
    assert c.try_exclusive() and c.held
    assert not a.try_shared(), "an exclusive holder keeps everyone else out"
    c.close()
    assert path.read_bytes() == b"", "a lock file holds nothing"
    assert path.stat().st_mode & 0o077 == 0 or sys.platform == "win32"


@pytest.mark.parametrize("how", ["shared", "exclusive"])
def test_another_process_holds_it_until_it_is_killed(tmp_path: Path, how: str) -> None:
    path = tmp_path / "x.lock"
    child = hold(path, how)
    try:
        mine = OsLock(path)
        assert not mine.try_exclusive()
        assert mine.try_shared() == (how == "shared")
        mine.release()
        child.kill()  # no clean-up runs: the system lets the lock go
        child.wait()
        assert mine.try_exclusive()
        mine.close()
    finally:
        child.kill()
        child.wait()


def test_a_lock_that_may_not_create_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        OsLock(tmp_path / "gone.card", create=False).try_exclusive()
    assert not (tmp_path / "gone.card").exists()


def test_a_folder_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        OsLock(tmp_path / "no-such-folder" / "x.lock").try_shared()
