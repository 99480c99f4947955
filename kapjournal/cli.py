"""The command-line front door: the GUI by default, headless subcommands for the vault.

Exit codes: 0 success, 3 wrong passphrase, 1 any other error (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal import __version__, cli_prompts
from kapjournal.cli_context import CliError, Context, prompt_hidden, read_secret_file
from kapjournal.domain import Entry, ExportRecord, Phase
from kapjournal.prompts.loader import PackError
from kapjournal.storage import archive, backup
from kapjournal.storage.errors import KeychainUnavailable, StorageError, WrongPassphrase
from kapjournal.storage.repository import SNIPPET_CLOSE, SNIPPET_OPEN, Repository
from kapjournal.storage.vault import Secret, Vault

if TYPE_CHECKING:
    from kapjournal.storage.keychain import Keychain

EXIT_OK, EXIT_ERROR, EXIT_WRONG_PASSPHRASE = 0, 1, 3


def cmd_init(ctx: Context) -> int:
    passphrase = ctx.passphrase("New passphrase: ")
    if not ctx.args.passphrase_file and passphrase != prompt_hidden("Repeat it: "):
        raise CliError("The two passphrases differ; nothing was created.")
    ctx.paths.ensure()
    vault = Vault.create(ctx.vault_path, passphrase)
    note = ""
    try:
        if ctx.args.remember:
            ctx.keychain.store(ctx.vault_path, vault.raw_key)
    except KeychainUnavailable as exc:  # the vault exists; only the convenience failed
        note = f"{exc} It was not remembered."
    finally:
        vault.lock()
    ctx.settings.remember_vault(ctx.vault_path)
    ctx.settings.save(ctx.paths.settings_file)
    print(f"Created an encrypted vault at {ctx.vault_path}.")
    if note:
        print(note, file=sys.stderr)
    print("Keep the passphrase safe: nobody can recover a forgotten one.")
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    with ctx.unlock(auto_backup=True) as vault:
        counts = archive.import_file(Repository(vault), Path(ctx.args.file), ctx.args.format)
    print(
        f"Imported {counts['entries']} entries, {counts['sessions']} sessions and "
        f"{counts['measures']} questionnaire results."
    )
    return EXIT_OK


def cmd_add(ctx: Context) -> int:
    body = sys.stdin.read() if ctx.args.text == "-" else ctx.args.text
    entry = Entry(
        phase=Phase(ctx.args.phase),
        title=ctx.args.title or "",
        body=body.strip(),
        tags=ctx.args.tag or [],
    )
    with ctx.unlock() as vault:
        Repository(vault).save_entry(entry)
    print(f"Saved a {entry.phase.value} entry.")
    return EXIT_OK


def cmd_search(ctx: Context) -> int:
    with ctx.unlock() as vault:
        hits = Repository(vault).search(ctx.args.query, limit=ctx.args.limit)
    if ctx.args.json:
        json.dump(
            [
                {
                    "uid": h.entry_uid,
                    "title": h.title,
                    "phase": h.phase.value,
                    "created_at": h.created_at.isoformat(),
                    "rank": h.rank,
                    "snippet": h.snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, ""),
                }
                for h in hits
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
        return EXIT_OK
    for h in hits:
        snippet = h.snippet.replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]")
        snippet = " ".join(snippet.split())
        print(
            f"{h.created_at.astimezone():%Y-%m-%d %H:%M}  {h.title or '(untitled)'}  "
            f"[{h.phase.value}]\n    {snippet}"
        )
    if not hits:
        print("No entries match.", file=sys.stderr)
    return EXIT_OK


def cmd_export(ctx: Context) -> int:
    if ctx.args.format != "json":
        raise CliError(f"Export format {ctx.args.format!r} is not available; use json.")
    out = Path(ctx.args.out)
    with ctx.unlock() as vault:
        repo = Repository(vault)
        data = archive.build_archive(repo)
        archive.write_json(data, out)
        repo.record_export(
            ExportRecord(
                format="json-archive", entry_count=len(data["entries"]), destination=str(out)
            )
        )
    print(
        f"Exported {len(data['entries'])} entries to {out}. This file is not encrypted: "
        "keep it somewhere safe."
    )
    return EXIT_OK


def cmd_backup(ctx: Context) -> int:
    with ctx.unlock() as vault:
        dest = Path(ctx.args.dest) if ctx.args.dest else None
        made = backup.make_backup(vault, dest)
        if dest is None:
            backup.rotate(vault.path, ctx.settings.backups_kept)
    print(f"Backed up to {made} (encrypted with the same passphrase).")
    return EXIT_OK


def cmd_restore(ctx: Context) -> int:
    secret = ctx.secret()
    backup_secret = secret
    if ctx.args.backup_passphrase_file:
        backup_secret = Secret(passphrase=read_secret_file(ctx.args.backup_passphrase_file))
    elif secret.raw_key is not None:
        backup_secret = Secret(passphrase=prompt_hidden("Passphrase of the backup: "))
    with Vault.unlock(ctx.vault_path, secret) as vault:
        old_key = vault.raw_key
        safety = backup.restore(vault, Path(ctx.args.backup), backup_secret)
        if vault.raw_key != old_key:
            _forget_quietly(ctx)
    print(f"Restored {ctx.args.backup}. The vault as it was is kept at {safety}.")
    return EXIT_OK


def cmd_check(ctx: Context) -> int:
    with ctx.unlock() as vault:
        problems = vault.check()
        if problems and ctx.args.repair and all(p.startswith("Search index") for p in problems):
            vault.repair_search_index()
            print("The search index did not match the entries; it was rebuilt from them.")
            problems = vault.check()
        version = vault.schema_version()
    if problems:
        print(f"The vault at {ctx.vault_path} has {len(problems)} problem(s); restore a backup:")
        for p in problems:
            print(f"  {p}")
        return EXIT_ERROR
    print(
        f"The vault at {ctx.vault_path} is healthy: every encrypted page verifies and the "
        f"database structure is intact (schema version {version})."
    )
    return EXIT_OK


def cmd_passwd(ctx: Context) -> int:
    if ctx.args.new_passphrase_file:
        new = read_secret_file(ctx.args.new_passphrase_file)
    else:
        new = prompt_hidden("New passphrase: ")
        if new != prompt_hidden("Repeat it: "):
            raise CliError("The two passphrases differ; the passphrase was not changed.")
    with ctx.unlock() as vault:
        made = backup.change_passphrase(vault, new)
    _forget_quietly(ctx)
    print(f"Passphrase changed. A backup under the old passphrase is at {made}.")
    return EXIT_OK


def cmd_forget(ctx: Context) -> int:
    ctx.keychain.forget(ctx.vault_path)
    print(f"This computer no longer remembers how to unlock {ctx.vault_path}.")
    return EXIT_OK


def _forget_quietly(ctx: Context) -> None:
    with contextlib.suppress(KeychainUnavailable):
        ctx.keychain.forget(ctx.vault_path)


def cmd_gui(ctx: Context) -> int:
    try:
        from kapjournal.ui.app import run
    except ImportError as exc:
        raise CliError(f"The desktop app cannot start here ({exc}).") from None
    vault_path = Path(ctx.args.vault) if ctx.args.vault else None
    return int(run(ctx.paths, ctx.settings, vault_path=vault_path))


# -- parsing --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--vault", metavar="PATH", help="the vault file (default: your data folder)"
    )
    common.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the passphrase from FILE ('-' for standard input)",
    )
    common.add_argument(
        "--no-keychain",
        action="store_true",
        help="do not look in the keychain for a remembered key",
    )

    parser = argparse.ArgumentParser(
        prog="kapjournal",
        parents=[common],
        description="An encrypted, offline journal for ketamine-assisted psychotherapy. "
        "Without a subcommand it opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"kapjournal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, fn: Callable[[Context], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(func=fn)
        return p

    p = add("init", cmd_init, "create a new encrypted vault")
    p.add_argument(
        "--remember",
        action="store_true",
        help="remember the unlock key in this computer's keychain",
    )
    p = add("import", cmd_import, "import a kapjournal archive, jrnl JSON or Day One JSON")
    p.add_argument("file")
    p.add_argument("--format", choices=archive.FORMATS, default="kapjournal")
    p = add("add", cmd_add, "write a quick entry from the command line")
    p.add_argument("text", help="the entry's text (Markdown); '-' reads standard input")
    p.add_argument("--title", default="")
    p.add_argument("--tag", action="append", metavar="TAG")
    p.add_argument("--phase", choices=[p.value for p in Phase], default=Phase.FREE.value)
    p = add("search", cmd_search, "full-text search, best matches first")
    p.add_argument("query")
    p.add_argument("--json", action="store_true", help="print results as JSON")
    p.add_argument("--limit", type=int, default=20)
    p = add("export", cmd_export, "export everything to a portable (unencrypted) file")
    p.add_argument("--format", default="json")
    p.add_argument("--out", required=True, metavar="FILE")
    p = add("backup", cmd_backup, "write an encrypted, verified backup")
    p.add_argument("dest", nargs="?", help="file or folder (default: the backups folder)")
    p = add("restore", cmd_restore, "replace the vault with a backup (the current one is kept)")
    p.add_argument("backup")
    p.add_argument(
        "--backup-passphrase-file",
        metavar="FILE",
        help="the backup's passphrase, when it differs from the vault's",
    )
    p = add("check", cmd_check, "verify every encrypted page and the database structure")
    p.add_argument(
        "--repair", action="store_true", help="rebuild the search index if it is the only problem"
    )
    p = add("passwd", cmd_passwd, "change the passphrase (a backup is made first)")
    p.add_argument("--new-passphrase-file", metavar="FILE")
    add("forget", cmd_forget, "forget the key remembered in this computer's keychain")
    cli_prompts.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None, *, keychain: Keychain | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        ctx = Context(args, keychain)
        if args.command is None:
            return cmd_gui(ctx)
        return int(args.func(ctx))
    except WrongPassphrase as exc:
        print(f"kapjournal: {exc}", file=sys.stderr)
        return EXIT_WRONG_PASSPHRASE
    except (StorageError, CliError, PackError) as exc:
        print(f"kapjournal: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("kapjournal: interrupted; nothing was left half-written.", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        from kapjournal.storage.vault import translate_os_error

        print(f"kapjournal: {translate_os_error(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # the promise is one line, never a traceback
        if os.environ.get("KAPJOURNAL_DEBUG"):
            raise
        print(
            f"kapjournal: unexpected error ({type(exc).__name__}: {exc}); "
            "set KAPJOURNAL_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
