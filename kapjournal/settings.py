"""The one typed settings schema: defaults, validation, load and atomic save.

Settings hold no journal content (they are readable before unlock), so they live in a small
JSON file beside the vaults rather than inside one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any, ClassVar

from kapjournal.atomic import write_text_atomic
from kapjournal.i18n import N_

SCHEMA_VERSION = 1
OLD_US_DEFAULTS = ("Call or text 988 (Suicide & Crisis Lifeline)",)


@dataclass
class Settings:
    auto_lock_minutes: int = 5
    backups_kept: int = 10
    crisis_region: str = ""  # ISO country code; asked at first run (kapjournal/crisis.py)
    crisis_line: str = ""  # "" = the built-in table's line for the region
    emergency_number: str = ""  # "" = the table's emergency number
    theme: str = "system"
    editor_font_size: int = 0
    language: str = ""  # "" = the system's; else a code such as "es"
    reminders: bool = True  # desktop notifications while the app runs (no content in them)
    check_in_time: str = "20:00"  # "" = no daily check-in reminder
    quiet_from: str = "22:00"
    quiet_until: str = "08:00"
    recent_vaults: list[str] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    # Marked here, translated where shown.
    TITLES: ClassVar[dict[str, str]] = {
        "auto_lock_minutes": N_("Lock after this many idle minutes (0 = never)"),
        "backups_kept": N_("Automatic backups to keep"),
        "crisis_region": N_("Where you are (for crisis numbers)"),
        "crisis_line": N_("Your own crisis line (empty: the built-in one)"),
        "emergency_number": N_("Your own emergency number (empty: the built-in one)"),
        "theme": N_("Theme"),
        "editor_font_size": N_("Editor font size (0 = system)"),
        "language": N_("Language"),
        "reminders": N_("Remind me when something is ready (a notification with no content)"),
        "check_in_time": N_("Daily check-in reminder at (HH:MM, empty for none)"),
        "quiet_from": N_("Quiet hours from (HH:MM)"),
        "quiet_until": N_("Quiet hours until (HH:MM)"),
    }

    def validated(self) -> Settings:
        """Clamp values into their allowed ranges, so a hand-edited file cannot break the app."""
        self.auto_lock_minutes = max(0, min(int(self.auto_lock_minutes), 24 * 60))
        self.backups_kept = max(1, min(int(self.backups_kept), 365))
        if self.theme not in ("system", "light", "dark"):
            self.theme = "system"
        self.editor_font_size = max(0, min(int(self.editor_font_size), 48))
        self.language = str(self.language)[:16]
        self.reminders = bool(self.reminders)
        self.crisis_region = str(self.crisis_region).strip().upper()[:2]
        if self.crisis_line in OLD_US_DEFAULTS and self.emergency_number == "911":
            # Written by a version that showed US numbers to everyone: not the patient's own.
            self.crisis_line, self.emergency_number = "", ""
        for name in ("check_in_time", "quiet_from", "quiet_until"):
            if clock_time(getattr(self, name)) is None and getattr(self, name) != "":
                setattr(self, name, getattr(Settings, name))
        self.recent_vaults = [str(v) for v in self.recent_vaults][:10]
        return self

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


def clock_time(text: str) -> time | None:
    """ "20:00" as a time; None when empty or not a time."""
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
        return time(hours, minutes)
    except ValueError:
        return None
