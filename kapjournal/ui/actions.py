"""Every menu action, declared once by id with its text and shortcut; the window wires them."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from kapjournal.i18n import N_
from kapjournal.ui.widgets import tr


class ActionId(StrEnum):
    NEW_FREE = "actionNewFree"
    PLAN_SESSION = "actionPlanSession"
    SAVE = "actionSave"
    DELETE_ENTRY = "actionDeleteEntry"
    BACKUP = "actionBackup"
    RESTORE = "actionRestore"
    PASSPHRASE = "actionPassphrase"
    PACKS = "actionPacks"
    EXPORT_REPORT = "actionExportReport"
    EXPORT_ARCHIVE = "actionExportArchive"
    OPEN_PRACTICE = "actionOpenPractice"
    SETTINGS = "actionSettings"
    LOCK = "actionLock"
    QUIT = "actionQuit"
    SHOW_TODAY = "actionShowToday"
    SHOW_SESSIONS = "actionShowSessions"
    SHOW_JOURNAL = "actionShowJournal"
    SHOW_TRENDS = "actionShowTrends"
    FIND = "actionFind"
    SAFETY_PLAN = "actionSafetyPlan"
    GOALS = "actionGoals"
    CRISIS = "actionCrisis"
    GUIDE = "actionGuide"
    PRIVACY = "actionPrivacy"
    ABOUT = "actionAbout"


SPEC: dict[ActionId, tuple[str, str | QKeySequence.StandardKey | None]] = {
    ActionId.NEW_FREE: (N_("&Free entry"), QKeySequence.StandardKey.New),
    ActionId.PLAN_SESSION: (N_("&Plan a session…"), "Ctrl+Shift+N"),
    ActionId.SAVE: (N_("&Save now"), QKeySequence.StandardKey.Save),
    ActionId.DELETE_ENTRY: (N_("&Delete this entry…"), "Ctrl+Shift+Del"),
    ActionId.BACKUP: (N_("&Back up now"), None),
    ActionId.RESTORE: (N_("&Restore from a backup…"), None),
    ActionId.PASSPHRASE: (N_("C&hange passphrase…"), None),
    ActionId.PACKS: (N_("Prompt &packs…"), None),
    ActionId.EXPORT_REPORT: (N_("&Report for the therapist…"), "Ctrl+E"),
    ActionId.EXPORT_ARCHIVE: (N_("Complete &archive…"), None),
    ActionId.OPEN_PRACTICE: (N_("Open pra&ctice…"), None),
    ActionId.SETTINGS: (N_("Se&ttings…"), QKeySequence.StandardKey.Preferences),
    ActionId.LOCK: (N_("&Lock"), "Ctrl+L"),
    ActionId.QUIT: (N_("&Quit"), QKeySequence.StandardKey.Quit),
    ActionId.SHOW_TODAY: (N_("&Today"), "Ctrl+1"),
    ActionId.SHOW_SESSIONS: (N_("&Sessions"), "Ctrl+2"),
    ActionId.SHOW_JOURNAL: (N_("&Entries"), "Ctrl+3"),
    ActionId.SHOW_TRENDS: (N_("T&rends"), "Ctrl+4"),
    ActionId.FIND: (N_("&Find in the journal"), QKeySequence.StandardKey.Find),
    ActionId.SAFETY_PLAN: (N_("My safety &plan"), None),
    ActionId.GOALS: (N_("My &goals…"), None),
    ActionId.CRISIS: (N_("&Crisis resources"), "F1"),
    ActionId.GUIDE: (N_("&User guide"), None),
    ActionId.PRIVACY: (N_("&Privacy"), None),
    ActionId.ABOUT: (N_("&About kapjournal"), None),
}

# Marked here, translated when the menus are built (so a language chosen at start-up applies).
MENUS: list[tuple[str, list[ActionId | None]]] = [
    (
        tr("&Journal"),
        [
            ActionId.NEW_FREE,
            ActionId.PLAN_SESSION,
            ActionId.GOALS,
            ActionId.SAVE,
            ActionId.DELETE_ENTRY,
            None,
            ActionId.EXPORT_REPORT,
            ActionId.EXPORT_ARCHIVE,
            ActionId.OPEN_PRACTICE,
            None,
            ActionId.BACKUP,
            ActionId.RESTORE,
            ActionId.PASSPHRASE,
            ActionId.PACKS,
            ActionId.SETTINGS,
            None,
            ActionId.LOCK,
            ActionId.QUIT,
        ],
    ),
    (
        tr("&View"),
        [
            ActionId.SHOW_TODAY,
            ActionId.SHOW_SESSIONS,
            ActionId.SHOW_JOURNAL,
            ActionId.SHOW_TRENDS,
            ActionId.FIND,
        ],
    ),
    (
        tr("&Help"),
        [
            ActionId.CRISIS,
            ActionId.SAFETY_PLAN,
            None,
            ActionId.GUIDE,
            ActionId.PRIVACY,
            ActionId.ABOUT,
        ],
    ),
]


def build_actions(owner: QWidget) -> dict[ActionId, QAction]:
    actions = {}
    for action_id, (text, shortcut) in SPEC.items():
        action = QAction(tr(text), owner)
        action.setObjectName(action_id.value)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        actions[action_id] = action
    return actions
