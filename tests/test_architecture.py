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


NETWORK_MODULES = (
    "socket",
    "ssl",
    "urllib.request",
    "http.client",
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
)


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_no_network_modules_in_the_package() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in _imports(p) if m.startswith(NETWORK_MODULES))
        for p in (ROOT / "kapjournal").rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_a_new_module_is_held_to_the_qt_free_contract_by_default(tmp_path: Path) -> None:
    """The contract covers the whole package with named exceptions: a module added anywhere
    outside them that imports Qt breaks it (kapjournal.crisis once escaped a list of names)."""
    shutil.copytree(ROOT / "kapjournal", tmp_path / "kapjournal")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "kapjournal" / "newcomer.py").write_text("from PySide6 import QtCore\n")
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    exe = str(Path(exe).resolve())
    env = {**__import__("os").environ, "PYTHONPATH": str(tmp_path)}
    r = subprocess.run([exe], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode != 0 and "kapjournal.newcomer -> PySide6" in r.stdout, r.stdout
