"""Validated questionnaires in a pack: items, options, bands, safety rules, sub-scales."""

from __future__ import annotations

from typing import Any

from kapjournal.i18n import N_, tr
from kapjournal.prompts.checks import (
    BAND,
    INSTRUMENT,
    INSTRUMENT_ITEM,
    OPTION,
    PROVISIONAL,
    SAFETY,
    SUBSCALE,
    Check,
    name_of,
    unique,
    within,
)
from kapjournal.prompts.model import (
    Band,
    Instrument,
    InstrumentItem,
    Option,
    Provisional,
    SafetyRule,
    Subscale,
)

FALL_WITH_HIGHER = N_(
    "'higher_is_better' cannot go with 'response_fall_percent', 'response_fall_points' or "
    "'remission_below': they count a fall as the improvement"
)


def parse_options(c: Check, raw: Any, where: str) -> tuple[Option, ...]:
    out = []
    for k, o in enumerate(c.tables(raw, within(where, tr("options")))):
        c.keys(o, OPTION, within(where, tr("option {n}").format(n=k + 1)))
        out.append(
            Option(c.get(o, OPTION, "value", where, 0), c.get(o, OPTION, "label", where, ""))
        )
    values = [o.value for o in out]
    if len(set(values)) != len(values):
        c.err(where, tr("two options have the same 'value'"))
    return tuple(out)


