"""Sessions: the course as a timeline, each with its three phases and their status."""

from __future__ import annotations

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
from kapjournal.i18n import format_date, format_short
from kapjournal.services.journal import JournalService
from kapjournal.services.schedule import PhaseStatus
from kapjournal.ui.widgets import SpokenLabel, heading, named, tr

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


class SessionsPane(QWidget):
    """Emits `open_phase(session_uid, phase)` to write or continue a phase."""

    open_phase = Signal(str, str)
    changed = Signal()

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "sessionsPane", tr("Sessions"))
        self.service = service
        layout = QVBoxLayout(self)
        layout.addWidget(heading(SpokenLabel("courseHeading", tr("Heading"), tr("Your course"))))
        self.empty = SpokenLabel(
            "noSessions",
            tr("No sessions"),
            tr(
                "No sessions yet. Plan your first one with “Plan a session…” below: its "
                "preparation, recall and integration pages then come to Today at the right time."
            ),
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.tree = named(
            QTreeWidget(),
            "sessionTree",
            tr("Sessions and their phases"),
            tr("Enter on a phase opens it"),
        )
        self.tree.setHeaderLabels([tr("Session"), tr("Status")])
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        for name, label, slot in (
            ("addSession", tr("&Plan a session…"), self.add_session),
            ("editSession", tr("&Edit…"), self.edit_session),
            ("markDone", tr("Mark &done"), self.mark_done),
            ("openPhase", tr("&Open phase"), self.open_selected_phase),
            ("deleteSession", tr("De&lete…"), self.delete_session),
        ):
            b = named(QPushButton(label), name, label.replace("&", "").rstrip("…"))
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self.tree.clear()
        due = self.service.schedule.due()
        for s in self.service.course.sessions():
            top = QTreeWidgetItem(
                [
                    f"{format_short(s.scheduled_at)} · {s.kind.label} · {s.route.label}",
                    s.status.label,
                ]
            )
            top.setData(0, UID_ROLE, s.uid)
            statuses = self.service.schedule.phase_status(s, due)
            for phase, status in statuses.items():
                child = QTreeWidgetItem([phase.label, status.label])
                child.setData(0, UID_ROLE, s.uid)
                child.setData(0, PHASE_ROLE, phase.value)
                if status is PhaseStatus.DONE:
                    child.setText(1, "✓ " + status.label)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)

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
        if session is None:
            return
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
