"""Opening an SQLCipher connection: keyed with the raw key, the key checked without touching
the file, and every reason it cannot open said in one sentence."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Any

import sqlcipher3

from kapjournal.errors import DiskFull, StorageError, WrongPassphrase
from kapjournal.i18n import tr
from kapjournal.storage.secret import key_pragma


def wrong_passphrase() -> WrongPassphrase:
    return WrongPassphrase(
        tr(
            "That passphrase does not unlock this journal "
            "(or the file is not a kapjournal journal file); check it and try again."
        )
    )


# Memory (docs/security.md, "Memory"; measured in benchmarks/bench_memory_security.py).
# SQLCipher's memory security (PRAGMA cipher_memory_security) would lock every allocation of
# the engine out of swap and overwrite it when freed. It is off: it makes an mlock and a munlock
# system call per allocation, thousands per search: at 100k entries search p95 was five to six
# times and save p95 14-41% slower in three runs (issue 22 allowed 10%). It is one switch for
# the whole process and, once on, cannot be turned off. SQLCipher keeps its own copy of the key
# in memory that it locks and wipes, whatever this says.
MEMORY_SECURITY = False
# Decrypted pages kept per connection, in KiB: modest, since every page in the cache is journal
# text in plaintext. 8 MiB (about SQLCipher's default) saved and searched as fast as 32 MiB at
# 100k entries; 2 MiB made search slower.
CACHE_KIB = 8192


def keyed(uri: str, raw_key: str) -> Any:
    """A connection keyed and read once (SQLCipher checks the key on the first page read)."""
    conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if MEMORY_SECURITY:  # before the key, so the first page read is covered too
            conn.execute("PRAGMA cipher_memory_security = ON")
        conn.execute(key_pragma(raw_key))
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def connect(path: Path, raw_key: str, *, create: bool) -> Any:
    mode = "rwc" if create else "rw"
    try:
        return keyed("file:" + uri_path(path) + f"?mode={mode}", raw_key)
    except sqlcipher3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise wrong_passphrase() from None
        raise open_error(path, exc) from None


def check_key(path: Path, raw_key: str) -> None:
    """Try the key on the main file alone, read-only and ignoring any WAL beside it, so that a
    wrong passphrase never changes a byte, even after a crash left a WAL to replay."""
    try:
        keyed(read_only_uri(path), raw_key).close()
    except sqlcipher3.DatabaseError as exc:
        # Page 1 decrypts and verifies with the right key whatever else happened to the file:
        # a wrong key is the one thing that fails it. Anything else (a crash in the middle of
        # a checkpoint leaves the main file readable only together with its WAL) is for the
        # normal open, which replays the WAL, to judge.
        if "not a database" in str(exc):
            raise wrong_passphrase() from None


def read_only_uri(path: Path) -> str:
    return "file:" + uri_path(path) + "?mode=ro&immutable=1"


def on_read_only_media(path: Path) -> bool:
    """A folder nothing can be written to: read-only media (access(2) says EROFS there, even
    to root), or one this account may not write."""
    return not os.access(path.parent, os.W_OK)


def open_error(path: Path, exc: BaseException) -> StorageError:
    """Why a vault whose key is right still cannot be opened, in one sentence."""
    with contextlib.suppress(OSError):
        if shutil.disk_usage(path.parent).free < 1024 * 1024:
            return DiskFull(
                tr(
                    "The drive holding {path} is full, so the journal cannot be opened; free "
                    "some space and try again."
                ).format(path=path)
            )
    text = str(exc).lower()
    if "disk i/o error" in text:
        return StorageError(
            tr(
                "The drive could not read {path} (a disk I/O error); check the drive, or "
                "restore the journal from a backup."
            ).format(path=path)
        )
    return StorageError(
        tr("{path} could not be opened ({problem}); restore it from a backup.").format(
            path=path, problem=exc
        )
    )


def uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.resolve()).replace(os.sep, "/"), safe="/:")


def tune(conn: Any) -> None:
    # WAL + synchronous=FULL: every COMMIT is on disk when it returns (docs/security.md).
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # keyed() sets it too; not all are keyed
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


def engine_versions() -> tuple[str, str]:
    """(SQLCipher, SQLite) versions of the library in use, for `kapjournal --version`."""
    probe = sqlcipher3.connect(":memory:")
    try:
        cipher = probe.execute("PRAGMA cipher_version").fetchone()
        sqlite = probe.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        probe.close()
    return (str(cipher[0]) if cipher else "?"), str(sqlite)


def require_fts5() -> None:
    probe = sqlcipher3.connect(":memory:")
    try:
        used = probe.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0]
    finally:
        probe.close()
    if not used:
        raise StorageError(
            tr("This build of SQLCipher lacks full-text search (FTS5); reinstall kapjournal.")
        )
