"""Settings: auto-lock, backups kept, crisis line, theme, text size, language, reminders and
the start at login."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from kapjournal import autostart
from kapjournal.crisis import table
from kapjournal.i18n import available_languages, language_name
from kapjournal.settings import Settings
from kapjournal.ui.region import RegionBox
from kapjournal.ui.widgets import named, tr


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "settingsDialog", tr("Settings"))
        self.setWindowTitle(tr("Settings"))
        self.settings = settings
        form = QFormLayout(self)
        titles = {f.name: tr(Settings.title(f.name)) for f in fields(Settings)}
        self.auto_lock = named(QSpinBox(), "autoLockMinutes", titles["auto_lock_minutes"])
        self.auto_lock.setRange(*Settings.limits("auto_lock_minutes"))
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.auto_lock.setSpecialValueText(tr("Never"))
        self.backups = named(QSpinBox(), "backupsKept", titles["backups_kept"])
        self.backups.setRange(*Settings.limits("backups_kept"))
        self.backups.setValue(settings.backups_kept)
        self.region = RegionBox("crisisRegion", titles["crisis_region"], settings.crisis_region)
        self.line = named(QLineEdit(settings.crisis_line), "crisisLine", titles["crisis_line"])
        self.emergency = named(
            QLineEdit(settings.emergency_number),
            "emergencyNumber",
            titles["emergency_number"],
        )
        self.region.currentIndexChanged.connect(self._show_built_in)
        self._show_built_in()
        self.theme = named(QComboBox(), "theme", titles["theme"])
        for key, label in Settings.choices("theme").items():
            self.theme.addItem(tr(label), key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.font_size = named(QSpinBox(), "editorFontSize", titles["editor_font_size"])
        self.font_size.setRange(*Settings.limits("editor_font_size"))
        self.font_size.setSpecialValueText(tr("System size"))
        self.font_size.setValue(settings.editor_font_size)
        self.language = named(
            QComboBox(),
            "language",
            titles["language"],
            tr("Takes effect the next time kapjournal starts"),
        )
        self.language.addItem(tr("The system's language"), "")
        for code in available_languages():
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.reminders = named(
            QCheckBox(tr("&Remind me when something is ready")),
            "reminders",
            titles["reminders"],
            tr("A notification that names nothing from your journal"),
        )
        self.reminders.setChecked(settings.reminders)
        self.check_in_time = named(
            QLineEdit(settings.check_in_time), "checkInTime", titles["check_in_time"]
        )
        self.quiet_from = named(QLineEdit(settings.quiet_from), "quietFrom", titles["quiet_from"])
        self.quiet_until = named(
            QLineEdit(settings.quiet_until), "quietUntil", titles["quiet_until"]
        )
        for field in (self.check_in_time, self.quiet_from, self.quiet_until):
            field.setPlaceholderText("HH:MM")
        self.at_login = named(
            QCheckBox(tr("&Start kapjournal when I log in, for reminders")),
            "startAtLogin",
            tr("Start kapjournal when I log in"),
            tr("It waits in the tray, locked, until you open it"),
        )
        self.at_login.setChecked(autostart.is_enabled())
        self.at_login.setVisible(autostart.supported())
        form.addRow(tr("&Lock after idle minutes:"), self.auto_lock)
        form.addRow(tr("&Backups to keep:"), self.backups)
        form.addRow(tr("Where you &are:"), self.region)
        form.addRow(tr("&Crisis line:"), self.line)
        form.addRow(tr("&Emergency number:"), self.emergency)
        form.addRow(tr("&Theme:"), self.theme)
        form.addRow(tr("Editor &font size:"), self.font_size)
        form.addRow(tr("Lan&guage (after a restart):"), self.language)
        form.addRow("", self.reminders)
        form.addRow(tr("Check-in reminder &at:"), self.check_in_time)
        form.addRow(tr("&Quiet from:"), self.quiet_from)
        form.addRow(tr("Quiet &until:"), self.quiet_until)
        form.addRow("", self.at_login)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        named(buttons.button(QDialogButtonBox.StandardButton.Save), "settingsSave", tr("Save"))
        named(
            buttons.button(QDialogButtonBox.StandardButton.Cancel), "settingsCancel", tr("Cancel")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _show_built_in(self) -> None:
        """The region's built-in numbers as the fields' placeholders: typed text replaces them."""
        known = table().get(self.region.code())
        self.line.setPlaceholderText(known.line if known else tr("Your local crisis line"))
        self.emergency.setPlaceholderText(
            known.emergency if known else tr("Your local emergency number")
        )

    def apply(self) -> Settings:
        s = self.settings
        s.auto_lock_minutes = self.auto_lock.value()
        s.backups_kept = self.backups.value()
        s.crisis_region = self.region.code()
        s.crisis_line = self.line.text().strip()  # empty: the built-in one
        s.emergency_number = self.emergency.text().strip()
        s.theme = self.theme.currentData()
        s.editor_font_size = self.font_size.value()
        s.language = self.language.currentData()
        s.reminders = self.reminders.isChecked()
        s.check_in_time = self.check_in_time.text().strip()
        s.quiet_from = self.quiet_from.text().strip()
        s.quiet_until = self.quiet_until.text().strip()
        if autostart.supported() and self.at_login.isChecked() != autostart.is_enabled():
            autostart.set_enabled(self.at_login.isChecked())  # OSError: said by the caller
        return s.validated()
