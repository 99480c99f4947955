"""Where kapjournal's files live: one data folder, overridable with KAPJOURNAL_HOME."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "kapjournal"


@dataclass(frozen=True)
class Paths:
    """The folders of one profile. Tests build one on a temporary folder."""

    home: Path

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Paths:
        env = os.environ if environ is None else environ
        override = env.get("KAPJOURNAL_HOME")
        if override:
            return cls(Path(override).expanduser().resolve())
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def default_vault(self) -> Path:
        return self.home / "journal.kapvault"

    @property
    def default_practice(self) -> Path:
        return self.home / "practice.kappractice"  # a therapist's: see services/practice.py

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def settings_file(self) -> Path:
        return self.home / "settings.json"

    @property
    def reminders_file(self) -> Path:
        return self.home / "reminders.json"  # times only: see prompts/reminders.py

    @property
    def speech_models(self) -> Path:
        return self.home / "speech-models"  # put there by the person; never downloaded

    def ensure(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.make_private()

    def make_private(self) -> None:
        """The data folder is its owner's alone (0700), made so at every start, not only when
        created: a copy, an unzip or a chmod may have opened it since. Where chmod means
        little (Windows) or is refused, the folder stays as it is."""
        with contextlib.suppress(OSError):
            if self.home.is_dir() and self.home.stat().st_mode & 0o077:
                self.home.chmod(0o700)
