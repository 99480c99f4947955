"""One writer may swap the vault file, and only when nobody else has it open.

Every open journal holds a shared lock on `<vault>.lock` beside the vault; changing the
passphrase and restoring a backup replace the vault file with a rename, so they take the lock
exclusively first and refuse, naming who holds it, while another window or command has the
journal open (a connection kept on the old file would go on "saving" into a file that is no
longer there). A second connection in this process counts as another holder too. The lock is
kapjournal/oslock.py's, the same code on Linux, macOS and Windows. Where the folder cannot be
written (read-only media, where nothing can swap the file) this does nothing.

Who holds it: each holder leaves a card in `<vault>.holders/`, an empty lock file whose name
says its process number and which front door it is (the app, or a command's name; never the
command's other words, which may be words of the journal), and keeps a lock on its card while
it lives. A card whose lock nobody holds was left by a process that was killed, and is removed.
No /proc is read, so the holders are named on every platform.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from kapjournal.errors import VaultBusy
from kapjournal.i18n import tr
from kapjournal.oslock import OsLock

SWAP_WAIT = 30.0  # a swap copies and verifies the vault: seconds for a large journal


def lock_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


def cards_folder(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".holders")


class Holder(NamedTuple):
    pid: int
    program: str  # the program's name: "kapjournal", or "pytest" when a test holds it
    command: str  # the command line's command ("passwd"); "" for the app

    def sentence(self) -> str:
        if self.program != "kapjournal":
            return tr("process {pid}").format(pid=self.pid)
        if not self.command:
            return tr("the app, process {pid}").format(pid=self.pid)
        return tr("the command “{command}”, process {pid}").format(
            command=f"kapjournal {self.command}", pid=self.pid
        )


def this_holder(argv: list[str] | None = None) -> Holder:
    """This process as a card says it: its program and its command's name, nothing more."""
    argv = sys.argv if argv is None else argv
    first = Path(argv[0]) if argv and argv[0] else Path("python")
    program = first.parent.name if first.stem == "__main__" else first.stem
    program = "kapjournal" if program.startswith("kapjournal") else program
    program = re.sub(r"[^\w-]", "_", program)[:32] or "python"
    words = [w for w in argv[1:] if not w.startswith("-")]
    command = words[0] if words and re.fullmatch(r"[a-z][a-z-]{0,19}", words[0]) else ""
    return Holder(os.getpid(), program, command)


class Card:
    """This holder's card: an empty lock file whose name says who holds the journal, locked
    from the moment it is made until this holder lets the journal go."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self._lock: OsLock | None = None

    def publish(self, me: Holder) -> None:
        """Best effort: a card that cannot be made only leaves this holder unnamed."""
        path = (
            self.folder / f"{me.pid}.{me.program}.{me.command or '-'}.{secrets.token_hex(4)}.card"
        )
        lock = OsLock(path)
        for _ in range(2):  # the last holder of another handle may remove the folder between
            try:
                self.folder.mkdir(mode=0o700, exist_ok=True)
                if lock.try_shared(wait=1.0):  # a moment while a prober looks at it
                    self.path, self._lock = path, lock
                    return
                break
            except OSError:
                lock.close()
        lock.close()
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    def withdraw(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.close()  # Windows cannot remove a file that is still open
        path, self.path = self.path, None
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
                self.folder.rmdir()  # the last card out takes the folder with it


CARD = re.compile(r"(\d+)\.([\w-]+)\.([a-z-]+)\.[0-9a-f]+\.card")
YOUNG = 10.0  # seconds: an unlocked card this new may be one being made this moment


def holders(folder: Path, besides: Path | None = None) -> list[Holder]:
    """The live holders whose cards are in `folder` (all but the card `besides`); cards that
    killed processes left are removed on the way."""
    found = []
    for path in sorted(folder.glob("*.card")) if folder.is_dir() else []:
        match = CARD.fullmatch(path.name)
        if path == besides or match is None:
            continue
        probe = OsLock(path, create=False)  # a card removed this moment is not made again
        try:
            alive = not probe.try_exclusive()
            probe.close()
            if not alive:  # nobody holds it: its process is gone, or it is being made
                if time.time() - path.stat().st_mtime > YOUNG:
                    path.unlink()
                continue
        except OSError:
            probe.close()
            continue  # removed this moment by its holder
        pid, program, command = match.groups()
        found.append(Holder(int(pid), program, "" if command == "-" else command))
    return found


class VaultLock:
    def __init__(self, vault_path: Path) -> None:
        self.path = lock_path(Path(vault_path))
        self._lock = OsLock(self.path)
        self._card = Card(cards_folder(Path(vault_path)))
        self._active = False

    def acquire_shared(self, wait: float = SWAP_WAIT) -> None:
        """Hold the journal open; waits while another process swaps the file."""
        if self._active:
            return
        try:
            taken = self._lock.try_shared(wait)
        except OSError:
            self._lock.close()
            return  # read-only media: nobody can swap the file there
        if not taken:
            self._lock.close()
            raise VaultBusy(
                tr(
                    "Another kapjournal is changing this journal's passphrase or restoring it; "
                    "try again when it has finished."
                )
            )
        self._active = True
        self._card.publish(this_holder())

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Be the only holder while the file is swapped, or raise VaultBusy naming the others."""
        if not self._active:
            yield
            return
        if not self._lock.try_exclusive():  # drops ours first, as a flock conversion may
            self._take_back()
            raise VaultBusy(self._busy_sentence())
        holders(self._card.folder, besides=self._card.path)  # sweeps killed holders' cards
        try:
            yield
        finally:
            self._take_back()

    def _take_back(self) -> None:
        with contextlib.suppress(OSError):
            if self._lock.try_shared(SWAP_WAIT):
                return
        self._active = False  # another swap outlasted the wait: a later save will say so

    def release(self) -> None:
        self._active = False
        self._lock.close()
        self._card.withdraw()

    def _busy_sentence(self) -> str:
        others = holders(self._card.folder, besides=self._card.path)
        if not others:
            return tr(
                "This journal is open in another kapjournal window or command; close it first, "
                "then try again. Nothing was changed."
            )
        return tr(
            "This journal is open in another kapjournal ({who}); close it first, then try "
            "again. Nothing was changed."
        ).format(who=", ".join(h.sentence() for h in others))
