"""Windows and macOS take the same paths as Linux, checked here on every change.

The write lock and the single-instance guard are built on kapjournal/oslock.py, which has no
platform branch: these tests run them with `sys.platform` set to Windows' value and no fcntl
to import, and every module of the package is imported as each platform would import it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, child_env

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kapjournal"
POSIX_ONLY = ("fcntl", "termios", "resource", "pwd", "grp", "tty", "pty")
ONE_PATH = ("oslock.py", "storage/filelock.py", "ui/single_instance.py")


def outside_imports() -> list[str]:
    """Every module from outside the package that the package imports, anywhere in it."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] not in ("kapjournal", *POSIX_ONLY))


def as_if_on(platform: str, body: str) -> str:
    """A child script: what the package imports from outside is loaded as it is here, then
    the platform is set (and, for Windows, the POSIX-only modules made unimportable), then
    `body` runs, importing the package's own modules afresh."""
    blocked = POSIX_ONLY if platform == "win32" else ()
    return textwrap.dedent(f"""
        import importlib, json, sys
        for name in {outside_imports()!r}:
            try:
                importlib.import_module(name)
            except ImportError:
                pass
        for name in {blocked!r}:
            sys.modules[name] = None
        sys.platform = {platform!r}
    """) + textwrap.dedent(body)


def run(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = child_env(QT_QPA_PLATFORM="offscreen", KAPJOURNAL_HOME=str(tmp_path / "home"))
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_every_module_imports_as_each_platform_would(platform: str, tmp_path: Path) -> None:
    r = run(
        as_if_on(
            platform,
            """
            import pkgutil, kapjournal
            failed = {}
            for m in pkgutil.walk_packages(kapjournal.__path__, "kapjournal."):
                if m.name == "kapjournal.__main__":
                    continue  # runs the command line
                try:
                    importlib.import_module(m.name)
                except Exception as exc:
                    failed[m.name] = repr(exc)
            print(json.dumps(failed))
            """,
        ),
        tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1]) == {}


WINDOWS_LOCK = f"""
import os
from pathlib import Path
from kapjournal.errors import VaultBusy
from kapjournal.storage import backup
from kapjournal.storage.vault import Secret, Vault
vault = Path(sys.argv[1])
Vault.create(vault, {PASSPHRASE!r}).lock()
first = Vault.unlock(vault, Secret(passphrase={PASSPHRASE!r}))
second = Vault.unlock(vault, Secret(passphrase={PASSPHRASE!r}))
try:
    backup.change_passphrase(second, "a brand new passphrase")
    said = "changed while another handle held the journal"
except VaultBusy as exc:
    said = str(exc)
first.lock()
backup.change_passphrase(second, "a brand new passphrase")
second.lock()
Vault.unlock(vault, Secret(passphrase="a brand new passphrase")).lock()

from PySide6.QtCore import QCoreApplication, QTimer
from kapjournal.ui.single_instance import SingleInstance
app = QCoreApplication([])
one = SingleInstance(vault, folder=vault.parent)
knocks = []
one.activated.connect(lambda: (knocks.append(1), app.quit()))
claims = [one.claim(), SingleInstance(vault, folder=vault.parent).claim()]
QTimer.singleShot(5000, app.quit)
app.exec()
one.release()
print(json.dumps({{"said": said, "pid": os.getpid(), "claims": claims, "knocks": len(knocks),
                  "fcntl": sys.modules.get("fcntl") is None}}))
"""


def test_the_windows_path_is_the_one_run_here(tmp_path: Path) -> None:
    """With Windows' platform value and no fcntl at all, a second handle still stops a
    passphrase change and is named, and a second launch still knocks on the first."""
    script = as_if_on("win32", WINDOWS_LOCK).replace("sys.argv[1]", repr(str(tmp_path / "j")))
    r = run(script, tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.splitlines()[-1])
    assert out["fcntl"], "fcntl could not be imported"
    assert "open in another kapjournal" in out["said"] and f"process {out['pid']}" in out["said"]
    assert out["claims"] == [True, False] and out["knocks"] == 1


@pytest.mark.parametrize("name", ONE_PATH)
def test_the_lock_and_single_instance_have_no_platform_branch(name: str) -> None:
    source = (PACKAGE / name).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not imported & {"fcntl", "msvcrt", "win32file", "portalocker"}
    for node in ast.walk(tree):  # docstrings and comments may name platforms; code may not
        documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, documented) and ast.get_docstring(node) is not None:
            node.body[0] = ast.Pass()
    code = ast.unparse(tree)
    assert not any(word in code for word in ("sys.platform", "os.name", "/proc", "mkfifo"))