def instrument(c: Check, d: dict[str, Any], index: int) -> Instrument:
    iid = name_of(d, index)
    where = tr("instrument '{id}'").format(id=iid)
    c.keys(d, INSTRUMENT, where)
    c.ident(d, "id", where)
    options = parse_options(c, d.get("options"), where)
    if not options:
        c.err(where, tr("needs answer 'options'"))
    items = []
    for k, it in enumerate(c.tables(d.get("items"), within(where, tr("items")))):
        item_id = name_of(it, k)
        wi = within(where, tr("item '{id}'").format(id=item_id))
        c.keys(it, INSTRUMENT_ITEM, wi)
        items.append(
            InstrumentItem(
                item_id,
                c.get(it, INSTRUMENT_ITEM, "text", wi, ""),
                c.get(it, INSTRUMENT_ITEM, "scored", wi, True),
                parse_options(c, it.get("options"), wi) if "options" in it else (),
                c.get(it, INSTRUMENT_ITEM, "reverse", wi, False),
            )
        )
    unique(c, [i.id for i in items], tr("duplicate item id '{id}'"), where)
    item_ids = {i.id for i in items if i.scored}
    if not item_ids:
        c.err(where, tr("has no scored items"))
    method = c.get(d, INSTRUMENT, "method", where, "sum")
    if method not in ("sum", "mean"):
        c.err(where, tr("key 'method' must be 'sum' or 'mean'"))
    multiply = c.get(d, INSTRUMENT, "multiply", where, 1)
    if multiply < 1:
        c.err(where, tr("key 'multiply' must be 1 or more"))
    groups = _item_lists(c, d, "groups", where, item_ids)
    draft = Instrument(iid, "", "", "", "", options or (Option(0, ""),), tuple(items), (),
                       method=method, multiply=max(1, multiply), groups=tuple(groups))  # fmt: skip
    max_total = draft.max_total
    bands = []
    for k, b in enumerate(c.tables(d.get("bands"), within(where, tr("bands")))):
        wb = within(where, tr("band {n}").format(n=k + 1))
        c.keys(b, BAND, wb)
        bands.append(
            Band(
                c.get(b, BAND, "id", wb, ""),
                c.get(b, BAND, "min", wb, 0),
                c.get(b, BAND, "max", wb, 0),
                c.get(b, BAND, "label", wb, ""),
                c.get(b, BAND, "meaning", wb, ""),
            )
        )
    expected = 0
    for band in sorted(bands, key=lambda b: b.min):
        if band.min != expected or band.max < band.min:
            c.err(
                where,
                tr(
                    "band '{band}' ({low}-{high}) leaves a gap or overlaps; bands must "
                    "cover 0 to {max_total} exactly once"
                ),
                band=band.id,
                low=band.min,
                high=band.max,
                max_total=max_total,
            )
        expected = band.max + 1
    if bands and expected != max_total + 1:
        c.err(
            where,
            tr("bands end at {end}, but the total can reach {max_total}"),
            end=expected - 1,
            max_total=max_total,
        )
    safety = []
    for k, s in enumerate(c.tables(d.get("safety"), within(where, tr("safety")))):
        ws = within(where, tr("safety rule {n}").format(n=k + 1))
        c.keys(s, SAFETY, ws)
        rule = SafetyRule(
            c.get(s, SAFETY, "id", ws, ""),
            c.get(s, SAFETY, "item", ws, ""),
            c.get(s, SAFETY, "min_value", ws, 1),
            c.get(s, SAFETY, "message", ws, ""),
            tuple(c.get(s, SAFETY, "levels", ws, [])),
        )
        if not all(isinstance(x, str) and x.strip() for x in rule.levels):
            c.err(ws, tr("key 'levels' must be a list of messages"))
        if rule.item and rule.item not in {i.id for i in items}:
            c.err(
                ws,
                tr("key 'item' names '{item}', which is not an item of this instrument"),
                item=rule.item,
            )
        safety.append(rule)
    subscales = _item_lists(c, d, "subscales", where, item_ids)
    provisional = []
    for k, p in enumerate(c.tables(d.get("provisional"), within(where, tr("provisional")))):
        wp = within(where, tr("provisional rule {n}").format(n=k + 1))
        c.keys(p, PROVISIONAL, wp)
        require = c.get(p, PROVISIONAL, "require", wp, {})
        known = {s.id for s in subscales}
        if not all(k in known and isinstance(v, int) for k, v in require.items()):
            c.err(wp, tr("key 'require' should map this instrument's sub-scale ids to counts"))
            require = {}
        provisional.append(
            Provisional(
                c.get(p, PROVISIONAL, "id", wp, ""),
                c.get(p, PROVISIONAL, "label", wp, ""),
                c.get(p, PROVISIONAL, "item_min", wp, 1),
                tuple(require.items()),
            )
        )
    # Response and remission are a fall and a total below a line: improvements only where
    # lower is better, so a scale where higher is better (WHO-5) cannot have them.
    higher = c.get(d, INSTRUMENT, "higher_is_better", where, False)
    falls = ("response_fall_percent", "response_fall_points", "remission_below")
    if higher and any(k in d for k in falls):
        c.err(where, tr(FALL_WITH_HIGHER))
    prorate = c.get(d, INSTRUMENT, "prorate_max_missing", where, 0)
    if not 0 <= prorate < max(1, len(item_ids)):
        c.err(where, tr("key 'prorate_max_missing' must be at least 0 and below the item count"))
    return Instrument(
        id=iid,
        name=c.get(d, INSTRUMENT, "name", where, ""),
        short_name=c.get(d, INSTRUMENT, "short_name", where, ""),
        recall_window=c.get(d, INSTRUMENT, "recall_window", where, ""),
        stem=c.get(d, INSTRUMENT, "stem", where, ""),
        options=options,
        items=tuple(items),
        bands=tuple(bands),
        source=c.get(d, INSTRUMENT, "source", where, ""),
        meaningful_change=c.get(d, INSTRUMENT, "meaningful_change", where),
        remission_below=c.get(d, INSTRUMENT, "remission_below", where),
        response_fall_percent=c.get(d, INSTRUMENT, "response_fall_percent", where),
        response_fall_points=c.get(d, INSTRUMENT, "response_fall_points", where),
        caseness_min=c.get(d, INSTRUMENT, "caseness_min", where),
        higher_is_better=higher,
        change_source=c.get(d, INSTRUMENT, "change_source", where, ""),
        prorate_max_missing=prorate,
        safety=tuple(safety),
        subscales=tuple(subscales),
        method=method,
        multiply=max(1, multiply),
        groups=tuple(groups),
        provisional=tuple(provisional),
    )


def _item_lists(
    c: Check, d: dict[str, Any], key: str, where: str, item_ids: set[str]
) -> list[Subscale]:
    """Sub-scales or groups: each an id, a name and some of the scored items."""
    out = []
    for k, s in enumerate(c.tables(d.get(key), within(where, key))):
        ws = within(where, tr("{key} {n}").format(key=key, n=k + 1))
        c.keys(s, SUBSCALE, ws)
        members = c.get(s, SUBSCALE, "items", ws, [])
        if not all(isinstance(m, str) for m in members):
            c.err(ws, tr("key 'items' should be a list of item ids"))
            members = []
        unknown = [m for m in members if m not in item_ids]
        if unknown:
            c.err(
                ws,
                tr("key 'items' names {items}, which are not scored items here"),
                items=", ".join(unknown),
            )
        out.append(
            Subscale(
                c.get(s, SUBSCALE, "id", ws, ""), c.get(s, SUBSCALE, "name", ws, ""), tuple(members)
            )
        )
    return out
