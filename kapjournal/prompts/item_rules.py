"""Safety rules on a page's items (not only on questionnaires): a scale answered high, a side
effect rated severe, a choice that means "not safe". Parsed from a pack, and checked against
an entry's answers."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from kapjournal.domain import Answer, Entry
from kapjournal.i18n import tr
from kapjournal.prompts.checks import ITEM_RULE, Check, within
from kapjournal.prompts.model import Item, ItemRule, ItemType, Template


class Level(StrEnum):
    """What a page's rule asks of the app when its answer meets it."""

    CRISIS = "crisis"  # crisis help at once, kept in the flag history
    SUPPORT = "support"  # a quiet note on the page
    MEDICAL = "medical"  # a note with the emergency number of the patient's country


LEVELS = tuple(level.value for level in Level)


def item_rules(
    c: Check, d: dict[str, Any], where: str, kind: ItemType, choices: tuple[str, ...]
) -> tuple[ItemRule, ...]:
    out = []
    for k, r in enumerate(c.tables(d.get("safety"), within(where, tr("safety")))):
        wr = within(where, tr("safety rule {n}").format(n=k + 1))
        c.keys(r, ITEM_RULE, wr)
        rule = ItemRule(
            c.get(r, ITEM_RULE, "id", wr, ""),
            c.get(r, ITEM_RULE, "message", wr, ""),
            c.get(r, ITEM_RULE, "min_value", wr, 0),
            c.get(r, ITEM_RULE, "level", wr, "crisis"),
            c.get(r, ITEM_RULE, "choice", wr, ""),
            c.get(r, ITEM_RULE, "also", wr, ""),
        )
        if kind in (ItemType.TEXT, ItemType.QUESTIONNAIRE):
            c.err(wr, tr("safety rules apply to scale, choice and checklist items"))
        if rule.level not in LEVELS:
            c.err(wr, tr("key 'level' must be 'crisis', 'support' or 'medical'"))
        for key in ("choice", "also"):
            named = getattr(rule, key)
            if named and named not in choices:
                c.err(wr, tr("key '{key}' names '{choice}', which is not one of the item's "
                             "choices"), key=key, choice=named)  # fmt: skip
        out.append(rule)
    return tuple(out)


def fired(item: Item, answer: Answer) -> list[ItemRule]:
    """The item's rules this answer meets (private answers too: privacy is about export)."""
    out = []
    for rule in item.safety:
        if item.type is ItemType.SCALE:
            hit = answer.number is not None and answer.number >= rule.min_value
        elif item.type is ItemType.CHECKLIST and item.severity:
            levels = {c: answer.severities.get(c, 0) for c in answer.choices}
            if rule.choice:
                levels = {rule.choice: levels.get(rule.choice, -1)}
            hit = any(v >= rule.min_value for v in levels.values())
            hit = hit and (not rule.also or rule.also in answer.choices)
        else:
            hit = rule.choice in answer.choices if rule.choice else bool(answer.choices)
        if hit:
            out.append(rule)
    return out


def entry_fired(template: Template | None, entry: Entry) -> list[ItemRule]:
    if template is None:
        return []
    answers = {a.item_id: a for a in entry.answers}
    return [r for i in template.items if i.id in answers for r in fired(i, answers[i.id])]
