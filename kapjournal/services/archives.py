"""The patient's own complete copy: export everything to the portable JSON archive, and import
an archive, a jrnl export or a Day One export all-or-nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal import archive
from kapjournal.archive import portable
from kapjournal.domain import ExportRecord
from kapjournal.errors import ArchiveError
from kapjournal.i18n import tr
from kapjournal.services.written import write_recorded

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.storage.repository import Repository

FORMATS = archive.FORMATS


@dataclass(frozen=True)
class ArchiveWritten:
    path: Path
    entries: int


class ArchiveService:
    def __init__(self, repo: Repository, journal: JournalService) -> None:
        self._repo = repo
        self._journal = journal

    def export_archive(self, dest: Path) -> ArchiveWritten:
        """Everything, private answers included, as an unencrypted JSON file; recorded in the
        vault's export history."""
        repo = self._repo
        contents = portable.ArchiveContents(
            sessions=repo.sessions(),
            entries=list(repo.all_entries()),
            measures=repo.measures(),
            exports=repo.exports(),
            packs=repo.packs(),
        )
        write_recorded(
            repo,
            Path(dest),
            portable.to_json(portable.build_archive(contents)),
            ExportRecord(
                format="json-archive", entry_count=len(contents.entries), destination=str(dest)
            ),
        )
        return ArchiveWritten(Path(dest), len(contents.entries))

    def import_file(self, path: Path, fmt: str = "kapjournal") -> dict[str, int]:
        """Validate the whole file, then write it in one transaction. Returns counts per kind;
        importing the same file twice changes nothing the second time."""
        contents = portable.read_file(Path(path), fmt)
        repo = self._repo
        known_sessions = {s.uid for s in contents.sessions} | {s.uid for s in repo.sessions()}
        for e in contents.entries:
            if e.session_uid and e.session_uid not in known_sessions:
                raise ArchiveError(
                    tr(
                        "{path}: entry {uid} names a session {session} that is not in the "
                        "file; nothing was imported."
                    ).format(path=path, uid=e.uid, session=e.session_uid)
                )
        with repo.vault.transaction():
            for s in contents.sessions:
                repo.save_session(s, touch=False)
            for e in contents.entries:
                repo.save_entry(e, touch=False)
            for m in contents.measures:
                repo.save_measure(m)
            existing = {(x.at, x.format, x.destination) for x in repo.exports()}
            for x in contents.exports:
                if (x.at, x.format, x.destination) not in existing:
                    repo.record_export(x)
            for p in contents.packs:
                repo.save_pack(p)
        if contents.packs:
            self._journal.reload_catalog()
        return contents.counts()
