"""All packs in use: the built-in ones, then a practice's imported ones; bad packs set aside.

A practice's pack may add templates, instruments and questionnaire schedules, and may take the
place of another pack's: a template with `replaces = "pack/template"` stands in for it, a pack's
`switch_off` list hides templates, and `switch_off_questionnaires` stops schedules; a schedule
for an instrument that is already scheduled replaces the earlier one. Replaced and switched-off
templates still open the entries written with them; they are just no longer offered or due.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kapjournal import i18n
from kapjournal.domain import Phase
from kapjournal.i18n import N_, tr
from kapjournal.prompts.loader import PackError, load_pack, load_pack_text
from kapjournal.prompts.localise import localise
from kapjournal.prompts.model import (
    Instrument,
    Item,
    ItemType,
    Pack,
    QuestionnaireSchedule,
    Template,
)

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
# Instruments first: the guided pack refers to them.
BUILTIN_FILES = ("phq9.toml", "gad7.toml", "pcl5.toml", "who5.toml", "core.toml")
# Under its own licence, not the GPL (WHO-5: CC BY-NC-SA 3.0 IGO, see docs/third-party.md): a
# redistributor whose use that licence does not cover can delete the file, and the app runs.
SEPARATELY_LICENSED = frozenset({"who5.toml"})
SESSION_PHASES = (Phase.PREPARATION, Phase.RECALL, Phase.INTEGRATION)

UNKNOWN_TEMPLATE = N_("{source}: '{key}' names no template of a loaded pack; check the id.")
UNKNOWN_SCHEDULE = N_("{source}: no pack schedules the questionnaire '{instrument}'.")
PACK_ID_TAKEN = N_(
    "{source}: uses the pack id '{id}', which is already loaded; give it its own id."
)
INSTRUMENT_TAKEN = N_("{source}: redefines the instrument(s) {ids}; give them their own ids.")


def builtin_packs() -> tuple[Pack, ...]:
    """The built-in packs in the language in use (see prompts/localise.py)."""
    return _localised(i18n.text_language())


@cache
def _localised(language: str) -> tuple[Pack, ...]:
    return tuple(localise(p, tr) for p in builtin_packs_as_written())


@cache
def builtin_packs_as_written() -> tuple[Pack, ...]:
    return load_builtins(BUILTIN_DIR)


def load_builtins(directory: Path) -> tuple[Pack, ...]:
    """The built-in packs from `directory`; a separately licensed one may be absent."""
    packs: list[Pack] = []
    for name in BUILTIN_FILES:
        path = directory / name
        if name in SEPARATELY_LICENSED and not path.exists():
            continue
        known = {i.id for p in packs for i in p.instruments}
        packs.append(load_pack(path, known_instruments=known, builtin=True))
    return tuple(packs)


def known_instruments() -> set[str]:
    """Instrument ids a pack may use without defining them: the built-in ones."""
    return {i.id for p in builtin_packs_as_written() for i in p.instruments}


@dataclass
class Catalog:
    packs: list[Pack]
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, extra: Iterable[tuple[str, str]] = ()) -> Catalog:
        """Built-in packs plus (source, TOML text) pairs; a bad extra pack is reported, skipped."""
        # The separately licensed packs' pages come after kapjournal's own (menus follow this
        # order); they are loaded before the guided pack only so that it may refer to them.
        builtins = builtin_packs()
        packs = [p for p in builtins if not _separate(p)] + [p for p in builtins if _separate(p)]
        problems: list[str] = []
        for source, text in extra:
            known = {i.id for p in packs for i in p.instruments}
            try:
                pack = load_pack_text(text, source, known_instruments=known)
            except PackError as exc:
                problems.extend(exc.errors)
                continue
            found = _conflicts(pack, source, packs)
            if found:
                problems.extend(found)
                continue
            packs.append(pack)
        held = {_questionnaire_of(t) for p in packs for t in p.templates}
        return cls([_with_questionnaire_templates(p, held) for p in packs], problems)

    # -- everything, for opening what was written ----------------------------------------
    @property
    def templates(self) -> list[Template]:
        return [t for p in self.packs for t in p.templates]

    @property
    def instruments(self) -> dict[str, Instrument]:
        return {i.id: i for p in self.packs for i in p.instruments}

    def template(self, key: str) -> Template | None:
        """Find any template by its key, "pack-id/template-id", replaced ones included."""
        return next((t for t in self.templates if t.key == key), None)

    # -- what is in use, for menus and the schedule ---------------------------------------
    @property
    def hidden(self) -> set[str]:
        """Keys of templates that another pack replaced or switched off."""
        out: set[str] = set()
        for p in self.packs:
            out.update(p.switch_off)
            out.update(t.replaces for t in p.templates if t.replaces)
        return out

    @property
    def active_templates(self) -> list[Template]:
        hidden = self.hidden
        return [t for t in self.templates if t.key not in hidden]

    @property
    def questionnaires(self) -> list[QuestionnaireSchedule]:
        """One schedule per instrument: a later pack's replaces an earlier one."""
        chosen: dict[str, QuestionnaireSchedule] = {}
        for p in self.packs:
            for q in p.questionnaires:
                chosen[q.instrument] = q
            for off in p.switch_off_questionnaires:
                chosen.pop(off, None)
        return list(chosen.values())

    def template_for_phase(self, phase: Phase) -> Template | None:
        """The template in use for a session's phase: one tied to sessions first."""
        mine = [t for t in self.active_templates if t.phase is phase]
        tied = [t for t in mine if t.schedule is not None and t.schedule.anchor is not None]
        return next(iter(tied or mine), None)

    def template_for_instrument(self, instrument_id: str) -> Template | None:
        """The template in use that holds just this questionnaire."""
        return next(
            (t for t in self.active_templates if _questionnaire_of(t) == instrument_id), None
        )

    def replacements(self, pack: Pack) -> list[str]:
        """What this pack changes in the others, in words for the Prompt packs dialog."""
        out = [
            tr("“{title}” replaces {key}").format(title=t.title, key=t.replaces)
            for t in pack.templates
            if t.replaces
        ]
        out += [tr("switches off {key}").format(key=k) for k in pack.switch_off]
        out += [tr("stops the {id} schedule").format(id=i) for i in pack.switch_off_questionnaires]
        return out


