"""The main window's panes, declared once: the tabs, their show actions (with shortcuts) and
what a lock clears are all built from this list, so a pane cannot be left out of the wipe."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kapjournal.i18n import N_
from kapjournal.ui.actions import ActionId


class PaneKey(StrEnum):
    TODAY = "today"
    SESSIONS = "sessions"
    JOURNAL = "journal"
    TRENDS = "trends"


class Part(Protocol):
    """A widget that shows journal content: a lock clears it."""

    def clear(self) -> None: ...


@dataclass(frozen=True)
class PaneSpec:
    key: str  # a PaneKey for the app's own panes
    title: str  # marked with N_, translated when shown; its & is the tab's mnemonic
    show: ActionId | None = None  # the menu action (and shortcut) that brings it forward
    icon: str = ""  # a bundled icon's name (resources/icons), shown on the tab


PANES: tuple[PaneSpec, ...] = (
    PaneSpec(PaneKey.TODAY, N_("&Today"), ActionId.SHOW_TODAY, "sun"),
    PaneSpec(PaneKey.SESSIONS, N_("&Sessions"), ActionId.SHOW_SESSIONS, "calendar-days"),
    # "Entries", not "Journal": the menu is Journal, and a tab of the same name (Diario and
    # Diario in Spanish) left people unsure which was which.
    PaneSpec(PaneKey.JOURNAL, N_("&Entries"), ActionId.SHOW_JOURNAL, "notebook-pen"),
    PaneSpec(PaneKey.TRENDS, N_("T&rends"), ActionId.SHOW_TRENDS, "chart-line"),
)
