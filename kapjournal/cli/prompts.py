"""`kapjournal prompts …`: validate, list, import and remove prompt packs."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapjournal.cli.context import CliError, Context
from kapjournal.errors import WrongPassphrase
from kapjournal.i18n import tr
from kapjournal.prompts.checks import PackError

if TYPE_CHECKING:
    from kapjournal.services.packs import PackInfo

# Each command imports its service when it runs: the parser is built on every start,
# the desktop app's included, and should not load the prompt packs to do it.

EXIT_OK, EXIT_ERROR = 0, 1


def cmd_validate(ctx: Context) -> int:
    """Exit 0 when every file is a usable pack, else 1 listing every problem."""
    from kapjournal.services import packs

    failed = False
    for name in ctx.args.files:
        try:
            pack = packs.validate(Path(name))
        except PackError as exc:
            failed = True
            for err in exc.errors:
                print(err)
            continue
        print(
            tr("{file}: OK: {name} {version} ({t} templates, {i} instruments)").format(
                file=name,
                name=pack.name,
                version=pack.version,
                t=len(pack.templates),
                i=len(pack.instruments),
            )
        )
    return EXIT_ERROR if failed else EXIT_OK


def _listing(ctx: Context) -> tuple[list[PackInfo], list[str], str | None]:
    from kapjournal.services import packs
    from kapjournal.services.packs import PackInfo

    """Packs in use with the vault's, or the built-in ones and why the vault's are missing."""
    note = None
    if ctx.vault_path.exists():
        try:
            with ctx.unlock() as opened:
                return opened.packs.listing(), opened.packs.problems(), None
        except WrongPassphrase:
            raise
        except Exception as exc:  # a list without the vault's packs still helps
            note = tr("packs imported into {path} are not shown ({error})").format(
                path=ctx.vault_path, error=exc
            )
    catalog = packs.builtin_catalog()
    return [PackInfo(p, None, []) for p in catalog.packs], catalog.problems, note


def _pack_json(info: PackInfo) -> dict[str, Any]:
    p = info.pack
    return {
        "id": p.id,
        "name": p.name,
        "version": p.version,
        "author": p.author,
        "builtin": p.builtin,
        "imported_at": info.imported_at.isoformat() if info.imported_at else None,
        "changes": info.changes,
        "templates": [
            {"id": t.id, "phase": t.phase.value, "title": t.title, "items": len(t.items)}
            for t in p.templates
        ],
        "instruments": [
            {"id": i.id, "name": i.name, "items": len(i.scored_items), "max_total": i.max_total}
            for i in p.instruments
        ],
    }


def cmd_list(ctx: Context) -> int:
    listing, problems, note = _listing(ctx)
    if ctx.args.json:
        json.dump(
            {"packs": [_pack_json(i) for i in listing], "problems": problems},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        for info in listing:
            p = info.pack
            origin = tr("built in") if p.builtin else tr("imported")
            print(f"{p.id} {p.version}: {p.name} ({origin}; {p.author})")
            for change in info.changes:
                print(f"    {change}")
            for t in p.templates:
                print(
                    "    "
                    + tr("template {id}: {title} ({phase})").format(
                        id=t.id, title=t.title, phase=t.phase.label
                    )
                )
            for i in p.instruments:
                print(
                    "    "
                    + tr("instrument {id}: {name}, {n} items scored 0-{max}").format(
                        id=i.id, name=i.short_name, n=len(i.scored_items), max=i.max_total
                    )
                )
        for problem in problems:
            print(tr("problem: {problem}").format(problem=problem))
    if note:
        print(f"kapjournal: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    from kapjournal.services import packs

    path = Path(ctx.args.file)
    packs.validate(path)  # before asking for a passphrase
    with ctx.unlock() as opened:
        imported = opened.packs.import_file(path)
    print(imported.sentence())
    return EXIT_OK


def cmd_remove(ctx: Context) -> int:
    with ctx.unlock() as opened:
        removed = opened.packs.remove(ctx.args.pack_id)
    if not removed:
        raise CliError(
            tr("No imported pack has the id '{id}'; see `kapjournal prompts list`.").format(
                id=ctx.args.pack_id
            )
        )
    print(
        tr("Removed the pack '{id}'. Entries written with it keep their prompts.").format(
            id=ctx.args.pack_id
        )
    )
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    prompts = sub.add_parser(
        "prompts",
        parents=[common],
        help=tr("prompt packs: validate, list, import, remove"),
        description=tr("Manage prompt packs."),
    )
    psub = prompts.add_subparsers(dest="prompts_command", metavar="ACTION", required=True)

    def add(name: str, fn: Callable[[Context], int], help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = psub.add_parser(
            name, parents=[common], help=help, description=help
        )
        p.set_defaults(func=fn)
        return p

    add(
        "validate", cmd_validate, tr("check pack files; exit 1 listing every problem")
    ).add_argument("files", nargs="+", metavar="FILE")
    add("list", cmd_list, tr("list packs, templates and instruments")).add_argument(
        "--json", action="store_true"
    )
    add("import", cmd_import, tr("add a pack to the journal (or update it)")).add_argument("file")
    add("remove", cmd_remove, tr("remove an imported pack")).add_argument("pack_id")
