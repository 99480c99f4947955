"""`kapjournal prompts …`: validate, list, import and remove prompt packs."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapjournal.domain import StoredPack
from kapjournal.prompts.catalog import Catalog, builtin_packs
from kapjournal.prompts.loader import PackError, load_pack
from kapjournal.prompts.model import Pack
from kapjournal.storage.errors import StorageError, WrongPassphrase
from kapjournal.storage.repository import Repository

if TYPE_CHECKING:
    from kapjournal.cli_context import Context

EXIT_OK, EXIT_ERROR = 0, 1


def _known_instruments() -> set[str]:
    return {i.id for p in builtin_packs() for i in p.instruments}


def cmd_validate(ctx: Context) -> int:
    """Exit 0 when every file is a usable pack, else 1 listing every problem."""
    failed = False
    for name in ctx.args.files:
        try:
            pack = load_pack(Path(name), known_instruments=_known_instruments())
        except PackError as exc:
            failed = True
            for err in exc.errors:
                print(err)
            continue
        print(
            f"{name}: OK: {pack.name} {pack.version} ({len(pack.templates)} templates, "
            f"{len(pack.instruments)} instruments)"
        )
    return EXIT_ERROR if failed else EXIT_OK


def _vault_packs(ctx: Context) -> tuple[list[StoredPack], str | None]:
    """The vault's imported packs, or why they could not be read (listing goes on without)."""
    if not ctx.vault_path.exists():
        return [], None
    try:
        with ctx.unlock() as vault:
            return Repository(vault).packs(), None
    except WrongPassphrase:
        raise
    except Exception as exc:  # a list without the vault's packs still helps
        return [], f"packs imported into {ctx.vault_path} are not shown ({exc})"


def _pack_json(p: Pack, stored: StoredPack | None) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "version": p.version,
        "author": p.author,
        "builtin": p.builtin,
        "imported_at": stored.imported_at.isoformat() if stored else None,
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
    stored, note = _vault_packs(ctx)
    catalog = Catalog.load((f"{s.id} (in the vault)", s.toml) for s in stored)
    by_id = {s.id: s for s in stored}
    if ctx.args.json:
        json.dump(
            {
                "packs": [_pack_json(p, by_id.get(p.id)) for p in catalog.packs],
                "problems": catalog.problems,
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        for p in catalog.packs:
            origin = "built in" if p.builtin else "imported"
            print(f"{p.id} {p.version}: {p.name} ({origin}; {p.author})")
            for t in p.templates:
                print(f"    template {t.id:<20} {t.phase.value:<12} {t.title}")
            for i in p.instruments:
                print(
                    f"    instrument {i.id:<18} {i.short_name}: {len(i.scored_items)} items, "
                    f"0-{i.max_total}"
                )
        for problem in catalog.problems:
            print(f"problem: {problem}")
    if note:
        print(f"kapjournal: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    path = Path(ctx.args.file)
    pack = load_pack(path, known_instruments=_known_instruments())
    if any(b.id == pack.id for b in builtin_packs()):
        raise StorageError(f"{path} uses the id of a built-in pack ('{pack.id}'); rename it.")
    text = path.read_text(encoding="utf-8")
    with ctx.unlock() as vault:
        repo = Repository(vault)
        replaced = any(s.id == pack.id for s in repo.packs())
        repo.save_pack(
            StoredPack(
                id=pack.id, name=pack.name, version=pack.version, author=pack.author, toml=text
            )
        )
    verb = "Updated" if replaced else "Imported"
    print(f"{verb} the pack '{pack.name}' {pack.version} by {pack.author or 'an unnamed author'}.")
    return EXIT_OK


def cmd_remove(ctx: Context) -> int:
    with ctx.unlock() as vault:
        removed = Repository(vault).delete_pack(ctx.args.pack_id)
    if not removed:
        raise StorageError(
            f"No imported pack has the id '{ctx.args.pack_id}'; see `kapjournal prompts list`."
        )
    print(f"Removed the pack '{ctx.args.pack_id}'. Entries written with it keep their prompts.")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    prompts = sub.add_parser(
        "prompts",
        parents=[common],
        help="prompt packs: validate, list, import, remove",
        description="Manage prompt packs.",
    )
    psub = prompts.add_subparsers(dest="prompts_command", metavar="ACTION", required=True)

    def add(name: str, fn: Callable[[Context], int], help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = psub.add_parser(
            name, parents=[common], help=help, description=help
        )
        p.set_defaults(func=fn)
        return p

    add("validate", cmd_validate, "check pack files; exit 1 listing every problem").add_argument(
        "files", nargs="+", metavar="FILE"
    )
    add("list", cmd_list, "list packs, templates and instruments").add_argument(
        "--json", action="store_true"
    )
    add("import", cmd_import, "add a pack to the vault (or update it)").add_argument("file")
    add("remove", cmd_remove, "remove an imported pack").add_argument("pack_id")
