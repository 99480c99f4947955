"""The start at login: an XDG autostart entry the patient turns on and off in Settings."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from kapjournal import autostart
from kapjournal.cli.main import build_parser


def test_on_writes_an_entry_that_starts_quietly_and_off_removes_it(tmp_path: Path) -> None:
    assert not autostart.is_enabled(tmp_path)
    autostart.set_enabled(True, tmp_path, ["/opt/kapjournal/kapjournal"])
    path = tmp_path / "autostart" / "kapjournal.desktop"
    assert autostart.is_enabled(tmp_path) and path.is_file()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(path)
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    command = shlex.split(desktop["Exec"])
    assert command == ["/opt/kapjournal/kapjournal", "--background"]
    assert build_parser().parse_args(command[1:]).background, "the app understands it"
    autostart.set_enabled(False, tmp_path)
    assert not path.exists() and not autostart.is_enabled(tmp_path)
    autostart.set_enabled(False, tmp_path)  # already off: nothing to do, no error


def test_a_source_checkout_starts_this_python_on_the_package(tmp_path: Path) -> None:
    command = autostart.launch_command()  # the installed command when on the PATH
    assert Path(command[-1]).name == "kapjournal" or command[-2:] == ["-m", "kapjournal"]
    autostart.set_enabled(True, tmp_path, [*command[:1], "-m", "kapjournal"])
    text = (tmp_path / "autostart" / "kapjournal.desktop").read_text()
    assert "-m kapjournal --background" in text
