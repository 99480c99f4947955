"""TOML prompt packs → model, with every error named by file, line, template, item and key."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from kapjournal.domain import Phase
from kapjournal.prompts.checks import (
    ITEM,
    MAX_BYTES,
    MAX_SCHEDULE_HOURS,
    PACK,
    QSCHED,
    SCHEDULE,
    TEMPLATE,
    TOP,
    WINDOW,
    Check,
    PackError,
    name_of,
    unique,
)

__all__ = ["PackError", "build_pack", "load_pack", "load_pack_text", "read_toml"]
from kapjournal.prompts.instruments import instrument as _instrument
from kapjournal.prompts.model import (
    Anchor,
    Item,
    ItemType,
    Pack,
    QuestionnaireSchedule,
    Schedule,
    Template,
    Window,
)


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Read and parse, refusing oversize and non-UTF-8 files; raise PackError with the line."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackError([f"{source}: cannot be read ({exc.strerror or exc})."]) from None
    if size > MAX_BYTES:
        raise PackError([f"{source}: is {size // 1024} KB; a pack may be at most 1 MB."])
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise PackError(
            [f"{source}: line {line}: is not UTF-8 text; save the file as UTF-8."]
        ) from None
    return parse_toml_text(text, source), source


def parse_toml_text(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        where = f"line {m.group(1)}, column {m.group(2)}: " if m else ""
        raise PackError([f"{source}: {where}invalid TOML ({detail})."]) from None
    except RecursionError:
        raise PackError([f"{source}: invalid TOML (nested too deeply)."]) from None


def load_pack(
    path: Path, *, known_instruments: set[str] | None = None, builtin: bool = False
) -> Pack:
    data, source = read_toml(Path(path))
    return build_pack(data, source, known_instruments=known_instruments, builtin=builtin)


def load_pack_text(text: str, source: str, *, known_instruments: set[str] | None = None) -> Pack:
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PackError([f"{source}: is larger than 1 MB; a pack may be at most 1 MB."])
    return build_pack(parse_toml_text(text, source), source, known_instruments=known_instruments)


def build_pack(
    data: dict[str, Any],
    source: str,
    *,
    known_instruments: set[str] | None = None,
    builtin: bool = False,
) -> Pack:
    c = Check(source)
    c.keys(data, TOP, "")
    head = c.table(data.get("pack", {}), "[pack]")
    c.keys(head, PACK, "[pack]")
    pack_id = c.ident(head, "id", "[pack]")
    version = c.get(head, PACK, "version", "[pack]", "")
    instruments = tuple(
        _instrument(c, d, i) for i, d in enumerate(c.tables(data.get("instruments"), "instruments"))
    )
    unique(c, [i.id for i in instruments], "instrument")
    available = {i.id for i in instruments} | set(known_instruments or ())
    templates = tuple(
        _template(c, d, i, available, pack_id, version)
        for i, d in enumerate(c.tables(data.get("templates"), "templates"))
    )
    unique(c, [t.id for t in templates], "template")
    questionnaires = []
    for i, d in enumerate(c.tables(data.get("questionnaires"), "questionnaires")):
        where = f"questionnaires[{i}]"
        c.keys(d, QSCHED, where)
        inst = c.get(d, QSCHED, "instrument", where, "")
        if inst and inst not in available:
            c.err(where, f"key 'instrument' names '{inst}', which no pack provides")
        every = [
            c.get(d, QSCHED, k, where, dflt)
            for k, dflt in (("induction_every_days", 7), ("maintenance_every_days", 30))
        ]
        if any(not 1 <= e <= 366 for e in every):
            c.err(where, "repeat intervals must be between 1 and 366 days")
        questionnaires.append(QuestionnaireSchedule(inst, every[0], every[1]))
    if not templates and not instruments:
        c.err("", "has no templates and no instruments; a pack needs at least one")
    switch_off = _strings(c, head, "switch_off", "[pack]")
    switch_off_questionnaires = _strings(c, head, "switch_off_questionnaires", "[pack]")
    if c.errors:
        raise PackError(c.errors)
    return Pack(
        id=pack_id,
        name=c.get(head, PACK, "name", "[pack]", ""),
        version=version,
        author=c.get(head, PACK, "author", "[pack]", ""),
        language=c.get(head, PACK, "language", "[pack]", "en"),
        description=c.get(head, PACK, "description", "[pack]", ""),
        templates=templates,
        instruments=instruments,
        questionnaires=tuple(questionnaires),
        source=source,
        builtin=builtin,
        switch_off=switch_off,
        switch_off_questionnaires=switch_off_questionnaires,
    )


def _strings(c: Check, d: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = c.get(d, PACK, key, where, [])
    if not all(isinstance(v, str) for v in value):
        c.err(where, f"key '{key}' should be a list of texts")
        return ()
    return tuple(value)


def _template(
    c: Check, d: dict[str, Any], index: int, instruments: set[str], pack_id: str, version: str
) -> Template:
    tid = name_of(d, index)
    where = f"template '{tid}'"
    c.keys(d, TEMPLATE, where)
    c.ident(d, "id", where)
    phase_text = c.get(d, TEMPLATE, "phase", where, "free")
    try:
        phase = Phase(phase_text)
    except ValueError:
        c.err(
            where, f"key 'phase' is '{phase_text}', not one of {', '.join(p.value for p in Phase)}"
        )
        phase = Phase.FREE
    items = tuple(
        _item(c, it, j, where, instruments)
        for j, it in enumerate(c.tables(d.get("items"), f"{where}, items"))
    )
    unique(c, [i.id for i in items], "item", where)
    schedule = None
    if "schedule" in d:
        schedule = _schedule(c, c.table(d["schedule"], f"{where}, schedule"), where)
    return Template(
        id=tid,
        phase=phase,
        title=c.get(d, TEMPLATE, "title", where, ""),
        intro=c.get(d, TEMPLATE, "intro", where, ""),
        items=items,
        schedule=schedule,
        pack_id=pack_id,
        pack_version=version,
        replaces=c.get(d, TEMPLATE, "replaces", where, ""),
    )


def _schedule(c: Check, d: dict[str, Any], owner: str) -> Schedule:
    where = f"{owner}, schedule"
    c.keys(d, SCHEDULE, where)
    anchor = None
    if "anchor" in d:
        try:
            anchor = Anchor(c.get(d, SCHEDULE, "anchor", where, ""))
        except ValueError:
            c.err(where, f"key 'anchor' should be one of {', '.join(a.value for a in Anchor)}")
    windows = []
    for k, w in enumerate(c.tables(d.get("windows"), f"{where}, windows")):
        ww = f"{where}, window {k + 1}"
        c.keys(w, WINDOW, ww)
        start = c.get(w, WINDOW, "from_hours", ww, 0)
        end = c.get(w, WINDOW, "until_hours", ww, 0)
        if end <= start:
            c.err(ww, f"'until_hours' ({end}) must be after 'from_hours' ({start})")
        if abs(start) > MAX_SCHEDULE_HOURS or abs(end) > MAX_SCHEDULE_HOURS:
            c.err(ww, "is more than a year from the session")
        windows.append(Window(float(start), float(end), c.get(w, WINDOW, "label", ww, "")))
    every = c.get(d, SCHEDULE, "every_days", where)
    if every is not None and not 1 <= every <= 366:
        c.err(where, f"key 'every_days' is {every}; it must be between 1 and 366")
    if windows and anchor is None:
        c.err(where, "has 'windows' but no 'anchor' (session-start or session-end)")
    if anchor is not None and not windows:
        c.err(where, "has an 'anchor' but no 'windows'")
    if windows and every is not None:
        c.err(where, "cannot have both 'windows' and 'every_days'")
    if not windows and every is None:
        c.err(where, "is empty; give 'anchor' with 'windows', or 'every_days'")
    return Schedule(anchor=anchor, windows=tuple(windows), every_days=every)


def _item(c: Check, d: dict[str, Any], index: int, owner: str, instruments: set[str]) -> Item:
    iid = name_of(d, index)
    where = f"{owner}, item '{iid}'"
    c.keys(d, ITEM, where)
    c.ident(d, "id", where)
    type_text = c.get(d, ITEM, "type", where, "text")
    try:
        kind = ItemType(type_text)
    except ValueError:
        c.err(
            where, f"key 'type' is '{type_text}', not one of {', '.join(t.value for t in ItemType)}"
        )
        kind = ItemType.TEXT
    choices = c.get(d, ITEM, "choices", where, [])
    if not all(isinstance(x, str) and x.strip() for x in choices):
        c.err(where, "key 'choices' should be a list of non-empty text")
        choices = []
    if len(set(choices)) != len(choices):
        c.err(where, "key 'choices' lists the same choice twice")
    if kind in (ItemType.SINGLE, ItemType.MULTIPLE, ItemType.CHECKLIST) and not choices:
        c.err(where, f"a {kind.value} item needs 'choices'")
    lo, hi = c.get(d, ITEM, "min", where, 0), c.get(d, ITEM, "max", where, 10)
    step = c.get(d, ITEM, "step", where, 1)
    if kind is ItemType.SCALE:
        if lo >= hi:
            c.err(where, f"a scale needs 'min' ({lo}) below 'max' ({hi})")
        if step <= 0 or step > hi - lo > 0:
            c.err(where, f"key 'step' ({step}) must be above 0 and fit between min and max")
    instrument = c.get(d, ITEM, "instrument", where, "")
    if kind is ItemType.QUESTIONNAIRE:
        if not instrument:
            c.err(where, "a questionnaire item needs 'instrument'")
        elif instrument not in instruments:
            c.err(where, f"key 'instrument' names '{instrument}', which no pack provides")
    if c.get(d, ITEM, "severity", where, False) and kind is not ItemType.CHECKLIST:
        c.err(where, "key 'severity' only applies to checklist items")
    return Item(
        id=iid,
        type=kind,
        prompt=c.get(d, ITEM, "prompt", where, ""),
        help=c.get(d, ITEM, "help", where, ""),
        optional=c.get(d, ITEM, "optional", where, True),
        min=lo,
        max=hi,
        step=step,
        min_label=c.get(d, ITEM, "min_label", where, ""),
        max_label=c.get(d, ITEM, "max_label", where, ""),
        choices=tuple(choices),
        severity=c.get(d, ITEM, "severity", where, False),
        instrument=instrument,
    )