def _separate(pack: Pack) -> bool:
    return Path(pack.source).name in SEPARATELY_LICENSED


def _questionnaire_of(t: Template) -> str | None:
    if len(t.items) == 1 and t.items[0].type is ItemType.QUESTIONNAIRE:
        return t.items[0].instrument
    return None


def _with_questionnaire_templates(pack: Pack, held: set[str | None]) -> Pack:
    """Give each instrument that no template of any pack holds a template of its own, so a
    practice's questionnaire can be started, scheduled and reopened like the built-in ones."""
    taken = {t.id for t in pack.templates}
    extra = []
    for inst in pack.instruments:
        if inst.id in held:
            continue
        tid = inst.id if inst.id not in taken else f"questionnaire-{inst.id}"
        item = Item(
            id=inst.id, type=ItemType.QUESTIONNAIRE, prompt=inst.short_name, instrument=inst.id
        )
        extra.append(
            Template(
                id=tid,
                phase=Phase.CHECK_IN,
                title=inst.name,
                items=(item,),
                pack_id=pack.id,
                pack_version=pack.version,
            )
        )
    if not extra:
        return pack
    return dataclasses.replace(pack, templates=pack.templates + tuple(extra))


def _conflicts(pack: Pack, source: str, loaded: list[Pack]) -> list[str]:
    if any(p.id == pack.id for p in loaded):
        return [tr(PACK_ID_TAKEN).format(source=source, id=pack.id)]
    known = {i.id for p in loaded for i in p.instruments}
    clash = {i.id for i in pack.instruments} & known
    if clash:
        return [tr(INSTRUMENT_TAKEN).format(source=source, ids=sorted(clash))]
    keys = {t.key for p in loaded for t in p.templates}
    wanted = [t.replaces for t in pack.templates if t.replaces] + list(pack.switch_off)
    problems = [tr(UNKNOWN_TEMPLATE).format(source=source, key=k) for k in wanted if k not in keys]
    scheduled = {q.instrument for p in [*loaded, pack] for q in p.questionnaires}
    problems += [
        tr(UNKNOWN_SCHEDULE).format(source=source, instrument=i)
        for i in pack.switch_off_questionnaires
        if i not in scheduled
    ]
    return problems
