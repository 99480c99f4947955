"""Encrypted, verified, rotating backups of a vault, and restoring from one."""

from __future__ import annotations

import os
import re
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kapjournal.errors import StorageError
from kapjournal.i18n import tr
from kapjournal.storage.vault import (
    Secret,
    Vault,
    classify_file,
    fsync_dir,
    verify_copy,
)

STAMP = "%Y%m%d-%H%M%S"
AUTO_INTERVAL = timedelta(days=1)
# A backup's temporary file older than this was left by an interrupted backup (a running one
# renames it within seconds): it is removed at the next backup.
STALE_PART = timedelta(minutes=15)


def backup_folder(vault_path: Path) -> Path:
    """Backups live beside the vault, so moving the folder moves them too."""
    return vault_path.parent / "backups"


def _suffix(vault_path: Path) -> str:
    """A backup keeps its vault's kind in its name: .kapvault, or .kappractice for a
    therapist's practice store."""
    return vault_path.suffix or ".kapvault"


def _pattern(vault_path: Path) -> re.Pattern[str]:
    stamp = r"-(\d{8}-\d{6})(?:-(\d+))?"
    return re.compile(re.escape(vault_path.stem) + stamp + re.escape(_suffix(vault_path)) + "$")


def list_backups(vault_path: Path, folder: Path | None = None) -> list[Path]:
    """This vault's backups, oldest first."""
    folder = folder or backup_folder(vault_path)
    if not folder.is_dir():
        return []
    pat = _pattern(vault_path)
    found = [(m, p) for p in folder.iterdir() if (m := pat.fullmatch(p.name))]
    # By time, then by the counter that tells apart backups made in the same second.
    found.sort(key=lambda mp: (mp[0].group(1), int(mp[0].group(2) or 0)))
    return [p for _, p in found]


def _backup_time(path: Path, vault_path: Path) -> datetime | None:
    m = _pattern(vault_path).fullmatch(path.name)
    return datetime.strptime(m.group(1), STAMP).replace(tzinfo=UTC) if m else None


def make_backup(vault: Vault, dest: Path | None = None, *, now: datetime | None = None) -> Path:
    """Write a verified encrypted copy (same passphrase) and return where it went."""
    now = now or datetime.now(UTC)
    if dest is None:
        folder = backup_folder(vault.path)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        base = f"{vault.path.stem}-{now.strftime(STAMP)}"
        suffix = _suffix(vault.path)
        dest = folder / f"{base}{suffix}"
        n = 1
        while dest.exists():
            dest = folder / f"{base}-{n}{suffix}"
            n += 1
    elif dest.is_dir():
        dest = dest / f"{vault.path.stem}-{now.strftime(STAMP)}{_suffix(vault.path)}"
    if dest.resolve() == vault.path.resolve():
        raise StorageError(tr("A backup cannot replace the journal itself; choose another file."))
    # Its own temporary name: two backups started in the same second must not share one.
    tmp = dest.with_name(f"{dest.name}.{secrets.token_hex(4)}.part")
    try:
        vault.export_copy(tmp)
        verify_copy(
            tmp,
            Secret(raw_key=vault.raw_key),
            expect_version=vault.schema_version(),
            app_id=vault.APP_ID,
        )
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def sweep_partials(folder: Path, *, now: datetime | None = None) -> list[Path]:
    """Remove what interrupted backups left in `folder`: full-size, encrypted `.part` files."""
    now = now or datetime.now(UTC)
    swept: list[Path] = []
    if not folder.is_dir():
        return swept
    for p in folder.glob("*.kap*.*.part"):
        try:
            age = now - datetime.fromtimestamp(p.stat().st_mtime, UTC)
            if age > STALE_PART:
                p.unlink()
                swept.append(p)
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return swept


def rotate(vault_path: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups; return what was deleted."""
    backups = list_backups(vault_path)
    doomed = backups[: max(0, len(backups) - max(1, keep))]
    for p in doomed:
        p.unlink(missing_ok=True)
    return doomed


def auto_backup(vault: Vault, keep: int, *, now: datetime | None = None) -> Path | None:
    """On unlock: back up if the newest backup is a day old or more, then rotate."""
    now = now or datetime.now(UTC)
    backups = list_backups(vault.path)
    if backups:
        last = _backup_time(backups[-1], vault.path)
        if last is not None and now - last < AUTO_INTERVAL:
            return None
    made = make_backup(vault, now=now)
    rotate(vault.path, keep)
    sweep_partials(backup_folder(vault.path))  # file times are real times, not `now`
    return made


def change_passphrase(vault: Vault, new_passphrase: str) -> Path:
    """A verified backup first, then the re-encryption; returns the backup's path. Refused
    (VaultBusy) while another window or command has the journal open."""
    with vault.exclusive():
        made = make_backup(vault)
        vault.change_passphrase(new_passphrase)
    return made


def restore(vault: Vault, backup: Path, backup_secret: Secret) -> Path | None:
    """Replace the open vault's content with a backup's; back up the current vault first.

    The backup is checked before anything changes. The swap is one atomic rename, and the
    vault stays open (now on the restored content). Returns the safety backup's path.
    """
    backup = Path(backup)
    if backup.resolve() == vault.path.resolve():
        raise StorageError(
            tr("That file is the journal itself, not a backup; choose a backup file.")
        )
    verify_copy(backup, backup_secret, app_id=type(vault).APP_ID)
    with vault.exclusive():  # refused while another window or command has the journal open
        safety = make_backup(vault)
        tmp = vault.path.with_name(vault.path.name + ".restore-tmp")
        source_key = backup_secret.raw_key_for(classify_file(backup))
        try:
            vault.export_copy(tmp, source_key, source=(backup, source_key))
            verify_copy(tmp, backup_secret)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        vault.swap_file(tmp, source_key)
    return safety
