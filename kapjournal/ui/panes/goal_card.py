"""Today's goal card: once a week, how close the patient feels to each goal agreed with the
therapist (0 to 10, as chips); after that, when the next rating is due; with no goal yet, a
quiet line offering to add them. Always one button away from My goals."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kapjournal.domain import GOAL_MAX
from kapjournal.i18n import format_date
from kapjournal.prompts.model import Item, ItemType
from kapjournal.services.goals import GoalService, GoalWeek
from kapjournal.ui import design
from kapjournal.ui.panes.chips import ChipScale
from kapjournal.ui.widgets import POLITE, SpokenLabel, muted, named, tr


def goal_item(uid: str, text: str) -> Item:
    """A goal as a 0-10 scale item, so it is asked with the same chips as the check-in."""
    return Item(
        uid,
        ItemType.SCALE,
        text,
        min=0,
        max=GOAL_MAX,
        min_label=tr("Not there at all"),
        max_label=tr("Fully there"),
    )


class GoalCard(QFrame):
    """Emits `edit_requested()` (open My goals)."""

    edit_requested = Signal()

    def __init__(self, goals: GoalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "goalCard", tr("My goals this week"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.goals = goals
        self.scales: list[ChipScale] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(design.space(2))
        self.heading = design.section(
            SpokenLabel("goalHeading", tr("Heading"), tr("My goals this week"))
        )
        layout.addWidget(self.heading)
        self.question = SpokenLabel("goalQuestion", tr("Question"))  # said by refresh()
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.scale_box = QVBoxLayout()
        layout.addLayout(self.scale_box)
        row = QHBoxLayout()
        self.status = muted(SpokenLabel("goalStatus", tr("Goal status"), announce=POLITE))
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.edit = named(QPushButton(tr("My &goals…")), "goalEdit", tr("My goals"))
        self.edit.clicked.connect(self.edit_requested)
        row.addWidget(self.edit)
        self.save = named(QPushButton(tr("Save &ratings")), "goalSave", tr("Save ratings"))
        self.save.clicked.connect(self.save_ratings)
        row.addWidget(self.save)
        layout.addLayout(row)

    def refresh(self) -> None:
        """Ask about the goals due this week, or say when the next rating is due. A rating
        picked but not yet saved stays while the same goals are asked (Today refreshes after
        every save elsewhere)."""
        week = self.goals.week()
        due = week.due
        self.save.setVisible(bool(due))
        asked = [(s.item.id, s.item.prompt) for s in self.scales]
        if due and asked == [(g.uid, g.text) for g in due]:
            return
        self.clear()
        if not due:
            self.question.setText(self._resting(week))
            return
        self.question.setText(
            tr("How close do you feel to each goal this week? Your own rating, 0 to 10.")
        )
        for n, goal in enumerate(due):
            scale = ChipScale(goal_item(goal.uid, goal.text), f"goalRating{n + 1}")
            self.scales.append(scale)
            self.scale_box.addWidget(scale)

    def clear(self) -> None:
        """Nothing of the goals left on screen (locking wipes every pane)."""
        for scale in self.scales:
            scale.hide()
            scale.deleteLater()
        self.scales = []
        self.question.clear()
        self.status.clear()

    def save_ratings(self) -> None:
        values = {s.item.id: int(n) for s in self.scales if (n := s.number()) is not None}
        if not values:
            self.status.setText(tr("Pick a number for at least one goal first."))
            return
        self.goals.rate(values)
        self.refresh()
        self.status.setText(tr("Saved."))

    def _resting(self, week: GoalWeek) -> str:
        """What the card says with nothing to rate."""
        if week.next_due is None:
            return tr("No goals yet. Agree up to three with your therapist, then add them here.")
        return tr(
            "Rated this week. Trends shows how each goal moves; the next rating is due on {date}."
        ).format(date=format_date(week.next_due))
