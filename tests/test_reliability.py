"""The reliability suite in short: SIGKILL through every kind of write, then every check.

The full run (1,000 trials) is `scripts/reliability.py`; its results are in docs/reliability.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import child_env

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_forty_kills_leave_every_promise_kept(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reliability.py"), "--trials", "40",
         "--seed", "7", "--out", str(out)],
        capture_output=True, text=True, timeout=600, env=child_env(),
    )  # fmt: skip
    result = json.loads(out.read_text())
    failures = {k: t["failures"] for k, t in result["kinds"].items() if t["failures"]}
    assert r.returncode == 0 and not failures, failures or r.stderr
    assert all(t["trials"] == 5 for t in result["kinds"].values()) and len(result["kinds"]) == 8
    assert "capture" in result["kinds"], "an unlock killed while it brings in captures"
    assert sum(t["killed_before_done"] for t in result["kinds"].values()) >= 15
