"""TOML prompt packs → model, with every error named by file, line, template, item and key."""

from __future__ import annotations

import dataclasses
import re
import stat
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from kapjournal.domain import Phase, SessionKind
from kapjournal.i18n import N_, tr
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
    within,
)

__all__ = ["PackError", "build_pack", "load_pack", "load_pack_text", "read_pack_text", "read_toml"]
from kapjournal.prompts.instruments import instrument as _instrument
from kapjournal.prompts.item_rules import item_rules
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

NO_SUCH_INSTRUMENT = N_("key 'instrument' names '{instrument}', which no pack provides")
NOT_ONE_OF = N_("key '{key}' is '{value}', not one of {allowed}")


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Read and parse, refusing oversize and non-UTF-8 files; raise PackError with the line."""
    source = str(path)
    return parse_toml_text(read_pack_text(Path(path)), source), source


def read_pack_text(path: Path) -> str:
    """A pack file's text: an ordinary file of at most 1 MB, UTF-8; PackError otherwise."""
    source = str(path)
    try:
        st = path.stat()
        size = st.st_size
        if not stat.S_ISREG(st.st_mode):  # a pipe would wait forever, a device never end
            raise PackError(
                [
                    tr("{source}: is not an ordinary file; choose the pack file itself.").format(
                        source=source
                    )
                ]
            )
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise PackError(
            [tr("{source}: cannot be read ({problem}).").format(source=source, problem=why)]
        ) from None
    if size > MAX_BYTES:
        raise PackError(
            [
                tr("{source}: is {size} KB; a pack may be at most 1 MB.").format(
                    source=source, size=size // 1024
                )
            ]
        )
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PackError(
            [
                tr("{source}: cannot be read ({problem}).").format(
                    source=source, problem=exc.strerror
                )
            ]
        ) from None
    if len(raw) > MAX_BYTES:
        raise PackError(
            [tr("{source}: is larger than 1 MB; a pack may be at most 1 MB.").format(source=source)]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError(
            [
                tr("{source}: line {line}: is not UTF-8 text; save the file as UTF-8.").format(
                    source=source, line=line
                )
            ]
        ) from None
    return text


def parse_toml_text(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        where = (
            tr("line {line}, column {column}: ").format(line=m.group(1), column=m.group(2))
            if m
            else ""
        )
        raise PackError(
            [
                tr("{source}: {where}invalid TOML ({problem}).").format(
                    source=source, where=where, problem=detail
                )
            ]
        ) from None
    except RecursionError:
        raise PackError(
            [tr("{source}: invalid TOML (nested too deeply).").format(source=source)]
        ) from None


def load_pack(
    path: Path,
    *,
    known_instruments: set[str] | None = None,
    builtin: bool = False,
    strict: bool = False,
) -> Pack:
    data, source = read_toml(Path(path))
    return build_pack(
        data, source, known_instruments=known_instruments, builtin=builtin, strict=strict
    )


def load_pack_text(
    text: str, source: str, *, known_instruments: set[str] | None = None, strict: bool = False
) -> Pack:
    """`strict` for a pack arriving (validate, import): see Check.markup."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PackError(
            [tr("{source}: is larger than 1 MB; a pack may be at most 1 MB.").format(source=source)]
        )
    return build_pack(
        parse_toml_text(text, source), source, known_instruments=known_instruments, strict=strict
    )


def build_pack(
    data: dict[str, Any],
    source: str,
    *,
    known_instruments: set[str] | None = None,
    builtin: bool = False,
    strict: bool = False,
) -> Pack:
    c = Check(source, strict=strict)
    c.keys(data, TOP, "")
    head = c.table(data.get("pack", {}), "[pack]")
    c.keys(head, PACK, "[pack]")
    pack_id = c.ident(head, "id", "[pack]")
    version = c.get(head, PACK, "version", "[pack]", "")
    instruments = tuple(
        _instrument(c, d, i) for i, d in enumerate(c.tables(data.get("instruments"), "instruments"))
    )
    unique(c, [i.id for i in instruments], tr("duplicate instrument id '{id}'"))
    available = {i.id for i in instruments} | set(known_instruments or ())
    templates = tuple(
        _template(c, d, i, available, pack_id, version)
        for i, d in enumerate(c.tables(data.get("templates"), "templates"))
    )
    unique(c, [t.id for t in templates], tr("duplicate template id '{id}'"))
    questionnaires = []
    for i, d in enumerate(c.tables(data.get("questionnaires"), "questionnaires")):
        where = tr("questionnaire schedule {n}").format(n=i + 1)
        c.keys(d, QSCHED, where)
        inst = c.get(d, QSCHED, "instrument", where, "")
        if inst and inst not in available:
            c.err(where, tr(NO_SUCH_INSTRUMENT), instrument=inst)
        every = [
            c.get(d, QSCHED, k, where, dflt)
            for k, dflt in (("induction_every_days", 7), ("maintenance_every_days", 30))
        ]
        if any(not 1 <= e <= 366 for e in every):
            c.err(where, tr("repeat intervals must be between 1 and 366 days"))
        around = c.get(d, QSCHED, "around", where, ["booster", "maintenance"])
        kinds = [k.value for k in SessionKind]
        if not all(a in kinds for a in around):
            c.err(where, tr(NOT_ONE_OF), key="around", value=around, allowed=", ".join(kinds))
            around = []
        before = c.get(d, QSCHED, "before_hours", where, 48)
        after = c.get(d, QSCHED, "after_days", where, 7)
        if not (0 <= before <= 14 * 24 and 0 <= after <= 90):
            c.err(where, tr("'before_hours' must be 0 to 336 and 'after_days' 0 to 90"))
        questionnaires.append(
            QuestionnaireSchedule(inst, every[0], every[1], tuple(around), before, after)
        )
    if not templates and not instruments:
        c.err("", tr("has no templates and no instruments; a pack needs at least one"))
    switch_off = _strings(c, head, "switch_off", "[pack]")
    switch_off_questionnaires = _strings(c, head, "switch_off_questionnaires", "[pack]")
    language = c.get(head, PACK, "language", "[pack]", "en")
    name = c.get(head, PACK, "name", "[pack]", "")
    author = c.get(head, PACK, "author", "[pack]", "")
    description = c.get(head, PACK, "description", "[pack]", "")
    if c.errors:
        raise PackError(c.errors)
    return Pack(
        id=pack_id,
        name=name,
        version=version,
        author=author,
        language=language,
        description=description,
        templates=templates,
        instruments=tuple(dataclasses.replace(i, language=language) for i in instruments),
        questionnaires=tuple(questionnaires),
        source=source,
        builtin=builtin,
        switch_off=switch_off,
        switch_off_questionnaires=switch_off_questionnaires,
    )


def _values(kind: type[StrEnum]) -> str:
    return ", ".join(v.value for v in kind)


def _schedule_of(where: str) -> str:
    return within(where, tr("schedule"))


def _strings(c: Check, d: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = c.get(d, PACK, key, where, [])
    if not all(isinstance(v, str) for v in value):
        c.err(where, tr("key '{key}' should be a list of texts"), key=key)
        return ()
    return tuple(value)


def _template(
    c: Check, d: dict[str, Any], index: int, instruments: set[str], pack_id: str, version: str
) -> Template:
    tid = name_of(d, index)
    where = tr("template '{id}'").format(id=tid)
    c.keys(d, TEMPLATE, where)
    c.ident(d, "id", where)
    phase_text = c.get(d, TEMPLATE, "phase", where, "free")
    try:
        phase = Phase(phase_text)
    except ValueError:
        c.err(where, tr(NOT_ONE_OF), key="phase", value=phase_text, allowed=_values(Phase))
        phase = Phase.FREE
    items = tuple(
        _item(c, it, j, where, instruments)
        for j, it in enumerate(c.tables(d.get("items"), within(where, tr("items"))))
    )
    unique(c, [i.id for i in items], tr("duplicate item id '{id}'"), where)
    schedule = None
    if "schedule" in d:
        schedule = _schedule(c, c.table(d["schedule"], _schedule_of(where)), where)
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
    where = _schedule_of(owner)
    c.keys(d, SCHEDULE, where)
    anchor = None
    if "anchor" in d:
        try:
            anchor = Anchor(c.get(d, SCHEDULE, "anchor", where, ""))
        except ValueError:
            c.err(where, tr("key 'anchor' should be one of {allowed}"), allowed=_values(Anchor))
    windows = []
    for k, w in enumerate(c.tables(d.get("windows"), within(where, tr("windows")))):
        ww = within(where, tr("window {n}").format(n=k + 1))
        c.keys(w, WINDOW, ww)
        start = c.get(w, WINDOW, "from_hours", ww, 0)
        end = c.get(w, WINDOW, "until_hours", ww, 0)
        if end <= start:
            c.err(
                ww,
                tr("'until_hours' ({end}) must be after 'from_hours' ({start})"),
                end=end,
                start=start,
            )
        if abs(start) > MAX_SCHEDULE_HOURS or abs(end) > MAX_SCHEDULE_HOURS:
            c.err(ww, tr("is more than a year from the session"))
        windows.append(Window(float(start), float(end), c.get(w, WINDOW, "label", ww, "")))
    every = c.get(d, SCHEDULE, "every_days", where)
    if every is not None and not 1 <= every <= 366:
        c.err(where, tr("key 'every_days' is {every}; it must be between 1 and 366"), every=every)
    if windows and anchor is None:
        c.err(where, tr("has 'windows' but no 'anchor' (session-start or session-end)"))
    if anchor is not None and not windows:
        c.err(where, tr("has an 'anchor' but no 'windows'"))
    if windows and every is not None:
        c.err(where, tr("cannot have both 'windows' and 'every_days'"))
    if not windows and every is None:
        c.err(where, tr("is empty; give 'anchor' with 'windows', or 'every_days'"))
    return Schedule(anchor=anchor, windows=tuple(windows), every_days=every)


def _item(c: Check, d: dict[str, Any], index: int, owner: str, instruments: set[str]) -> Item:
    iid = name_of(d, index)
    where = within(owner, tr("item '{id}'").format(id=iid))
    c.keys(d, ITEM, where)
    c.ident(d, "id", where)
    type_text = c.get(d, ITEM, "type", where, "text")
    try:
        kind = ItemType(type_text)
    except ValueError:
        c.err(where, tr(NOT_ONE_OF), key="type", value=type_text, allowed=_values(ItemType))
        kind = ItemType.TEXT
    choices = c.get(d, ITEM, "choices", where, [])
    if not all(isinstance(x, str) and x.strip() for x in choices):
        c.err(where, tr("key 'choices' should be a list of non-empty text"))
        choices = []
    if len(set(choices)) != len(choices):
        c.err(where, tr("key 'choices' lists the same choice twice"))
    if kind in (ItemType.SINGLE, ItemType.MULTIPLE, ItemType.CHECKLIST) and not choices:
        c.err(where, tr("a {type} item needs 'choices'"), type=kind.value)
    lo, hi = c.get(d, ITEM, "min", where, 0), c.get(d, ITEM, "max", where, 10)
    step = c.get(d, ITEM, "step", where, 1)
    if kind is ItemType.SCALE:
        if lo >= hi:
            c.err(where, tr("a scale needs 'min' ({min}) below 'max' ({max})"), min=lo, max=hi)
        if step <= 0 or step > hi - lo > 0:
            c.err(
                where,
                tr("key 'step' ({step}) must be above 0 and fit between min and max"),
                step=step,
            )
    instrument = c.get(d, ITEM, "instrument", where, "")
    if kind is ItemType.QUESTIONNAIRE:
        if not instrument:
            c.err(where, tr("a questionnaire item needs 'instrument'"))
        elif instrument not in instruments:
            c.err(where, tr(NO_SUCH_INSTRUMENT), instrument=instrument)
    if c.get(d, ITEM, "severity", where, False) and kind is not ItemType.CHECKLIST:
        c.err(where, tr("key 'severity' only applies to checklist items"))
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
        for_therapist=c.get(d, ITEM, "for_therapist", where, False),
        safety=item_rules(c, d, where, kind, tuple(choices)),
    )
