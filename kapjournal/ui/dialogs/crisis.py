"""Crisis resources: reachable from Help at all times, and shown at once on a safety flag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from kapjournal.domain import Entry
from kapjournal.export.render import escape
from kapjournal.settings import Settings
from kapjournal.ui.widgets import MarkdownView, SpokenLabel, named, tr


def crisis_text(settings: Settings, reason: str = "") -> str:
    parts = []
    if reason:
        parts.append(f"<p><b>{escape(reason)}</b></p>")
    parts.append(
        "<h2>" + tr("If you are in danger or thinking of ending your life") + "</h2>"
        "<ul>"
        + "<li>"
        + tr("Crisis line")
        + f": <b>{escape(settings.crisis_line)}</b></li><li>"
        + tr("Emergency services")
        + f": <b>{escape(settings.emergency_number)}</b></li><li>"
        + tr("Or go to the nearest emergency department, or call someone you trust.")
        + "</li></ul>"
        "<p><b>"
        + tr("Nobody monitors this journal.")
        + "</b> "
        + tr(
            "What you write here stays on this computer, so the app cannot get help for you. "
            "Please reach out to a person."
        )
        + "</p>"
        "<p>" + tr("You can change the crisis line for your region in Settings.") + "</p>"
    )
    return "".join(parts)


def safety_plan_markdown(plan: Entry) -> str:
    lines = ["## " + tr("My safety plan")]
    for a in plan.answers:
        if a.text.strip():
            lines += [f"**{a.prompt}**", "", a.text.strip(), ""]
    return "\n".join(lines)


class CrisisDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        reason: str = "",
        safety_plan: Entry | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "crisisDialog", tr("Crisis resources"))
        self.setWindowTitle(tr("Help right now"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        text = SpokenLabel("crisisText", tr("Crisis resources"), crisis_text(settings, reason))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(text)
        if safety_plan is not None and any(a.text.strip() for a in safety_plan.answers):
            view = MarkdownView("crisisSafetyPlan", tr("My safety plan"), self)
            view.set_markdown_text(safety_plan_markdown(safety_plan))
            layout.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "crisisClose", tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
