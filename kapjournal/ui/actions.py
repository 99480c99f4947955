"""Every menu action, declared once by id with its text and shortcut; the window wires them."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

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
    SETTINGS = "actionSettings"
    LOCK = "actionLock"
    QUIT = "actionQuit"
    SHOW_TODAY = "actionShowToday"
    SHOW_SESSIONS = "actionShowSessions"
    SHOW_JOURNAL = "actionShowJournal"
    FIND = "actionFind"
    SAFETY_PLAN = "actionSafetyPlan"
    CRISIS = "actionCrisis"
    GUIDE = "actionGuide"
    PRIVACY = "actionPrivacy"
    ABOUT = "actionAbout"


SPEC: dict[ActionId, tuple[str, str | QKeySequence.StandardKey | None]] = {
    ActionId.NEW_FREE: (tr("&Free entry"), QKeySequence.StandardKey.New),
    ActionId.PLAN_SESSION: (tr("&Plan a session…"), "Ctrl+Shift+N"),
    ActionId.SAVE: (tr("&Save now"), QKeySequence.StandardKey.Save),
    ActionId.DELETE_ENTRY: (tr("&Delete this entry…"), "Ctrl+Shift+Del"),
    ActionId.BACKUP: (tr("&Back up now"), None),
    ActionId.RESTORE: (tr("&Restore from a backup…"), None),
    ActionId.PASSPHRASE: (tr("C&hange passphrase…"), None),
    ActionId.PACKS: (tr("Prompt &packs…"), None),
    ActionId.SETTINGS: (tr("Se&ttings…"), QKeySequence.StandardKey.Preferences),
    ActionId.LOCK: (tr("&Lock"), "Ctrl+L"),
    ActionId.QUIT: (tr("&Quit"), QKeySequence.StandardKey.Quit),
    ActionId.SHOW_TODAY: (tr("&Today"), "Ctrl+1"),
    ActionId.SHOW_SESSIONS: (tr("&Sessions"), "Ctrl+2"),
    ActionId.SHOW_JOURNAL: (tr("&Journal"), "Ctrl+3"),
    ActionId.FIND: (tr("&Find in the journal"), QKeySequence.StandardKey.Find),
    ActionId.SAFETY_PLAN: (tr("My safety &plan"), None),
    ActionId.CRISIS: (tr("&Crisis resources"), "F1"),
    ActionId.GUIDE: (tr("&User guide"), None),
    ActionId.PRIVACY: (tr("&Privacy"), None),
    ActionId.ABOUT: (tr("&About kapjournal"), None),
}

MENUS: list[tuple[str, list[ActionId | None]]] = [
    (
        tr("&Journal"),
        [
            ActionId.NEW_FREE,
            ActionId.PLAN_SESSION,
            ActionId.SAVE,
            ActionId.DELETE_ENTRY,
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
        [ActionId.SHOW_TODAY, ActionId.SHOW_SESSIONS, ActionId.SHOW_JOURNAL, ActionId.FIND],
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
        action = QAction(text, owner)
        action.setObjectName(action_id.value)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        actions[action_id] = action
    return actions
