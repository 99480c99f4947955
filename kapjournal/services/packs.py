"""Prompt packs: validate a file, import it into the vault, remove it, list what is in use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.domain import StoredPack
from kapjournal.i18n import tr
from kapjournal.prompts.catalog import Catalog, builtin_packs, known_instruments
from kapjournal.prompts.loader import PackError, load_pack, load_pack_text, read_pack_text
from kapjournal.prompts.model import Pack

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.storage.repository import Repository


def validate(path: Path) -> Pack:
    """Load a pack file as the app would; PackError lists every problem."""
    return load_pack(Path(path), known_instruments=known_instruments(), strict=True)


def builtin_catalog() -> Catalog:
    """The catalog without any vault: what validating and listing use when none is open."""
    return Catalog.load()


@dataclass(frozen=True)
class PackInfo:
    """A pack in use, for listing: where it came from and what it changes in the others."""

    pack: Pack
    imported_at: datetime | None
    changes: list[str]


@dataclass(frozen=True)
class Imported:
    pack: Pack
    replaced: bool  # an earlier version of the same pack was there

    def sentence(self) -> str:
        text = (
            tr("Updated “{name}” {version} by {author}.")
            if self.replaced
            else tr("Added “{name}” {version} by {author}.")
        )
        return text.format(
            name=self.pack.name,
            version=self.pack.version,
            author=self.pack.author or tr("an unnamed author"),
        )


def check_pack_text(repo: Repository, source: str, text: str, *, strict: bool = True) -> Pack:
    """A pack as it would be used beside the vault's other packs: valid, not claiming a
    built-in id, not clashing with another pack. PackError lists every problem. Not `strict`
    for a pack coming back from the app's own archive: it may hold markup an older version
    accepted, which the app shows as plain text."""
    pack = load_pack_text(text, source, known_instruments=known_instruments(), strict=strict)
    if any(b.id == pack.id for b in builtin_packs()):
        raise PackError(
            [
                tr("{path}: uses the id of a built-in pack ('{id}'); rename it.").format(
                    path=source, id=pack.id
                )
            ]
        )
    others = [s for s in repo.packs() if s.id != pack.id]
    trial = Catalog.load([(s.id, s.toml) for s in others] + [(source, text)])
    mine = [p for p in trial.problems if p.startswith(source)]
    if mine:
        raise PackError(mine)
    return pack


class PackService:
    def __init__(self, repo: Repository, journal: JournalService) -> None:
        self._repo = repo
        self._journal = journal

    def import_file(self, path: Path) -> Imported:
        """Validate a pack and keep it in the vault (replacing an older version of it)."""
        path = Path(path)
        text = read_pack_text(path)  # an ordinary file, at most 1 MB, UTF-8
        pack = check_pack_text(self._repo, str(path), text)
        replaced = any(s.id == pack.id for s in self._repo.packs())
        self._repo.save_pack(
            StoredPack(
                id=pack.id, name=pack.name, version=pack.version, author=pack.author, toml=text
            )
        )
        self._journal.reload_catalog()
        return Imported(pack, replaced)

    def remove(self, pack_id: str) -> bool:
        """False when no imported pack has this id. Entries written with it keep their words."""
        removed = self._repo.delete_pack(pack_id)
        if removed:
            self._journal.reload_catalog()
        return removed

    def listing(self) -> list[PackInfo]:
        """Every pack in use, built-in first, with what each one replaces or switches off."""
        stored = {s.id: s for s in self._repo.packs()}
        catalog = self._journal.catalog
        return [
            PackInfo(
                p,
                stored[p.id].imported_at if p.id in stored else None,
                catalog.replacements(p),
            )
            for p in catalog.packs
        ]

    def problems(self) -> list[str]:
        """Packs in the vault that could not be used, one sentence each."""
        return list(self._journal.catalog.problems)
