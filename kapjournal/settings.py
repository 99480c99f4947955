"""The one typed settings schema: defaults, validation, load and atomic save.

Settings hold no journal content (they are readable before unlock), so they live in a small
JSON file beside the vaults rather than inside one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any

from kapjournal.atomic import write_text_atomic
from kapjournal.i18n import N_

SCHEMA_VERSION = 1
OLD_US_DEFAULTS = ("Call or text 988 (Suicide & Crisis Lifeline)",)


def setting(
    default: Any,
    title: str = "",
    *,
    low: int | None = None,
    high: int | None = None,
    choices: dict[str, str] | None = None,
) -> Any:
    """A setting declared once: its default, its title (marked, translated where shown), the
    whole-number range it is clamped to, or its allowed values with their labels. The file's
    loader, the settings dialog and the app's live effects all read this."""
    meta = {"title": title, "low": low, "high": high, "choices": choices}
    return field(default=default, metadata=meta)


THEMES = {"system": N_("Follow the system"), "light": N_("Light"), "dark": N_("Dark")}


@dataclass
class Settings:
    auto_lock_minutes: int = setting(
        5, N_("Lock after this many idle minutes (0 = never)"), low=0, high=24 * 60
    )
    backups_kept: int = setting(10, N_("Automatic backups to keep"), low=1, high=365)
    # ISO country code; asked at first run (kapjournal/crisis.py)
    crisis_region: str = setting("", N_("Where you are (for crisis numbers)"))
    crisis_line: str = setting("", N_("Your own crisis line (empty: the built-in one)"))
    emergency_number: str = setting("", N_("Your own emergency number (empty: the built-in one)"))
    theme: str = setting("system", N_("Theme"), choices=THEMES)
    editor_font_size: int = setting(0, N_("Editor font size (0 = system)"), low=0, high=48)
    language: str = setting("", N_("Language"))  # "" = the system's; else a code such as "es"
    # Desktop notifications while the app runs (no content in them).
    reminders: bool = setting(
        True, N_("Remind me when something is ready (a notification with no content)")
    )
    check_in_time: str = setting("20:00", N_("Daily check-in reminder at (HH:MM, empty for none)"))
    quiet_from: str = setting("22:00", N_("Quiet hours from (HH:MM)"))
    quiet_until: str = setting("08:00", N_("Quiet hours until (HH:MM)"))
    recent_vaults: list[str] = field(default_factory=list)  # not shown: kept by the app
    schema_version: int = SCHEMA_VERSION

    @classmethod
    def title(cls, name: str) -> str:
        """A setting's title as marked (translate it where it is shown)."""
        return str(_meta(name).get("title") or "")

    @classmethod
    def limits(cls, name: str) -> tuple[int, int]:
        meta = _meta(name)
        return int(meta["low"]), int(meta["high"])

    @classmethod
    def choices(cls, name: str) -> dict[str, str]:
        return dict(_meta(name).get("choices") or {})

    def validated(self) -> Settings:
        """Clamp values into their declared ranges and choices, so a hand-edited file cannot
        break the app."""
        for f in fields(self):
            low, high, allowed = (f.metadata.get(k) for k in ("low", "high", "choices"))
            value = getattr(self, f.name)
            if low is not None and high is not None:
                setattr(self, f.name, max(low, min(int(value), high)))
            elif allowed is not None and value not in allowed:
                setattr(self, f.name, f.default)
        self.language = str(self.language)[:16]
        self.reminders = bool(self.reminders)
        self.crisis_region = str(self.crisis_region).strip().upper()[:2]
        if self.crisis_line in OLD_US_DEFAULTS and self.emergency_number == "911":
            # Written by a version that showed US numbers to everyone: not the patient's own.
            self.crisis_line, self.emergency_number = "", ""
        for name in ("check_in_time", "quiet_from", "quiet_until"):
            if clock_time(getattr(self, name)) is None and getattr(self, name) != "":
                setattr(self, name, _meta_default(name))
        self.recent_vaults = [str(v) for v in self.recent_vaults][:10]
        return self

    def changes(self, before: Settings) -> set[str]:
        """The names of the settings that differ from `before` (for live effects)."""
        return {f.name for f in fields(self) if getattr(self, f.name) != getattr(before, f.name)}

    def remember_vault(self, path: Path) -> None:
        p = str(path)
        self.recent_vaults = [p] + [v for v in self.recent_vaults if v != p]
        self.recent_vaults = self.recent_vaults[:10]

    def vaults_on_disk(self, preferred: Path | None, default: Path) -> list[Path]:
        """The journals to offer at unlock, most likely first: one named on the command line,
        the recent ones, the default; only those that exist, each once."""
        paths = [Path(p) for p in self.recent_vaults]
        if preferred is not None:
            paths.insert(0, preferred)
        if default not in paths:
            paths.append(default)
        seen: list[Path] = []
        for p in paths:
            if p.exists() and p not in seen:
                seen.append(p)
        return seen

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read settings; a missing or unreadable file gives the defaults."""
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in raw.items() if k in known}
        try:
            return cls(**kwargs).validated()
        except (TypeError, ValueError):
            return cls()

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves the old or the new file, never half of one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(asdict(self), indent=2, sort_keys=True)
        write_text_atomic(path, data)


def _meta(name: str) -> Any:
    return next(f.metadata for f in fields(Settings) if f.name == name)


def _meta_default(name: str) -> Any:
    return next(f.default for f in fields(Settings) if f.name == name)


def clock_time(text: str) -> time | None:
    """ "20:00" as a time; None when empty or not a time."""
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
        return time(hours, minutes)
    except ValueError:
        return None
