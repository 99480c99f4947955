"""The encrypted vault file: create, unlock, lock, change passphrase, check.

A vault is one SQLCipher 4 database with the library's default settings. We derive the key
ourselves (PBKDF2-HMAC-SHA512 over the file's salt, exactly as SQLCipher does) and hand SQLCipher
the raw key, so the passphrase itself never enters an SQL string, and the derived key can be
remembered in the keychain instead of the passphrase. Any SQLCipher 4 client opens the file with
the passphrase alone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import sqlcipher3

from kapjournal.atomic import fsync_dir
from kapjournal.errors import (
    DiskFull,
    StorageError,
    VaultExists,
    VaultLocked,
    WrongKind,
    WrongPassphrase,
    translate_os_error,
)
from kapjournal.i18n import tr
from kapjournal.storage import schema
from kapjournal.storage.connect import (
    check_key,
    connect,
    keyed,
    on_read_only_media,
    open_error,
    read_only_uri,
    require_fts5,
    tune,
)
from kapjournal.storage.filelock import VaultLock
from kapjournal.storage.secret import SALT_BYTES, Secret, classify_file

# Secret and classify_file moved to storage.secret; callers keep importing them from here.
__all__ = ["Secret", "Vault", "classify_file", "fsync_dir", "sidecars", "verify_copy"]

TMP_SUFFIXES = (".rekey-tmp", ".restore-tmp")


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


class Vault:
    """An unlocked vault: one SQLCipher connection. Only storage code touches `conn`.

    A journal; another kind of file (the therapist's practice store) is a subclass with its
    own migrations and application id, and the same locking, backups and checks."""

    MIGRATIONS: list[str] = schema.MIGRATIONS
    APP_ID = schema.JOURNAL_ID

    def __init__(
        self,
        path: Path,
        conn: Any,
        raw_key: str,
        *,
        read_only: bool = False,
        file_lock: VaultLock | None = None,
    ) -> None:
        self.path = path
        self._conn: Any = conn
        self._raw_key = raw_key
        self.read_only = read_only  # on read-only media: it can be read and exported, not saved
        self._file_lock = file_lock or VaultLock(path)  # see storage/filelock.py
        self._identity = _identity(path)  # the file this connection writes to

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, passphrase: str) -> Self:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise VaultExists(
                tr("A file already exists at {path}; choose another name.").format(path=path)
            )
        if not passphrase:
            raise StorageError(tr("Choose a passphrase; an empty one would protect nothing."))
        require_fts5()
        path.parent.mkdir(parents=True, exist_ok=True)
        salt = secrets.token_bytes(SALT_BYTES)
        raw_key = Secret(passphrase=passphrase).raw_key_for(salt)
        try:
            conn = connect(path, raw_key, create=True)
        except BaseException:
            for p in [path, *sidecars(path)]:
                p.unlink(missing_ok=True)
            raise
        _private(path)
        try:
            tune(conn)
            schema.migrate(conn, cls.MIGRATIONS, cls.APP_ID)
        except BaseException as exc:
            conn.close()
            for p in [path, *sidecars(path)]:
                p.unlink(missing_ok=True)  # no half-made journal is left
            if isinstance(exc, (OSError, sqlcipher3.Error)):
                said = translate_os_error(exc)
                # On a nearly full drive SQLite reports some failed writes (of its write-ahead
                # log) as a "disk I/O error": with under a megabyte left, that is the cause.
                if isinstance(said, DiskFull) or _nearly_full(path.parent):
                    raise DiskFull(
                        tr("The disk is full, so no journal was created; free some space and "
                           "try again.")
                    ) from exc  # fmt: skip
                raise said from exc
            raise
        fsync_dir(path.parent)
        file_lock = VaultLock(path)
        file_lock.acquire_shared()
        return cls(path, conn, raw_key, file_lock=file_lock)

    @classmethod
    def unlock(cls, path: Path, secret: Secret) -> Self:
        path = Path(path)
        require_fts5()
        salt = classify_file(path)
        raw_key = secret.raw_key_for(salt)
        check_key(path, raw_key)
        if on_read_only_media(path):
            return cls._read_only(path, raw_key)
        file_lock = VaultLock(path)
        file_lock.acquire_shared()  # waits while another process swaps the file
        try:
            conn = _open_connection(cls, path, raw_key)
        except BaseException:
            file_lock.release()
            raise
        for suffix in TMP_SUFFIXES:  # left behind by an interrupted change; encrypted anyway
            with contextlib.suppress(OSError):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        return cls(path, conn, raw_key, file_lock=file_lock)

    @classmethod
    def _read_only(cls, path: Path, raw_key: str) -> Self:
        """Nothing can change a file on read-only media, so it is read as it is (no WAL)."""
        conn = keyed(read_only_uri(path), raw_key)
        if schema.current_version(conn) != len(cls.MIGRATIONS):
            conn.close()
            raise StorageError(
                tr(
                    "{path} is on read-only media and was written by another version of "
                    "kapjournal; copy it to a writable drive to open it."
                ).format(path=path)
            )
        return cls(path, conn, raw_key, read_only=True)

    # -- use -------------------------------------------------------------------------------
    @property
    def conn(self) -> Any:
        if self._conn is None:
            raise VaultLocked(tr("The journal is locked; unlock it first."))
        return self._conn

    @property
    def raw_key(self) -> str:
        """Key and salt in hex: what the keychain remembers instead of the passphrase."""
        return self._raw_key

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """One committed transaction; on any error everything inside is rolled back.

        Nested use becomes a savepoint, so an import can wrap many saves in one commit.
        """
        conn = self.conn
        nested = conn.in_transaction
        if not nested and _identity(self.path) != self._identity:
            raise StorageError(
                tr(
                    "The journal file was replaced (restored or re-encrypted by another "
                    "kapjournal), so this change was not saved; lock the journal and unlock it "
                    "again."
                )
            )
        name = f"sp{id(object())}"
        try:
            conn.execute(f"SAVEPOINT {name}" if nested else "BEGIN IMMEDIATE")
        except sqlcipher3.OperationalError as exc:  # "database is locked": another writer
            raise translate_os_error(exc) from exc
        try:
            yield conn
        except BaseException as exc:
            if nested:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            else:
                conn.execute("ROLLBACK")
            if isinstance(exc, (OSError, sqlcipher3.OperationalError)):
                raise translate_os_error(exc) from exc
            raise
        else:
            try:
                conn.execute(f"RELEASE {name}" if nested else "COMMIT")
            except sqlcipher3.OperationalError as exc:
                if not nested and conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise translate_os_error(exc) from exc

    def schema_version(self) -> int:
        return schema.current_version(self.conn)

    def lock(self) -> None:
        """Checkpoint and close; the WAL file goes away so only the vault file remains."""
        if self._conn is None:
            return
        self._close_connection()
        self._raw_key = ""
        self._file_lock.release()

    def _close_connection(self) -> None:
        conn, self._conn = self._conn, None
        with contextlib.suppress(sqlcipher3.Error):  # another writer: its close checkpoints
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(sqlcipher3.Error):  # locking never stops half-way
            conn.close()

    def exclusive(self) -> contextlib.AbstractContextManager[None]:
        """While held, nobody else has this journal open (VaultBusy names who does)."""
        return self._file_lock.exclusive()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    # -- checks ----------------------------------------------------------------------------
    def check(self) -> list[str]:
        """Run SQLCipher's page check, SQLite's structure check and the search index's own
        check; [] means healthy."""
        return self.integrity_problems() or self.search_index_problems()

    def integrity_problems(self) -> list[str]:
        """SQLCipher's page check and SQLite's structure check; [] means healthy."""
        return _integrity_problems(self.conn)

    def search_index_problems(self) -> list[str]:
        return schema.search_index_problems(self.conn)

    def repair_search_index(self) -> None:
        """Rebuild the full-text index from the entries (they are the source of truth)."""
        with self.transaction() as c:
            schema.rebuild_search_index(c)

    # -- copies ----------------------------------------------------------------------------
    def export_copy(
        self, dest: Path, raw_key: str | None = None, *, source: tuple[Path, str] | None = None
    ) -> None:
        """Write an encrypted copy through SQLCipher (never a byte copy of the live file).

        The copy is of this vault, or of `source` (a path and its raw key) read through this
        connection without writing to it. It is keyed with `raw_key`, by default our own.
        """
        key = raw_key or self._raw_key
        for p in [dest, *sidecars(dest)]:
            p.unlink(missing_ok=True)
        conn = self.conn
        attached = ["copy"]
        try:
            schema_name = "main"
            if source is not None:
                conn.execute("ATTACH DATABASE ? AS src KEY ?", (str(source[0]), f"x'{source[1]}'"))
                attached.insert(0, "src")
                schema_name = "src"
            version = int(conn.execute(f"PRAGMA {schema_name}.user_version").fetchone()[0])
            app_id = int(conn.execute(f"PRAGMA {schema_name}.application_id").fetchone()[0])
            conn.execute("ATTACH DATABASE ? AS copy KEY ?", (str(dest), f"x'{key}'"))
            conn.execute("SELECT sqlcipher_export('copy', ?)", (schema_name,)).fetchone()
            # The export copies tables, not the header: the version and the kind of file too.
            conn.execute(f"PRAGMA copy.user_version = {version}")
            conn.execute(f"PRAGMA copy.application_id = {app_id}")
        except sqlcipher3.DatabaseError as exc:
            dest.unlink(missing_ok=True)
            if source is not None and "not a database" in str(exc):
                raise WrongPassphrase(
                    tr("The passphrase does not unlock {path}; check it and try again.").format(
                        path=source[0]
                    )
                ) from None
            raise translate_os_error(exc) from exc
        finally:
            for name in attached:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.execute(f"DETACH DATABASE {name}")
        _private(dest)
        _fsync_file(dest)

    def swap_file(self, new_file: Path, raw_key: str) -> None:
        """Put `new_file` (a verified copy keyed with `raw_key`) in the vault's place with one
        atomic rename, and go on with it. Call inside `exclusive()`."""
        self._close_connection()
        for p in sidecars(self.path):
            p.unlink(missing_ok=True)
        os.replace(new_file, self.path)
        fsync_dir(self.path.parent)
        self._conn = _open_connection(type(self), self.path, raw_key)
        self._raw_key = raw_key
        self._identity = _identity(self.path)

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-encrypt under a new passphrase: copy, verify, then swap in one atomic rename.

        A kill before the rename leaves the old file (old passphrase); after it, the new one.
        The caller makes a verified backup first (see storage.backup.change_passphrase).
        """
        if not new_passphrase:
            raise StorageError(tr("Choose a passphrase; an empty one would protect nothing."))
        tmp = self.path.with_name(self.path.name + ".rekey-tmp")
        new_key = Secret(passphrase=new_passphrase).raw_key_for(secrets.token_bytes(SALT_BYTES))
        try:
            self.export_copy(tmp, raw_key=new_key)
            verify_copy(tmp, Secret(raw_key=new_key), self.schema_version(), app_id=self.APP_ID)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.swap_file(tmp, new_key)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _open_connection(kind: type[Vault], path: Path, raw_key: str) -> Any:
    conn = connect(path, raw_key, create=False)
    try:
        tune(conn)
        schema.migrate(conn, kind.MIGRATIONS, kind.APP_ID)
    except sqlcipher3.Error as exc:
        conn.close()
        raise open_error(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def verify_copy(
    path: Path, secret: Secret, expect_version: int | None = None, app_id: int | None = None
) -> None:
    """Open a copy with its secret and check both integrity checks pass, or raise; with
    `app_id`, that it is a copy of that kind of file (a journal, a practice store)."""
    salt = classify_file(path)
    conn = connect(path, secret.raw_key_for(salt), create=False)
    try:
        problems = _integrity_problems(conn)
        version = schema.current_version(conn)
        found = int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()
    if app_id is not None and found != app_id:
        raise WrongKind(
            tr("{path} is a copy of another kind of file (a journal and a practice store "
               "cannot replace each other); nothing was changed.").format(path=path)
        )  # fmt: skip
    if problems:
        raise StorageError(
            tr("The copy at {path} failed its integrity check; it was not used.").format(path=path)
        )
    if expect_version is not None and version != expect_version:
        raise StorageError(
            tr("The copy at {path} is incomplete; it was not used.").format(path=path)
        )


def _integrity_problems(conn: Any) -> list[str]:
    try:
        problems = [
            tr("Encrypted page check: {problem}").format(problem=row[0])
            for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()
        ]
    except sqlcipher3.DatabaseError as exc:
        problems = [tr("Encrypted page check could not finish: {problem}").format(problem=exc)]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        rows = [tr("could not finish: {problem}").format(problem=exc)]
    if rows != ["ok"]:
        problems += [tr("Database structure: {problem}").format(problem=r) for r in rows]
    return problems


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def _private(path: Path) -> None:
    """Only the owner may read a vault or a backup (ignored where chmod means little)."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
