"""The pieces every pack check shares: the error type, the problem collector, key specs."""

from __future__ import annotations

import re
from typing import Any

from kapjournal.i18n import N_, tr, trn

MAX_BYTES = 1024 * 1024
MAX_SCHEDULE_HOURS = 24 * 366
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
NUM = (int, float)
# An HTML tag, comment or declaration: "<img src=...>", "</b>", "<!--". Not a Markdown
# autolink ("<https://...>") and not "a <3" or "x < y".
MARKUP = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>|!)")


class PackError(Exception):
    """A pack that cannot be used; `errors` holds one sentence per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            errors[0]
            if len(errors) == 1
            else trn("{n} problem:", "{n} problems:", len(errors)).format(n=len(errors))
            + "\n"
            + "\n".join(errors)
        )
        self.errors = errors

    def one_line(self) -> str:
        """The first problem and how many more, for a front door that promises one line (the
        whole list is what `kapjournal prompts validate` is for)."""
        first = " ".join(self.errors[0].split()) if self.errors else str(self)
        more = len(self.errors) - 1
        if more <= 0:
            return first
        return trn(
            "{first} (and {n} more problem: `kapjournal prompts validate` lists them all)",
            "{first} (and {n} more problems: `kapjournal prompts validate` lists them all)",
            more,
        ).format(first=first, n=more)


class Check:
    """Collects problems instead of stopping at the first, so a therapist sees them all."""

    def __init__(self, source: str, *, strict: bool = False) -> None:
        self.source = source
        self.strict = strict  # a pack arriving (validate, import): refuse markup too
        self.errors: list[str] = []

    def err(self, where: str, message: str, **values: object) -> None:
        """Record a problem; `message` is already translated, `values` fill its {names}."""
        text = message.format(**values) if values else message
        self.errors.append(
            f"{self.source}: {where}: {text}." if where else f"{self.source}: {text}."
        )

    def table(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.err(where, tr("should be a table"))
            return {}
        return value

    def tables(self, value: Any, where: str) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.err(where, tr("should be a list of tables ([[...]])"))
            return []
        return value

    def keys(self, d: dict[str, Any], allowed: dict[str, Any], where: str) -> None:
        for key in d:
            if key not in allowed:
                self.err(
                    where,
                    tr("unknown key '{key}' (allowed: {allowed})"),
                    key=key,
                    allowed=", ".join(sorted(allowed)),
                )
        for key, (_kind, required) in allowed.items():
            if required and key not in d:
                self.err(where, tr("key '{key}' is missing"), key=key)

    def get(
        self, d: dict[str, Any], spec: dict[str, Any], key: str, where: str, default: Any = None
    ) -> Any:
        if key not in d:
            return default
        kind, _ = spec[key]
        value = d[key]
        ok = isinstance(value, kind) and not (isinstance(value, bool) and kind in (NUM, int))
        if not ok:
            self.err(where, tr("key '{key}' should be {kind}"), key=key, kind=kind_name(kind))
            return default
        if self.strict:
            self.markup(value, key, where)
        return value

    def markup(self, value: Any, key: str, where: str) -> None:
        """Pack text is shown as plain text (Markdown where a key says so, through the one
        sanitizer): HTML in it would show as tags, or be dropped, so a new pack may hold none.
        Packs already in a journal still load; the app shows their markup as text."""
        for text in value if isinstance(value, list) else [value]:
            found = MARKUP.search(text) if isinstance(text, str) else None
            if found:
                self.err(
                    where,
                    tr(
                        "key '{key}' holds HTML ({tag}), which kapjournal shows as plain text; "
                        "remove it (Markdown is fine where a key takes Markdown)"
                    ),
                    key=key,
                    tag=found.group(0)[:40],
                )
                return

    def ident(self, d: dict[str, Any], key: str, where: str) -> str:
        value = d.get(key, "")
        if isinstance(value, str) and not ID.match(value):
            self.err(
                where,
                tr("key '{key}' = {value} should be letters, digits, '.', '_' or '-' (at most 64)"),
                key=key,
                value=repr(value),
            )
        return value if isinstance(value, str) else ""


def within(where: str, part: str) -> str:
    """A place inside another, for messages: "template 'recall', window 2"."""
    return tr("{where}, {part}").format(where=where, part=part)


def name_of(d: dict[str, Any], index: int) -> str:
    """A table's id for messages, or its position when the id is missing or not text."""
    value = d.get("id")
    return value if isinstance(value, str) else f"#{index + 1}"


