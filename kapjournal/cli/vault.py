"""`kapjournal init | backup | restore | check | passwd | forget`: looking after the vault."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kapjournal.cli.context import (
    CliError,
    Context,
    prompt_hidden,
    read_secret_file,
    require_strong,
)
from kapjournal.errors import KeychainUnavailable, WrongPassphrase
from kapjournal.i18n import tr, trn
from kapjournal.services.opening import create_journal, open_journal

EXIT_OK, EXIT_ERROR = 0, 1


def cmd_init(ctx: Context) -> int:
    passphrase = ctx.passphrase(tr("New passphrase: "))
    require_strong(
        passphrase,
        tr(
            "That passphrase is too easy to guess, so no journal was created; "
            "choose several unrelated words."
        ),
    )
    if not ctx.args.passphrase_file and passphrase != prompt_hidden(tr("Repeat it: ")):
        raise CliError(tr("The two passphrases differ; nothing was created."))
    ctx.paths.ensure()
    note = ""
    with create_journal(ctx.vault_path, passphrase) as opened:
        if ctx.args.remember:
            try:
                ctx.keys.remember(ctx.vault_path, opened.admin.key_for_keychain)
            except KeychainUnavailable as exc:  # the vault exists; only the convenience failed
                note = tr("{reason} It was not remembered.").format(reason=exc)
    ctx.settings.remember_vault(ctx.vault_path)
    ctx.settings.save(ctx.paths.settings_file)
    print(tr("Created an encrypted journal at {path}.").format(path=ctx.vault_path))
    if note:
        print(note, file=sys.stderr)
    print(tr("Keep the passphrase safe: nobody can recover a forgotten one."))
    return EXIT_OK


def cmd_backup(ctx: Context) -> int:
    dest = Path(ctx.args.dest) if ctx.args.dest else None
    with ctx.unlock() as opened:
        made = opened.admin.backup(ctx.settings.backups_kept, dest=dest)
    print(tr("Backed up to {path} (encrypted with the same passphrase).").format(path=made))
    return EXIT_OK


def cmd_restore(ctx: Context) -> int:
    backup_passphrase = None
    if ctx.args.backup_passphrase_file:
        backup_passphrase = read_secret_file(ctx.args.backup_passphrase_file)
    with ctx.unlock() as opened:
        try:
            result = opened.admin.restore(Path(ctx.args.backup), backup_passphrase)
        except WrongPassphrase:
            if backup_passphrase is not None or ctx.args.passphrase_file:
                raise
            typed = prompt_hidden(tr("Passphrase of the backup: "))
            result = opened.admin.restore(Path(ctx.args.backup), typed)
    if result.key_changed:
        ctx.keys.forget_quietly(ctx.vault_path)
    print(
        tr("Restored {backup}. The journal as it was is kept at {safety}.").format(
            backup=ctx.args.backup, safety=result.safety_backup
        )
    )
    return EXIT_OK


def cmd_check(ctx: Context) -> int:
    with ctx.unlock() as opened:
        report = opened.admin.check(repair=ctx.args.repair)
    if report.repaired:
        print(tr("The search index did not match the entries; it was rebuilt from them."))
    if not report.healthy:
        print(
            trn(
                "The journal at {path} has {n} problem; restore a backup:",
                "The journal at {path} has {n} problems; restore a backup:",
                len(report.problems),
            ).format(path=ctx.vault_path, n=len(report.problems))
        )
        for p in report.problems:
            print(f"  {p}")
        return EXIT_ERROR
    print(
        tr(
            "The journal at {path} is healthy: every encrypted page verifies and the "
            "database structure is intact (schema version {version})."
        ).format(path=ctx.vault_path, version=report.schema_version)
    )
    return EXIT_OK


def cmd_passwd(ctx: Context) -> int:
    if ctx.args.new_passphrase_file:
        new = read_secret_file(ctx.args.new_passphrase_file)
    else:
        new = prompt_hidden(tr("New passphrase: "))
    require_strong(
        new,
        tr(
            "The new passphrase is too easy to guess, so the passphrase was not changed; "
            "choose several unrelated words."
        ),
    )
    if not ctx.args.new_passphrase_file and new != prompt_hidden(tr("Repeat it: ")):
        raise CliError(tr("The two passphrases differ; the passphrase was not changed."))
    current = ctx.passphrase(tr("Current passphrase: "))
    with open_journal(ctx.vault_path, passphrase=current) as opened:
        made = opened.admin.change_passphrase(current, new)
    ctx.keys.forget_quietly(ctx.vault_path)
    print(
        tr("Passphrase changed. A backup under the old passphrase is at {path}.").format(path=made)
    )
    return EXIT_OK


def cmd_forget(ctx: Context) -> int:
    ctx.keys.forget(ctx.vault_path)
    print(tr("This computer no longer remembers how to unlock {path}.").format(path=ctx.vault_path))
    return EXIT_OK


def register(add: Any) -> None:
    p: argparse.ArgumentParser = add("init", cmd_init, tr("create a new encrypted journal"))
    p.add_argument(
        "--remember",
        action="store_true",
        help=tr("remember the unlock key in this computer's keychain"),
    )
    p = add("backup", cmd_backup, tr("write an encrypted, verified backup"))
    p.add_argument("dest", nargs="?", help=tr("file or folder (default: the backups folder)"))
    p = add(
        "restore", cmd_restore, tr("replace the journal with a backup (the current one is kept)")
    )
    p.add_argument("backup")
    p.add_argument(
        "--backup-passphrase-file",
        metavar="FILE",
        help=tr("the backup's passphrase, when it differs from the journal's"),
    )
    p = add("check", cmd_check, tr("verify every encrypted page and the database structure"))
    p.add_argument(
        "--repair",
        action="store_true",
        help=tr("rebuild the search index if it is the only problem"),
    )
    p = add("passwd", cmd_passwd, tr("change the passphrase (a backup is made first)"))
    p.add_argument("--new-passphrase-file", metavar="FILE")
    add("forget", cmd_forget, tr("forget the key remembered in this computer's keychain"))
