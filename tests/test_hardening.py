"""No crash dump holds the journal: core files off, on Linux not dumpable, on Windows no heap
in an error report."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kapjournal.hardening import (
    SEM_NOGPFAULTERRORBOX,
    WER_FAULT_REPORTING_FLAG_NOHEAP,
    harden_process,
)
from tests.conftest import child_env

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")


class Kernel32:
    """Records the calls the Windows steps make; what Windows would answer (S_OK, 0)."""

    def __init__(self, calls: list[tuple[str, int]]) -> None:
        self.calls = calls

    def __getattr__(self, name: str) -> Any:
        return lambda flag: self.calls.append((name, flag)) or 0


def test_the_windows_steps_ask_for_no_crash_dialog_and_no_heap_in_reports() -> None:
    calls: list[tuple[str, int]] = []
    loaded: list[str] = []

    def load(name: str) -> Kernel32:
        loaded.append(name)
        return Kernel32(calls)

    assert harden_process("win32", load) == ["no_error_report_dumps"]
    assert loaded == ["kernel32"]
    assert calls[0][0] == "SetErrorMode" and calls[0][1] & SEM_NOGPFAULTERRORBOX
    assert calls[1] == ("WerSetFlags", WER_FAULT_REPORTING_FLAG_NOHEAP)


def test_a_step_a_system_lacks_is_skipped_without_stopping_the_start() -> None:
    def missing(name: str) -> Any:
        raise OSError(f"no {name}")

    assert harden_process("win32", missing) == []
    # The Windows loader does not exist here: the real call finds nothing and goes on.
    assert harden_process("win32") == []


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX")
def test_macos_turns_core_files_off() -> None:
    out = subprocess.run(
        [sys.executable, "-c", MACOS_PROBE], capture_output=True, text=True, env=child_env()
    )
    assert out.stdout.split() == ["['no_core_files']", "(0,", "0)"], out.stderr


MACOS_PROBE = """
import resource
from kapjournal.hardening import harden_process
print(harden_process("darwin"), resource.getrlimit(resource.RLIMIT_CORE))
"""

PROBE = """
import resource
from kapjournal.hardening import dumpable, harden_process
print(dumpable(), resource.getrlimit(resource.RLIMIT_CORE)[1] != 0)
print(harden_process())
print(dumpable(), resource.getrlimit(resource.RLIMIT_CORE))
"""


@linux_only
def test_hardening_turns_off_core_files_and_dumping() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=child_env(), check=True
    ).stdout.split("\n")
    assert out[0].startswith("True")  # a plain Python process is dumpable
    assert out[1] == "['no_core_files', 'not_dumpable']"
    assert out[2] == "False (0, 0)"


def core_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return " ".join(line.split()[4:6])
    return ""


@linux_only
def test_the_running_app_cannot_leave_a_core_file(tmp_path: Path) -> None:
    import resource

    if resource.getrlimit(resource.RLIMIT_CORE)[1] == 0:
        pytest.skip("core files are off for this whole session already")
    env = child_env(KAPJOURNAL_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    app = subprocess.Popen(
        [sys.executable, "-m", "kapjournal"],
        env=env,
        # Start it as a shell with core files on would: the app must turn them off itself.
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (hard, hard)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        limit = core_limit(app.pid)
        while limit != "0 0" and app.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            limit = core_limit(app.pid)
        assert app.poll() is None, "the app is running (first run, waiting for the patient)"
        assert limit == "0 0"
    finally:
        app.kill()
        app.wait()
