"""Start at login, if the patient turns it on in Settings: an XDG autostart entry
(~/.config/autostart/kapjournal.desktop) that starts the app quietly, so reminders can arrive
without the journal being opened. Off by default; turning it off removes the file. Linux
desktops only (Windows and macOS have their own mechanisms, not built yet)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import platformdirs

from kapjournal.atomic import write_text_atomic

FILE_NAME = "kapjournal.desktop"


def supported() -> bool:
    return sys.platform.startswith("linux")


def autostart_file(config_home: Path | None = None) -> Path:
    folder = config_home or Path(platformdirs.user_config_dir())
    return folder / "autostart" / FILE_NAME


def launch_command() -> list[str]:
    """How to start this very app: the installed command, the frozen build itself, or this
    Python on the package."""
    if getattr(sys, "frozen", False):  # a PyInstaller build: its own binary
        return [sys.executable]
    installed = shutil.which("kapjournal")
    if installed:
        return [installed]
    return [sys.executable, "-m", "kapjournal"]


def entry_text(command: list[str]) -> str:
    exec_line = " ".join(shlex.quote(part) for part in [*command, "--background"])
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=kapjournal\n"
        "Comment=Reminders for your kapjournal (no journal content)\n"
        f"Exec={exec_line}\n"
        "Icon=kapjournal\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        "NoDisplay=true\n"
    )


def is_enabled(config_home: Path | None = None) -> bool:
    return autostart_file(config_home).is_file()


def set_enabled(
    on: bool, config_home: Path | None = None, command: list[str] | None = None
) -> None:
    """Write or remove the autostart entry (atomically; removing one that is gone is fine)."""
    path = autostart_file(config_home)
    if not on:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, entry_text(command or launch_command()))
    os.chmod(path, 0o644)
