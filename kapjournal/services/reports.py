"""Reports for the therapist: choose entries, build the report, write it, record it.

A report never holds a private answer, in any format; it says how many it left out. The
patient's complete archive (everything, private answers too) is services/archives.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.domain import Entry, EntryFilter, ExportRecord
from kapjournal.export.html import to_html
from kapjournal.export.markdown import to_markdown
from kapjournal.export.report import Report, build_report
from kapjournal.services.written import write_recorded

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.storage.repository import Repository

REPORT_FORMATS = ("md", "html")
MAX_ENTRIES = 100_000


@dataclass(frozen=True)
class ReportWritten:
    path: Path
    entries: int
    withheld: int


class ReportService:
    def __init__(self, repo: Repository, journal: JournalService) -> None:
        self._repo = repo
        self._journal = journal

    def select(self, flt: EntryFilter | None = None, uids: Sequence[str] = ()) -> list[Entry]:
        """The entries named by uid when any are given, else those the filter matches."""
        if uids:
            found = (self._repo.entry(u) for u in dict.fromkeys(uids))
            return [e for e in found if e is not None]
        return self._repo.entries(flt, limit=MAX_ENTRIES)

    def build(self, entries: Sequence[Entry]) -> Report:
        repo = self._repo
        return build_report(
            entries,
            sessions=repo.sessions(),
            measures=repo.measures(),
            instruments=self._journal.catalog.instruments,
            generated_at=self._journal.clock(),
            all_entries=repo.all_entries(),
        )

    def write(self, report: Report, dest: Path, fmt: str = "md") -> ReportWritten:
        if fmt not in REPORT_FORMATS:
            raise ValueError(f"unknown report format {fmt!r}")
        record = ExportRecord(
            format=f"report-{fmt}",
            entry_count=report.entry_count,
            withheld_count=report.withheld,
            destination=str(dest),
        )
        text = to_html(report) if fmt == "html" else to_markdown(report)
        write_recorded(self._repo, Path(dest), text, record)
        return ReportWritten(Path(dest), report.entry_count, report.withheld)
