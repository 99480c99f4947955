"""Each setting is declared once: the file's loader clamps to the declared limits, the dialog
offers the same limits and choices, and a changed setting has its live effect."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from kapjournal.settings import Settings


def test_a_hand_edited_file_is_clamped_to_the_declared_limits(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "auto_lock_minutes": 99999, "backups_kept": 0, "editor_font_size": -3,
        "theme": "purple", "check_in_time": "25:99", "crisis_region": " es ",
    }))  # fmt: skip
    s = Settings.load(path)
    assert s.auto_lock_minutes == Settings.limits("auto_lock_minutes")[1] == 24 * 60
    assert s.backups_kept == Settings.limits("backups_kept")[0] == 1
    assert s.editor_font_size == 0 and s.theme == "system" and s.check_in_time == "20:00"
    assert s.crisis_region == "ES"


def test_every_shown_setting_has_a_title_and_changes_are_named() -> None:
    shown = [f.name for f in fields(Settings) if f.name not in ("recent_vaults",
                                                                  "schema_version")]  # fmt: skip
    assert all(Settings.title(name) for name in shown)
    assert set(Settings.choices("theme")) == {"system", "light", "dark"}
    before = Settings()
    after = Settings(theme="dark", backups_kept=3)
    assert after.changes(before) == {"theme", "backups_kept"}


def test_the_dialog_reads_the_declared_limits(qtbot: object) -> None:
    from kapjournal.ui.dialogs.settings import SettingsDialog

    d = SettingsDialog(Settings())
    assert (d.auto_lock.minimum(), d.auto_lock.maximum()) == Settings.limits("auto_lock_minutes")
    assert (d.backups.minimum(), d.backups.maximum()) == Settings.limits("backups_kept")
    assert (d.font_size.minimum(), d.font_size.maximum()) == Settings.limits("editor_font_size")
    assert [d.theme.itemData(i) for i in range(d.theme.count())] == list(Settings.choices("theme"))
    d.deleteLater()
