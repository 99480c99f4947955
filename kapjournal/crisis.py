"""Crisis numbers for where the patient is: a built-in, offline table of national crisis lines
and emergency numbers (each with the page it was checked against and when), and what the
patient typed over them in Settings. No guess for a country the table does not know."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from kapjournal.domain import Entry
from kapjournal.i18n import format_date, region_name, tr
from kapjournal.settings import Settings

TABLE = Path(__file__).parent / "resources" / "crisis-lines.toml"
# The safety plan's items (core pack, "safety-plan") that hold the patient's own people:
# those they can ask for help, then professionals and the lines they chose.
CONTACT_ITEMS = ("ask-for-help", "professionals")


@dataclass(frozen=True)
class CrisisLine:
    code: str  # ISO 3166 country code
    line: str
    emergency: str
    site: str
    source: str
    checked: str


@dataclass(frozen=True)
class CrisisNumbers:
    """What the crisis dialog shows: the line, the emergency number, and where they came
    from, in words."""

    line: str
    emergency: str
    region: str  # the country's name, or "" when none was chosen
    known: CrisisLine | None  # the table's entry, when the region has one

    @property
    def complete(self) -> bool:
        return bool(self.line and self.emergency)


@cache
def table() -> dict[str, CrisisLine]:
    with TABLE.open("rb") as fh:
        raw = tomllib.load(fh)
    return {e["code"]: CrisisLine(**e) for e in raw["line"]}


def numbers(settings: Settings) -> CrisisNumbers:
    """The table's numbers for the chosen region, with anything the patient typed over them."""
    code = settings.crisis_region.upper()
    known = table().get(code)
    return CrisisNumbers(
        line=settings.crisis_line or (known.line if known else ""),
        emergency=settings.emergency_number or (known.emergency if known else ""),
        region=region_name(code) if code else "",
        known=known,
    )


def where_from(n: CrisisNumbers) -> str:
    """One sentence: whose numbers these are and how to change them."""
    if not n.region:
        return tr("Choose where you are in Settings to see your country's numbers.")
    if n.known is None:
        return tr(
            "kapjournal has no built-in numbers for {region}; add your local crisis line and "
            "emergency number in Settings."
        ).format(region=n.region)
    checked = format_date(date.fromisoformat(n.known.checked), "long")
    return tr("Numbers for {region} (checked {date}). Change them in Settings.").format(
        region=n.region, date=checked
    )


def plan_contacts(plan: Entry | None) -> list[tuple[str, list[str]]]:
    """The patient's own people from their safety plan, as they wrote them: each contact
    item's prompt with its non-empty lines, in the plan's order."""
    if plan is None:
        return []
    found = []
    for answer in plan.answers:
        lines = [line.strip() for line in answer.text.splitlines() if line.strip()]
        if answer.item_id in CONTACT_ITEMS and lines:
            found.append((answer.prompt, lines))
    return found
