"""The rules of the house that a tool can check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    r = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "broken" in r.stdout and "0 broken" in r.stdout


def test_core_modules_stay_small() -> None:
    big = [
        (p.relative_to(ROOT), n)
        for p in (ROOT / "kapjournal").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
    ]
    assert not big, f"split these modules: {big}"


def test_no_network_modules_in_the_package() -> None:
    forbidden = ("import socket", "import urllib.request", "import http.client", "requests")
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "kapjournal").rglob("*.py")
        if any(f in p.read_text(encoding="utf-8") for f in forbidden)
    ]
    assert not offenders
