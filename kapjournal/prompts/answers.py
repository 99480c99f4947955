"""Entries written from templates: blank answers, and what makes an answer valid."""

from __future__ import annotations

from kapjournal.domain import Answer, Entry
from kapjournal.i18n import N_
from kapjournal.prompts.model import Item, ItemType, Template

# Marked for translation: every place that shows one passes it through tr().
SEVERITY_LABELS = (N_("barely"), N_("mild"), N_("moderate"), N_("strong"))


def new_entry(template: Template, session_uid: str | None = None) -> Entry:
    """An entry that remembers the template, its version and each prompt exactly as shown."""
    return Entry(
        phase=template.phase,
        title=template.title,
        template_id=template.key,
        template_version=template.pack_version,
        session_uid=session_uid,
        answers=[new_answer(i) for i in template.items],
    )


def new_answer(item: Item) -> Answer:
    return Answer(item_id=item.id, prompt=item.prompt, kind=item.type.value)


def is_blank(answer: Answer) -> bool:
    return not (answer.text.strip() or answer.number is not None or answer.choices)


def problems(item: Item, answer: Answer) -> list[str]:
    """Why an answer does not fit its item; [] when it does. Blank answers always fit."""
    out: list[str] = []
    if answer.item_id != item.id:
        out.append(f"answer for '{answer.item_id}' given to item '{item.id}'")
    if item.type is ItemType.SCALE and answer.number is not None:
        if not item.min <= answer.number <= item.max:
            out.append(f"{answer.number:g} is outside {item.min:g}-{item.max:g}")
        elif (
            abs(((answer.number - item.min) / item.step) % 1) > 1e-9
            and abs(((answer.number - item.min) / item.step) % 1 - 1) > 1e-9
        ):
            out.append(f"{answer.number:g} is not a step of {item.step:g}")
    if item.type in (ItemType.SINGLE, ItemType.MULTIPLE, ItemType.CHECKLIST):
        unknown = [c for c in answer.choices if c not in item.choices]
        if unknown:
            out.append(f"{unknown!r} are not choices of '{item.id}'")
        if item.type is ItemType.SINGLE and len(answer.choices) > 1:
            out.append("only one choice may be picked")
    if answer.severities:
        if not item.severity:
            out.append(f"'{item.id}' has no severities")
        bad = {
            k: v for k, v in answer.severities.items() if k not in answer.choices or not 0 <= v <= 3
        }
        if bad:
            out.append(f"severities {bad!r} are not 0-3 on ticked lines")
    return out
