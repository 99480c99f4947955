"""The main window: lays out Today, Sessions and Journal, and wires the menu actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from kapjournal.crisis import numbers
from kapjournal.domain import Entry, Phase
from kapjournal.prompts.schedule import Due, DueKind
from kapjournal.services.opening import OpenJournal
from kapjournal.settings import Settings
from kapjournal.ui import design
from kapjournal.ui.actions import MENUS, ActionId, build_actions
from kapjournal.ui.panes.editor import EditorPane
from kapjournal.ui.panes.journal import JournalPane
from kapjournal.ui.panes.registry import PANES, PaneKey, PaneSpec, Part
from kapjournal.ui.panes.sessions import SessionsPane
from kapjournal.ui.panes.today import TodayPane
from kapjournal.ui.panes.trends import TrendsPane
from kapjournal.ui.widgets import POLITE, SpokenLabel, fit_to_screen, help_button, named, tr


@dataclass(frozen=True)
class Place:
    """Where the patient was when the journal locked, to return there after unlocking."""

    path: Path
    tab: str  # the pane's key
    entry_uid: str | None
    focus: str
    geometry: QByteArray


class MainWindow(QMainWindow):
    """Emits `lock_requested`, `quit_requested`, `crisis_requested(reason, repeat)`, and the rest of
    the Help and Journal menu requests the controller handles."""

    lock_requested = Signal()
    quit_requested = Signal()
    crisis_requested = Signal(str, bool)  # the reason ("" from Help), a repeat
    settings_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal()
    passphrase_requested = Signal()
    packs_requested = Signal()
    export_requested = Signal(str)  # "report" or "archive"
    help_requested = Signal(str)
    practice_requested = Signal()  # File > Open practice: the therapist's window

    def __init__(
        self, opened: OpenJournal, settings: Settings, speech_models: Path | None = None
    ) -> None:
        super().__init__()
        named(self, "mainWindow", tr("kapjournal"))
        self.setWindowTitle(tr("kapjournal — {name}").format(name=opened.path.name))
        self.opened_path = opened.path
        self.service = service = opened.journal
        self.settings = settings
        self._closing_for_lock = False
        self.tabs = named(QTabWidget(), "mainTabs", tr("Sections"))
        self.tabs.setIconSize(design.icon_size())
        self.today = TodayPane(service)
        self.sessions = SessionsPane(service)
        self.journal = JournalPane(service)
        self.editor = EditorPane(
            service,
            settings.editor_font_size,
            attachments=opened.attachments,
            speech_models=speech_models,
            emergency_number=lambda: numbers(self.settings).emergency,
        )
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("journalSplit")
        split.addWidget(self.journal)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 680])
        self.trends = TrendsPane(opened.trends, service)
        # Each pane's tab page, and the widgets in it that show journal content (a lock
        # clears every one of them).
        built: dict[PaneKey, tuple[QWidget, tuple[Part, ...]]] = {
            PaneKey.TODAY: (self.today, (self.today,)),
            PaneKey.SESSIONS: (self.sessions, (self.sessions,)),
            PaneKey.JOURNAL: (split, (self.journal, self.editor)),
            PaneKey.TRENDS: (self.trends, (self.trends,)),
        }
        self.pages: dict[str, QWidget] = {}
        self.parts: list[Part] = []
        for spec in PANES:
            self.add_pane(spec, *built[PaneKey(spec.key)])
        self.help_now = help_button()
        self.help_now.clicked.connect(lambda: self.crisis_requested.emit("", False))
        self.tabs.setCornerWidget(self.help_now, Qt.Corner.TopRightCorner)  # on every tab
        self.setCentralWidget(self.tabs)
        self.actions_ = build_actions(self)
        self._menus()
        self._wire()
        fit_to_screen(self, 1100, 760)
        self.refresh()

    def _menus(self) -> None:
        bar = self.menuBar()
        for title, ids in MENUS:
            menu = bar.addMenu(tr(title))
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                    continue
                menu.addAction(self.actions_[action_id])
                if action_id is ActionId.NEW_FREE:
                    self.new_menu = self._templates_menu(menu)

    def _templates_menu(self, parent: QMenu) -> QMenu:
        menu = parent.addMenu(tr("&New guided entry"))
        menu.setObjectName("menuNewGuided")
        for t in self.service.catalog.active_templates:
            action = menu.addAction(t.title)
            key = t.key
            action.setObjectName(f"new:{key}")
            action.triggered.connect(lambda _=False, k=key: self.start_entry(k))
        return menu

    def _wire(self) -> None:
        a = self.actions_
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.NEW_FREE: self.new_free_entry,
            ActionId.PLAN_SESSION: self.sessions.add_session,
            ActionId.SAVE: self.editor.save_now,
            ActionId.DELETE_ENTRY: self.delete_entry,
            ActionId.BACKUP: self.backup_requested.emit,
            ActionId.RESTORE: self.restore_requested.emit,
            ActionId.PASSPHRASE: self.passphrase_requested.emit,
            ActionId.PACKS: self.packs_requested.emit,
            ActionId.EXPORT_REPORT: lambda: self.export_requested.emit("report"),
            ActionId.EXPORT_ARCHIVE: lambda: self.export_requested.emit("archive"),
            ActionId.OPEN_PRACTICE: self.practice_requested.emit,
            ActionId.SETTINGS: self.settings_requested.emit,
            ActionId.LOCK: self.lock_requested.emit,
            ActionId.QUIT: self.quit_requested.emit,
            ActionId.FIND: self.focus_search,
            ActionId.SAFETY_PLAN: self.open_safety_plan,
            ActionId.GOALS: self.edit_goals,
            ActionId.CRISIS: lambda: self.crisis_requested.emit("", False),
            ActionId.GUIDE: lambda: self.help_requested.emit("guide"),
            ActionId.PRIVACY: lambda: self.help_requested.emit("privacy"),
            ActionId.ABOUT: lambda: self.help_requested.emit("about"),
        }
        for spec in PANES:
            if spec.show is not None:
                handlers[spec.show] = partial(self.show_pane, spec.key)
        for action_id, handler in handlers.items():
            a[action_id].triggered.connect(lambda _=False, h=handler: h())
        self.today.due_chosen.connect(self.start_due)
        self.today.crisis_requested.connect(lambda: self.crisis_requested.emit("", False))
        self.today.free_entry_requested.connect(self.new_free_entry)
        self.today.session_moved.connect(self.sessions.edit_uid)
        self.today.checked_in.connect(self.journal.refresh)
        self.today.goals_requested.connect(self.edit_goals)
        self.trends.goals_requested.connect(self.edit_goals)
        self.sessions.open_phase.connect(self.open_phase)
        self.sessions.changed.connect(self.refresh)
        self.journal.open_requested.connect(self.open_uid)
        self.trends.calendar.open_requested.connect(self.open_uid)
        self.editor.saved.connect(self._after_save)
        self.editor.flagged.connect(self.crisis_requested)
        self.editor.finished.connect(lambda: self.show_pane(PaneKey.TODAY))
        self.tabs.currentChanged.connect(lambda _: self.editor.save_now())
        # Drawn when looked at: after a save the next visit shows it.
        self.tabs.currentChanged.connect(
            lambda i: self.trends.refresh() if self.tabs.widget(i) is self.trends else None
        )

    # -- navigation ------------------------------------------------------------------------
    def add_pane(self, spec: PaneSpec, page: QWidget, parts: tuple[Part, ...]) -> None:
        """The one registration of a pane: its tab, and the widgets a lock clears."""
        if spec.icon:
            self.tabs.addTab(page, design.icon(spec.icon), tr(spec.title))
        else:
            self.tabs.addTab(page, tr(spec.title))
        self.pages[spec.key] = page
        self.parts += parts

    def show_pane(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.pages[key])

    def current_pane(self) -> str:
        return next(k for k, page in self.pages.items() if page is self.tabs.currentWidget())

    def refresh(self) -> None:
        self.today.refresh()
        self.sessions.refresh()
        self.journal.reload_choices()
        self.journal.refresh()

    def show_editor(self, entry: Entry) -> None:
        self.show_pane(PaneKey.JOURNAL)
        self.editor.open_entry(entry)
        self.editor.title.setFocus()

    def open_uid(self, uid: str) -> None:
        if self.editor.entry is not None and self.editor.entry.uid == uid:
            return
        entry = self.service.entry(uid)
        if entry is not None:
            self.show_editor(entry)

    def _show_or_say(self, make: Callable[[], Entry | None]) -> Entry | None:
        """Open what a use case returns; a page no pack provides is said, not raised."""
        try:
            entry = make()
        except LookupError as exc:
            QMessageBox.information(self, tr("Not available"), str(exc))
            return None
        if entry is not None:
            self.show_editor(entry)
        return entry

    def start_entry(self, key: str, session_uid: str | None = None) -> None:
        self._show_or_say(lambda: self.service.start_entry(key, session_uid))

    def new_free_entry(self) -> None:
        self.show_editor(self.service.free_entry())

    def open_phase(self, session_uid: str, phase: str) -> None:
        """Continue the newest entry of this phase for the session, or start one."""
        self._show_or_say(lambda: self.service.open_phase(session_uid, Phase(phase)))

    def start_due(self, due: Due) -> None:
        if self._show_or_say(lambda: self.service.schedule.start_due(due)) is None:
            self.refresh()  # a session was confirmed: its recall is due now
            if due.kind is DueKind.CONFIRM_SESSION:  # and it opens, to write while fresh
                self.open_phase(due.session_uid or due.key, Phase.RECALL.value)

    def delete_entry(self) -> None:
        """Delete the open entry after a yes; a deleted entry is gone from the journal."""
        entry = self.editor.entry
        if entry is None:
            return
        answer = QMessageBox.question(
            self,
            tr("Delete this entry?"),
            tr("Delete “{title}” for good? It stays only in backups made before now.").format(
                title=entry.title or tr("untitled entry")
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.editor.clear(tr("Deleted."))
        if entry.id is not None:
            self.service.delete_entry(entry.uid)
        self.refresh()

    def open_safety_plan(self) -> None:
        self._show_or_say(self.service.open_safety_plan)

    def edit_goals(self) -> None:
        """My goals, over the window; Today and Trends show the change on Save."""
        from kapjournal.ui.dialogs.goals import GoalsDialog

        dialog = GoalsDialog(self.service.goals, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.today.refresh)
        dialog.accepted.connect(  # a hidden Trends is drawn afresh when its tab is shown
            lambda: self.trends.refresh() if self.tabs.currentWidget() is self.trends else None
        )
        dialog.open()

    def focus_search(self) -> None:
        self.show_pane(PaneKey.JOURNAL)
        self.journal.search.setFocus()
        self.journal.search.selectAll()

    def _after_save(self, entry: Entry) -> None:
        """Every pane shows a save at once (a phase written is no longer "not started")."""
        self.journal.refresh()
        self.today.refresh()
        self.sessions.refresh()

    # -- locking ---------------------------------------------------------------------------
    def place(self) -> Place:
        """Where the patient is, to come back to after unlocking: ids, never content."""
        focus = QApplication.focusWidget()
        entry = self.editor.entry
        return Place(
            path=self.opened_path,
            tab=self.current_pane(),
            entry_uid=entry.uid if entry is not None else None,
            focus=focus.objectName() if focus is not None and self.isAncestorOf(focus) else "",
            geometry=self.saveGeometry(),
        )

    def return_to(self, place: Place) -> None:
        if place.path != self.opened_path:
            return
        self.restoreGeometry(place.geometry)
        if place.entry_uid and self.service.entry(place.entry_uid) is not None:
            self.open_uid(place.entry_uid)
        self.show_pane(place.tab)
        target = self.findChild(QWidget, place.focus) if place.focus else None
        if target is not None and target.isVisibleTo(self):
            target.setFocus()

    def show_check_in(self) -> None:
        """Today, with the check-in's first scale focused: a value and Save are two clicks."""
        self.show_pane(PaneKey.TODAY)
        self.today.focus_check_in()

    def say_on_unlock(self, text: str) -> None:
        """What the unlock did (notes captured while locked, brought in): said once, and
        kept in the status bar while the journal stays open."""
        notice = SpokenLabel("unlockNotice", tr("What the unlock did"), announce=POLITE)
        notice.setWordWrap(True)
        # Permanent: a passing status message (the backup's) does not hide it.
        self.statusBar().addPermanentWidget(notice)
        notice.setText(text)
        wide = notice.fontMetrics().horizontalAdvance(text) + design.space(1)
        notice.setMinimumWidth(min(wide, self.width() // 2))  # one line where it fits

    def save_pending(self) -> bool:
        self.editor.finish_recording()
        return self.editor.save_now()

    def wipe(self) -> str:
        """Save, then clear every widget that showed journal content. Returns "" or, when the
        last changes could not be saved, the sentence that says so."""
        unsaved = self.editor.unsaved_sentence() if not self.save_pending() else ""
        for part in self.parts:  # every pane's, from the registry
            part.clear()
        return unsaved

    def close_for_lock(self) -> None:
        self._closing_for_lock = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_pending()
        if not self._closing_for_lock:
            event.ignore()
            self.quit_requested.emit()
            return
        event.accept()