def kind_name(kind: Any) -> str:
    names = {
        str: N_("text"),
        bool: N_("true or false"),
        int: N_("a whole number"),
        NUM: N_("a number"),
        list: N_("a list"),
        dict: N_("a table"),
    }
    return tr(names.get(kind, N_("another type")))


def unique(c: Check, ids: list[str], message: str, where: str = "") -> None:
    """Report each id used twice; `message` names it as {id}."""
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            c.err(where, message, id=i)
        seen.add(i)


PACK = {
    "id": (str, True),
    "name": (str, True),
    "version": (str, True),
    "author": (str, False),
    "language": (str, False),
    "description": (str, False),
    "switch_off": (list, False),
    "switch_off_questionnaires": (list, False),
}
TOP = {
    "pack": (dict, True),
    "templates": (list, False),
    "instruments": (list, False),
    "questionnaires": (list, False),
}
TEMPLATE = {
    "id": (str, True),
    "phase": (str, True),
    "title": (str, True),
    "intro": (str, False),
    "replaces": (str, False),
    "schedule": (dict, False),
    "items": (list, False),
}
SCHEDULE = {"anchor": (str, False), "windows": (list, False), "every_days": (int, False)}
WINDOW = {"from_hours": (NUM, True), "until_hours": (NUM, True), "label": (str, False)}
ITEM = {
    "id": (str, True),
    "type": (str, True),
    "prompt": (str, True),
    "help": (str, False),
    "optional": (bool, False),
    "min": (NUM, False),
    "max": (NUM, False),
    "step": (NUM, False),
    "min_label": (str, False),
    "max_label": (str, False),
    "choices": (list, False),
    "severity": (bool, False),
    "instrument": (str, False),
    "for_therapist": (bool, False),
    "safety": (list, False),
}
ITEM_RULE = {
    "id": (str, True),
    "message": (str, True),
    "min_value": (NUM, False),
    "level": (str, False),
    "choice": (str, False),
    "also": (str, False),  # a second checklist line that must be ticked too
}
INSTRUMENT = {
    "id": (str, True),
    "name": (str, True),
    "short_name": (str, True),
    "recall_window": (str, True),
    "stem": (str, True),
    "source": (str, False),
    "options": (list, True),
    "items": (list, True),
    "bands": (list, False),  # optional: an instrument without published bands has none
    "meaningful_change": (int, False),
    "remission_below": (int, False),
    "response_fall_percent": (int, False),
    "response_fall_points": (int, False),
    "caseness_min": (int, False),
    "higher_is_better": (bool, False),  # a rise is an improvement (WHO-5)
    "change_source": (str, False),
    "prorate_max_missing": (int, False),
    "safety": (list, False),
    "subscales": (list, False),
    "method": (str, False),
    "multiply": (int, False),
    "groups": (list, False),
    "provisional": (list, False),
}
PROVISIONAL = {
    "id": (str, True),
    "label": (str, True),
    "item_min": (int, True),
    "require": (dict, True),
}
OPTION = {"value": (int, True), "label": (str, True)}
INSTRUMENT_ITEM = {
    "id": (str, True),
    "text": (str, True),
    "scored": (bool, False),
    "options": (list, False),
    "reverse": (bool, False),
}
BAND = {
    "id": (str, True),
    "min": (int, True),
    "max": (int, True),
    "label": (str, True),
    "meaning": (str, True),
}
SAFETY = {
    "id": (str, True),
    "item": (str, True),
    "min_value": (int, True),
    "message": (str, True),
    "levels": (list, False),  # a message per answer from min_value up
}
SUBSCALE = {"id": (str, True), "name": (str, True), "items": (list, True)}
QSCHED = {
    "instrument": (str, True),
    "induction_every_days": (int, False),
    "maintenance_every_days": (int, False),
    "around": (list, False),
    "before_hours": (int, False),
    "after_days": (int, False),
}
