"""What an archive carries, as domain objects: the one shape every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from kapjournal.domain import Attachment, Entry, ExportRecord, MeasureResult, Session, StoredPack


@dataclass
class ArchiveContents:
    """Everything an archive carries, as domain objects."""

    sessions: list[Session] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    measures: list[MeasureResult] = field(default_factory=list)
    exports: list[ExportRecord] = field(default_factory=list)
    packs: list[StoredPack] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)  # with their bytes

    def counts(self) -> dict[str, int]:
        return {
            "sessions": len(self.sessions),
            "entries": len(self.entries),
            "measures": len(self.measures),
            "exports": len(self.exports),
            "packs": len(self.packs),
            "attachments": len(self.attachments),
        }
