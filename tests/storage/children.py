"""Child processes for the kill tests: run as `python -m tests.storage.children MODE VAULT`.

The secret comes in KAPJOURNAL_TEST_KEY (a raw key, so no key derivation slows the start).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kapjournal.domain import Entry
from kapjournal.storage import backup
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Secret, Vault

WORDS = ["calm", "river", "light", "window", "breath", "warm", "stone", "cloud", "quiet", "open"]


def writer(path: Path) -> None:
    """Save entries forever; print each uid only after its transaction committed."""
    vault = Vault.unlock(path, Secret(raw_key=os.environ["KAPJOURNAL_TEST_KEY"]))
    repo = Repository(vault)
    i = 0
    while True:
        e = Entry(
            uid=f"crash-{os.getpid()}-{i}",
            title=f"entry {i}",
            body=" ".join(WORDS[(i + k) % len(WORDS)] for k in range(200)),
        )
        repo.save_entry(e)
        print(e.uid, flush=True)
        i += 1


def passwd(path: Path) -> None:
    vault = Vault.unlock(path, Secret(raw_key=os.environ["KAPJOURNAL_TEST_KEY"]))
    print("ready", flush=True)
    backup.change_passphrase(vault, os.environ["KAPJOURNAL_TEST_NEW"])
    print("done", flush=True)
    vault.lock()


if __name__ == "__main__":
    {"writer": writer, "passwd": passwd}[sys.argv[1]](Path(sys.argv[2]))
