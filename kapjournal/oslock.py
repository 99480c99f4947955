"""Locks between processes that every platform keeps the same way: SQLite's own file locks.

SQLite locks a database file with POSIX advisory locks on Linux and macOS and with LockFileEx
on Windows, and counts a second connection in the same process as another holder. Its SHARED
state (any number of readers) and EXCLUSIVE state (one, and only when nobody reads) are the
two a journal's open handles and a swap of its file need, and the system drops them when a
process dies, so a crash never leaves a stale lock behind. Building on them gives one code
path, this one, on every platform: nothing here asks which system it runs on, and no fcntl or
msvcrt is imported (tests/test_platforms.py runs it as Windows would).

The lock file is an empty SQLite database that nothing ever writes (a transaction is begun
to take the lock and ended to drop it); it holds no data. Never open a lock file any other
way in this process: on POSIX, closing any descriptor of a file drops the process's locks on
it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path


class OsLock:
    """A shared or exclusive lock on `path`, held until `release()`."""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = Path(path)
        self.create = create  # False: only a file that exists (OSError if it does not)
        self._conn: sqlite3.Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None and self._conn.in_transaction

    def try_shared(self, wait: float = 0.0) -> bool:
        """Hold the lock with any other shared holders; waits up to `wait` seconds while an
        exclusive holder has it. False if it is still held then. OSError if the file cannot
        be created or opened (a read-only folder)."""
        return self._take("BEGIN", "SELECT count(*) FROM sqlite_master", wait)

    def try_exclusive(self, wait: float = 0.0) -> bool:
        """Be the only holder, or False if anyone else (in this process too) holds it."""
        return self._take("BEGIN EXCLUSIVE", None, wait)

    def release(self) -> None:
        if self._conn is not None and self._conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    def close(self) -> None:
        self.release()
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _take(self, begin: str, touch: str | None, wait: float) -> bool:
        self.release()
        conn = self._connection()
        conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        try:
            conn.execute(begin)
            if touch is not None:
                conn.execute(touch).fetchall()  # a deferred BEGIN locks at the first read
        except sqlite3.OperationalError as exc:
            self.release()
            if "locked" in str(exc) or "busy" in str(exc):
                return False
            raise OSError(str(exc)) from None
        except sqlite3.DatabaseError as exc:  # not an SQLite file: not ours to lock
            self.release()
            raise OSError(str(exc)) from None
        return True

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if self.create:
                with contextlib.suppress(OSError):  # made ours alone (SQLite makes it 0644);
                    # O_EXCL: never a second descriptor on a file a lock may be held on
                    os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            where = str(self.path) if self.create else self.path.absolute().as_uri() + "?mode=rw"
            try:
                self._conn = sqlite3.connect(
                    where, timeout=0, isolation_level=None, check_same_thread=False,
                    uri=not self.create,
                )  # fmt: skip
            except sqlite3.Error as exc:
                raise OSError(str(exc)) from None
        return self._conn
