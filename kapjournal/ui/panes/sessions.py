"""Sessions: the next session, then the course numbered newest first with its phases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Phase, Route, Session, SessionKind, SessionStatus
from kapjournal.i18n import format_date, format_skeleton
from kapjournal.services.journal import JournalService
from kapjournal.services.schedule import PhaseStatus
from kapjournal.ui import design
from kapjournal.ui.panes.next_session import NextSessionCard
from kapjournal.ui.widgets import SpokenLabel, icon_button, named, tr

UID_ROLE = Qt.ItemDataRole.UserRole + 1
PHASE_ROLE = Qt.ItemDataRole.UserRole + 2


class SessionDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "sessionDialog", tr("Session"))
        self.setWindowTitle(tr("Session"))
        self.session = session
        form = QFormLayout(self)
        self.when = named(
            QDateTimeEdit(
                QDateTime.fromMSecsSinceEpoch(int(session.scheduled_at.timestamp() * 1000))
            ),
            "sessionWhen",
            tr("Date and time"),
        )
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.duration = named(QSpinBox(), "sessionDuration", tr("Duration in minutes"))
        self.duration.setRange(5, 600)
        self.duration.setValue(session.duration_minutes)
        self.route = named(QComboBox(), "sessionRoute", tr("Route"))
        for r in Route:
            self.route.addItem(r.label, r)
        self.route.setCurrentIndex(self.route.findData(session.route))
        self.kind = named(QComboBox(), "sessionKind", tr("Kind of session"))
        for k in SessionKind:
            self.kind.addItem(k.label, k)
        self.kind.setCurrentIndex(self.kind.findData(session.kind))
        self.status = named(QComboBox(), "sessionStatus", tr("Status"))
        for st in SessionStatus:
            self.status.addItem(st.label, st)
        self.status.setCurrentIndex(self.status.findData(session.status))
        self.dose = named(
            QLineEdit(session.dose), "sessionDose", tr("Dose, as the clinic wrote it (optional)")
        )
        self.clinic = named(QLineEdit(session.clinic), "sessionClinic", tr("Clinic (optional)"))
        self.notes = named(QPlainTextEdit(session.notes), "sessionNotes", tr("Notes (optional)"))
        self.notes.setTabChangesFocus(True)
        form.addRow(tr("&When:"), self.when)
        form.addRow(tr("D&uration (minutes):"), self.duration)
        form.addRow(tr("&Route:"), self.route)
        form.addRow(tr("&Kind:"), self.kind)
        form.addRow(tr("&Status:"), self.status)
        form.addRow(tr("D&ose:"), self.dose)
        form.addRow(tr("&Clinic:"), self.clinic)
        form.addRow(tr("&Notes:"), self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        named(buttons.button(QDialogButtonBox.StandardButton.Save), "sessionSave", tr("Save"))
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "sessionCancel", tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def result_session(self) -> Session:
        s = self.session
        when: datetime = self.when.dateTime().toPython()  # type: ignore[assignment]
        s.scheduled_at = when.astimezone()
        s.duration_minutes = self.duration.value()
        # Qt hands enum data back as plain text; turn it into the enum again.
        s.route = Route(self.route.currentData())
        s.kind = SessionKind(self.kind.currentData())
        s.status = SessionStatus(self.status.currentData())
        s.dose = self.dose.text().strip()
        s.clinic = self.clinic.text().strip()
        s.notes = self.notes.toPlainText().strip()
        return s


NOT_WRITTEN = "\u2013"  # an en dash: a phase with nothing written yet


def session_title(number: int, session: Session, now: datetime) -> str:
    """ "Session 4 · Dec 3 · Booster" (the year too when it is not this year's)."""
    when = session.scheduled_at.astimezone()
    day = format_skeleton(when, "MMMd" if when.year == now.year else "yMMMd")
    return tr("Session {n} · {day} · {kind}").format(n=number, day=day, kind=session.kind.label)


def _button(icon: str, text: str, name: str, spoken: str, slot: Callable[[], None]) -> QPushButton:
    button = icon_button(icon, text, name, spoken)
    button.clicked.connect(slot)
    return button


class SessionsPane(QWidget):
    """Emits `open_phase(session_uid, phase)` to write or continue a phase."""

    open_phase = Signal(str, str)
    changed = Signal()

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "sessionsPane", tr("Sessions"))
        self.service = service
        layout = QVBoxLayout(self)
        layout.setSpacing(design.space(3))
        layout.addWidget(
            design.title(SpokenLabel("courseHeading", tr("Heading"), tr("Your course")))
        )
        self.card = NextSessionCard()
        self.card.write.connect(lambda uid: self.open_phase.emit(uid, Phase.PREPARATION.value))
        self.card.edit.connect(self.edit_uid)
        self.card.plan.connect(self.add_session)
        layout.addWidget(self.card)
        layout.addSpacing(design.space(2))
        layout.addWidget(
            design.section(SpokenLabel("allSessionsHeading", tr("Heading"), tr("All sessions")))
        )
        self.hint = design.caption(
            SpokenLabel(
                "sessionsHint",
                tr("Hint"),
                tr("Newest first. Choose a session or a phase, then a button below."),
            )
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.empty = SpokenLabel(
            "noSessions",
            tr("No sessions"),
            tr(
                "No sessions yet. Plan your first one with “Plan a session…” above: its "
                "preparation, recall and integration pages then come to Today at the right time."
            ),
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.tree = named(
            QTreeWidget(),
            "sessionTree",
            tr("Sessions and their phases, newest first"),
            tr("Enter on a phase opens it"),
        )
        self.tree.setHeaderLabels([tr("Session"), tr("Status")])
        self.tree.itemActivated.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(design.space(2))
        self.open_button = _button(
            "notebook-pen", tr("&Open phase"), "openPhase", tr("Open phase"),
            self.open_selected_phase,
        )  # fmt: skip
        self.edit_button = _button(
            "calendar-days", tr("&Edit…"), "editSession", tr("Edit"), self.edit_session
        )
        self.done_button = _button(
            "check", tr("Mark &done"), "markDone", tr("Mark done"), self.mark_done
        )
        self.delete_button = _button(
            "trash-2", tr("De&lete…"), "deleteSession", tr("Delete"), self.delete_session
        )
        for b in (self.open_button, self.edit_button, self.done_button):
            buttons.addWidget(b)
        # Delete stands apart at the far end, so a slip never lands on it.
        buttons.addSpacing(design.space(6))
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        self._enable()

    def refresh(self) -> None:
        kept = self._current_key()
        self.tree.clear()
        due = self.service.schedule.due()
        now = self.service.clock()
        sessions = self.service.course.sessions()  # oldest first: its place is its number
        numbers = {s.uid: n for n, s in enumerate(sessions, start=1)}
        restore = None
        preparation = {}  # each session's, for the next-session card
        for s in reversed(sessions):
            top = QTreeWidgetItem([session_title(numbers[s.uid], s, now), s.status.label])
            top.setData(0, UID_ROLE, s.uid)
            if kept == (s.uid, ""):
                restore = top
            phases = self.service.schedule.phase_status(s, due)
            preparation[s.uid] = phases[Phase.PREPARATION]
            for phase, status in phases.items():
                child = QTreeWidgetItem([phase.label, status.label])
                child.setData(0, UID_ROLE, s.uid)
                child.setData(0, PHASE_ROLE, phase.value)
                if status is PhaseStatus.NOT_STARTED:
                    child.setText(1, NOT_WRITTEN)
                    child.setData(1, Qt.ItemDataRole.AccessibleTextRole, tr("not written"))
                elif status is PhaseStatus.DONE:
                    child.setText(1, "✓ " + status.label)
                    child.setData(1, Qt.ItemDataRole.AccessibleTextRole, status.label)
                if kept == (s.uid, phase.value):
                    restore = child
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + design.space(4))  # a gutter
        if restore is not None:
            self.tree.setCurrentItem(restore)
        nxt = self.service.schedule.next_session()
        if nxt is None:
            self.card.show_none()
        else:
            prep = preparation.get(nxt.uid, PhaseStatus.NOT_STARTED)  # one of `sessions`
            self.card.show_session(nxt, numbers.get(nxt.uid, len(sessions)), now, prep)
        has = bool(sessions)
        self.empty.setVisible(not has)
        for w in (self.tree, self.hint):
            w.setVisible(has)
        self._enable()

    def _current_key(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return item.data(0, UID_ROLE), item.data(0, PHASE_ROLE) or ""

    def _enable(self) -> None:
        session, _ = self._selected()
        for b in (self.open_button, self.edit_button, self.delete_button):
            b.setEnabled(session is not None)
        self.done_button.setEnabled(session is not None and session.status is SessionStatus.PLANNED)

    def _selected(self) -> tuple[Session | None, Phase | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        uid = item.data(0, UID_ROLE)
        phase = item.data(0, PHASE_ROLE)
        return self.service.course.session(uid), Phase(phase) if phase else None

    def add_session(self) -> None:
        dialog = SessionDialog(self.service.course.new_session(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.service.course.save_session(dialog.result_session())
            self.changed.emit()

    def edit_session(self) -> None:
        session, _ = self._selected()
        if session is not None:
            self._edit(session)

    def edit_uid(self, uid: str) -> None:
        session = self.service.course.session(uid)
        if session is not None:
            self._edit(session)

    def _edit(self, session: Session) -> None:
        dialog = SessionDialog(session, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.service.course.save_session(dialog.result_session())
            self.changed.emit()

    def mark_done(self) -> None:
        session, _ = self._selected()
        if session is not None:
            self.service.course.mark_done(session)
            self.changed.emit()

    def delete_session(self) -> None:
        """Remove a session from the course; what was written for it stays in the journal."""
        session, _ = self._selected()
        if session is None:
            return
        answer = QMessageBox.question(
            self,
            tr("Delete this session?"),
            tr(
                "Delete the session of {when} from your course? Entries written for it stay in "
                "your journal."
            ).format(when=format_date(session.scheduled_at)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # Enter keeps the session
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.service.course.delete_session(session.uid)
            self.changed.emit()

    def open_selected_phase(self) -> None:
        session, phase = self._selected()
        if session is not None:
            phase = phase or (
                Phase.PREPARATION if session.status is SessionStatus.PLANNED else Phase.RECALL
            )
            self.open_phase.emit(session.uid, phase.value)

    def _activated(self, item: QTreeWidgetItem) -> None:
        if item.data(0, PHASE_ROLE):
            self.open_selected_phase()
        else:
            self.edit_session()

    def clear(self) -> None:
        self.tree.clear()
        self.card.show_none()
