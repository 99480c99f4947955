"""My goals: up to three goals agreed with the therapist, in the patient's own words, each
private or not. Clearing a line ends that goal; its ratings stay in the journal."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import GOALS_OPEN
from kapjournal.services.goals import MAX_GOAL_CHARS, GoalDraft, GoalService
from kapjournal.ui import design
from kapjournal.ui.panes.answer_head import LockToggle
from kapjournal.ui.widgets import ErrorLabel, SpokenLabel, muted, named, tr


@dataclass
class GoalRow:
    uid: str | None  # the open goal on this line, None for a new one
    line: QLineEdit
    lock: LockToggle
    end: QPushButton


class GoalsDialog(QDialog):
    def __init__(self, goals: GoalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "goalsDialog", tr("My goals"))
        self.setWindowTitle(tr("My goals"))
        self.goals = goals
        layout = QVBoxLayout(self)
        layout.setSpacing(design.space(2))
        intro = SpokenLabel(
            "goalsIntro",
            tr("About"),
            tr(
                "Up to three goals you and your therapist agreed on, in your own words. Once a "
                "week, Today asks how close you feel to each (0 to 10); Trends shows how that "
                "moves, and your report for the therapist shows them on its first page, "
                "unless you make a goal private."
            ),
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(design.space(2))
        self.rows: list[GoalRow] = []
        current = goals.open_goals()
        for n in range(GOALS_OPEN):
            goal = current[n] if n < len(current) else None
            label = SpokenLabel(
                f"goalLabel{n + 1}", tr("Question"), tr("Goal &{n}").format(n=n + 1)
            )
            line = named(
                QLineEdit(goal.text if goal else ""),
                f"goal{n + 1}",
                tr("Goal {n}").format(n=n + 1),
                tr("In your own words; leave it empty for no goal here."),
            )
            line.setMaxLength(MAX_GOAL_CHARS)
            line.setMinimumWidth(design.text_column(self) // 2)
            label.setBuddy(line)
            lock = LockToggle()
            named(lock, f"goalPrivate{n + 1}", tr("Goal {n} private").format(n=n + 1))
            lock.setChecked(bool(goal and goal.private))
            end = named(
                QPushButton(tr("End")),
                f"goalEnd{n + 1}",
                tr("End goal {n}").format(n=n + 1),
                tr("Ends this goal; its ratings stay with it. The line is then free."),
            )
            end.setEnabled(goal is not None)
            end.clicked.connect(lambda _=False, k=n: self.end(k))
            grid.addWidget(label, n, 0)
            grid.addWidget(line, n, 1)
            grid.addWidget(lock, n, 2)
            grid.addWidget(end, n, 3)
            self.rows.append(GoalRow(goal.uid if goal else None, line, lock, end))
        layout.addLayout(grid)
        note = muted(
            SpokenLabel(
                "goalsNote",
                tr("Note"),
                tr(
                    "Changing the words keeps a goal's ratings. For a new goal in its place, "
                    "press End first: the old goal and its ratings stay in your journal."
                ),
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.problem = ErrorLabel("goalsProblem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for which, name, said in (
            (QDialogButtonBox.StandardButton.Save, "goalsSave", tr("Save goals")),
            (QDialogButtonBox.StandardButton.Cancel, "goalsCancel", tr("Cancel")),
        ):
            named(buttons.button(which), name, said)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def end(self, n: int) -> None:
        """The goal on line `n` ends at Save; the line is free for a new one."""
        row = self.rows[n]
        row.uid = None
        row.line.clear()
        row.lock.setChecked(False)
        row.end.setEnabled(False)
        row.line.setFocus()

    def drafts(self) -> list[GoalDraft]:
        return [GoalDraft(r.uid, r.line.text(), r.lock.isChecked()) for r in self.rows]

    def save(self) -> None:
        try:
            self.goals.set_goals(self.drafts())
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        self.accept()
