"""What an archive carries, as domain objects: the one shape every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kapjournal.domain import (
    Attachment,
    Entry,
    ExportRecord,
    FlagAcknowledgement,
    FlagRecord,
    Goal,
    GoalRating,
    MeasureResult,
    Session,
    StoredPack,
)


@dataclass
class ArchiveContents:
    """Everything an archive carries, as domain objects."""

    sessions: list[Session] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    measures: list[MeasureResult] = field(default_factory=list)
    exports: list[ExportRecord] = field(default_factory=list)
    packs: list[StoredPack] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)  # with their bytes
    flags: list[FlagRecord] = field(default_factory=list)  # every flag ever raised
    dismissals: list[tuple[str, str, str, datetime]] = field(default_factory=list)  # skips
    acknowledgements: list[FlagAcknowledgement] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)  # ended ones too
    goal_ratings: list[GoalRating] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "sessions": len(self.sessions),
            "entries": len(self.entries),
            "measures": len(self.measures),
            "exports": len(self.exports),
            "packs": len(self.packs),
            "attachments": len(self.attachments),
            "flags": len(self.flags),
            "dismissals": len(self.dismissals),
            "acknowledgements": len(self.acknowledgements),
            "goals": len(self.goals),
            "goal_ratings": len(self.goal_ratings),
        }
