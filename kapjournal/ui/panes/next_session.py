"""The card at the top of Sessions: the next planned session, how soon it is, and what to do."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kapjournal.domain import Session
from kapjournal.i18n import format_day_and_time, trn
from kapjournal.services.schedule import PhaseStatus
from kapjournal.ui import design
from kapjournal.ui.widgets import SpokenLabel, icon_button, named, tr


def days_away(when: datetime, now: datetime) -> str:
    """ "Today", "Tomorrow", "In 5 days": calendar days on the patient's wall clock."""
    days = (when.astimezone().date() - now.astimezone().date()).days
    if days <= 0:
        return tr("Today")
    if days == 1:
        return tr("Tomorrow")
    return trn("In {n} day", "In {n} days", days).format(n=days)


class NextSessionCard(QFrame):
    """Emits `write(uid)` to open the session's preparation, `edit(uid)`, and `plan()`."""

    write = Signal(str)
    edit = Signal(str)
    plan = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "nextSessionCard", tr("Next session"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.uid = ""
        layout = QVBoxLayout(self)
        pad = design.space(3)
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(design.space(1))
        self.heading = design.section(SpokenLabel("nextHeading", tr("Heading"), tr("Next session")))
        self.when = SpokenLabel("nextWhen", tr("Date and time"))
        font = QFont(self.when.font())
        font.setBold(True)
        self.when.setFont(font)
        self.away = SpokenLabel("nextAway", tr("How soon"))
        self.what = design.caption(SpokenLabel("nextWhat", tr("Kind of session")))
        self.none = SpokenLabel(
            "nextNone",
            tr("Next session"),
            tr(
                "No session is planned. When you plan one, it shows here with its date and "
                "a page to prepare for it."
            ),
        )
        for label in (self.when, self.away, self.what, self.none):
            label.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.when)
        layout.addWidget(self.away)
        layout.addWidget(self.what)
        layout.addWidget(self.none)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, design.space(2), 0, 0)
        buttons.setSpacing(design.space(2))
        self.prepare = icon_button(
            "notebook-pen", tr("&Write preparation"), "nextPrepare", tr("Write preparation")
        )
        self.change = icon_button(
            "calendar-days",
            tr("Ed&it this session…"),
            "nextEdit",
            tr("Edit the next session"),
        )
        self.add = icon_button("plus", tr("&Plan a session…"), "addSession", tr("Plan a session"))
        self.prepare.clicked.connect(lambda: self.write.emit(self.uid))
        self.change.clicked.connect(lambda: self.edit.emit(self.uid))
        self.add.clicked.connect(self.plan)
        # This session's actions, with the gap before "Plan another", go away together.
        self.session_buttons = QWidget()
        own = QHBoxLayout(self.session_buttons)
        own.setContentsMargins(0, 0, design.space(4), 0)
        own.setSpacing(design.space(2))
        own.addWidget(self.prepare)
        own.addWidget(self.change)
        buttons.addWidget(self.session_buttons)
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.show_none()

    def show_session(
        self, session: Session, number: int, now: datetime, preparation: PhaseStatus
    ) -> None:
        """Show `session` (number `number` of the course, counted from the first)."""
        self.uid = session.uid
        self.when.setText(format_day_and_time(session.scheduled_at))
        self.away.setText(days_away(session.scheduled_at, now))
        parts = [
            tr("Session {n}").format(n=number),
            session.kind.label,
            session.route.label,
            session.clinic,
        ]
        self.what.setText(" · ".join(p for p in parts if p))
        started = preparation is not PhaseStatus.NOT_STARTED
        text = tr("Continue &preparation") if started else tr("&Write preparation")
        self.prepare.setText(text)
        self.prepare.setAccessibleName(text.replace("&", ""))
        self.add.setText(tr("Plan &another session…"))
        self.add.setAccessibleName(tr("Plan another session"))
        self._showing(True)

    def show_none(self) -> None:
        self.uid = ""
        for label in (self.when, self.away, self.what):
            label.setText("")
        self.add.setText(tr("&Plan a session…"))
        self.add.setAccessibleName(tr("Plan a session"))
        self._showing(False)

    def _showing(self, session: bool) -> None:
        for widget in (self.when, self.away, self.what, self.session_buttons):
            widget.setVisible(session)
        self.none.setVisible(not session)
        self.setAccessibleName(
            tr("Next session: {when}, {away}").format(when=self.when.text(), away=self.away.text())
            if session
            else tr("Next session: none planned")
        )
