"""One writer may swap the vault file, and only when nobody else has it open.

Every open journal holds a shared advisory lock (flock) on `<vault>.lock` beside the vault;
changing the passphrase and restoring a backup replace the vault file with a rename, so they
take the lock exclusively first and refuse, naming who holds it, while another window or command
has the journal open (a connection kept on the old file would go on "saving" into a file that is
no longer there). flock locks belong to one open file, not to the process, so a second
connection in this process counts as another holder too. Where flock does not exist (Windows)
or the folder cannot be written (read-only media, where nothing can swap the file) this does
nothing.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from kapjournal.errors import VaultBusy
from kapjournal.i18n import tr

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

SWAP_WAIT = 30.0  # a swap copies and verifies the vault: seconds for a large journal


def lock_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


class VaultLock:
    def __init__(self, vault_path: Path) -> None:
        self.path = lock_path(Path(vault_path))
        self._fd: int | None = None

    def acquire_shared(self, wait: float = SWAP_WAIT) -> None:
        """Hold the journal open; waits while another process swaps the file."""
        if fcntl is None or self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # read-only media: nobody can swap the file there
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise VaultBusy(
                        tr(
                            "Another kapjournal is changing this journal's passphrase or "
                            "restoring it; try again when it has finished."
                        )
                    ) from None
                time.sleep(0.05)
        self._fd = fd

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Be the only holder while the file is swapped, or raise VaultBusy naming the others."""
        fd = self._fd
        if fcntl is None or fd is None:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fcntl.flock(fd, fcntl.LOCK_SH)  # a failed conversion may have dropped ours
            raise VaultBusy(self._busy_sentence()) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_SH)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing drops the flock

    def _busy_sentence(self) -> str:
        others = holders(self.path)
        if not others:
            return tr(
                "This journal is open in another kapjournal window or command; close it first, "
                "then try again. Nothing was changed."
            )
        return tr(
            "This journal is open in another kapjournal ({who}); close it first, then try "
            "again. Nothing was changed."
        ).format(who=", ".join(others))


def holders(path: Path) -> list[str]:
    """Who else holds a lock on `path`, as "process 123: kapjournal search …" (Linux only)."""
    try:
        st = os.stat(path)
        table = Path("/proc/locks").read_text()
    except OSError:
        return []
    ident = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    pids = []
    for line in table.splitlines():
        parts = line.split()
        if "FLOCK" in parts and ident in parts:
            pid = int(parts[parts.index(ident) - 1])
            if pid != os.getpid() and pid not in pids:
                pids.append(pid)
    return [_describe(pid) for pid in pids]


def _describe(pid: int) -> str:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return tr("process {pid}").format(pid=pid)
    words = [a.decode(errors="replace") for a in args if a]
    start = next((i for i, w in enumerate(words) if w.endswith("kapjournal")), len(words) - 1)
    command = " ".join(words[start + 1 :][:3])
    if not command or command.startswith("-"):
        return tr("the app, process {pid}").format(pid=pid)
    return tr("the command “{command}”, process {pid}").format(command=command, pid=pid)
