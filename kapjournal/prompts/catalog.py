"""All packs in use: the built-in ones, then a therapist's imported ones; bad packs set aside."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kapjournal.prompts.loader import PackError, load_pack, load_pack_text
from kapjournal.prompts.model import Instrument, Pack, QuestionnaireSchedule, Template
from kapjournal.prompts.schedule import template_key

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
# Instruments first: the guided pack refers to them.
BUILTIN_FILES = ("phq9.toml", "gad7.toml", "pcl5.toml", "core.toml")


@cache
def builtin_packs() -> tuple[Pack, ...]:
    packs: list[Pack] = []
    for name in BUILTIN_FILES:
        known = {i.id for p in packs for i in p.instruments}
        packs.append(load_pack(BUILTIN_DIR / name, known_instruments=known, builtin=True))
    return tuple(packs)


@dataclass
class Catalog:
    packs: list[Pack]
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, extra: Iterable[tuple[str, str]] = ()) -> Catalog:
        """Built-in packs plus (source, TOML text) pairs; a bad extra pack is reported, skipped."""
        packs = list(builtin_packs())
        problems: list[str] = []
        for source, text in extra:
            known = {i.id for p in packs for i in p.instruments}
            try:
                pack = load_pack_text(text, source, known_instruments=known)
            except PackError as exc:
                problems.extend(exc.errors)
                continue
            if any(p.id == pack.id for p in packs):
                problems.append(
                    f"{source}: uses the pack id '{pack.id}', which is already "
                    "loaded; give it its own id."
                )
                continue
            clash = {i.id for i in pack.instruments} & known
            if clash:
                problems.append(
                    f"{source}: redefines the instrument(s) {sorted(clash)}; "
                    "give them their own ids."
                )
                continue
            packs.append(pack)
        return cls(packs, problems)

    @property
    def templates(self) -> list[Template]:
        return [t for p in self.packs for t in p.templates]

    @property
    def instruments(self) -> dict[str, Instrument]:
        return {i.id: i for p in self.packs for i in p.instruments}

    @property
    def questionnaires(self) -> list[QuestionnaireSchedule]:
        return [q for p in self.packs for q in p.questionnaires]

    def template(self, key: str) -> Template | None:
        """Find a template by its key, "pack-id/template-id"."""
        return next((t for t in self.templates if template_key(t) == key), None)
