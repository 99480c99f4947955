"""No crash dump holds the journal: core files off and, on Linux, not dumpable."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import child_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")

PROBE = """
import resource
from kapjournal.hardening import dumpable, harden_process
print(dumpable(), resource.getrlimit(resource.RLIMIT_CORE)[1] != 0)
harden_process()
print(dumpable(), resource.getrlimit(resource.RLIMIT_CORE))
"""


def test_hardening_turns_off_core_files_and_dumping() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=child_env(), check=True
    ).stdout.split("\n")
    assert out[0].startswith("True")  # a plain Python process is dumpable
    assert out[1] == "False (0, 0)"


def core_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return " ".join(line.split()[4:6])
    return ""


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
