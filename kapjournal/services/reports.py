"""Reports for the therapist: choose entries, build the report, write it, record it.

A report never holds a private answer, in any format; it says how many it left out. The
patient's complete archive (everything, private answers too) is services/archives.py.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.domain import Attachment, Entry, EntryFilter, ExportRecord, SessionStatus
from kapjournal.export import formats
from kapjournal.export.formats import Options, Renderer
from kapjournal.export.html import ChartSvg
from kapjournal.export.report import Report, build_report
from kapjournal.i18n import format_date, tr
from kapjournal.services.section import CHECK_IN_KEY, MOOD, SAFETY_PLAN_KEY
from kapjournal.services.written import write_recorded

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.storage.repository import Repository

REPORT_FORMATS = formats.NAMES  # the registry's (kapjournal/export/formats.py)
MAX_ENTRIES = 100_000


@dataclass(frozen=True)
class ReportWritten:
    path: Path
    entries: int
    withheld: int
    withheld_results: int = 0


@dataclass(frozen=True)
class StartingPoint:
    day: date
    last_report: bool  # the day of the last report; else of the last session

    def sentence(self) -> str:
        text = (
            tr("Starting from your last report, on {day}.")
            if self.last_report
            else tr("Starting from your last session, on {day}.")
        )
        return text.format(day=format_date(datetime.combine(self.day, time(12)), "medium"))


class ReportService:
    def __init__(self, repo: Repository, journal: JournalService) -> None:
        self._repo = repo
        self._journal = journal

    def select(
        self,
        flt: EntryFilter | None = None,
        uids: Sequence[str] = (),
        *,
        safety_plan: bool = False,
    ) -> list[Entry]:
        """The entries named by uid when any are given, else those the filter matches. The
        safety plan goes out only when asked for by `safety_plan` (its own choice, "Include my
        safety plan"), however the entries are chosen: it is the patient's plan for the worst
        moments, not an entry like the others."""
        if uids:
            found = (self._repo.entry(u) for u in dict.fromkeys(uids))
            chosen = [e for e in found if e is not None]
        else:
            chosen = self._repo.entries(flt, limit=MAX_ENTRIES)
        if safety_plan:
            plan = self._journal.safety_plan()
            if plan is not None and all(e.uid != plan.uid for e in chosen):
                chosen.append(plan)
            return chosen
        return [e for e in chosen if e.template_id != SAFETY_PLAN_KEY]

    def starting_point(self) -> StartingPoint | None:
        """Where a new report starts by default: the day of the last report written, or of
        the last session when there is none; None with neither (then every entry)."""
        names = {f.history_name for f in formats.FORMATS}
        reports = [x for x in self._repo.exports() if x.format in names]
        if reports:
            return StartingPoint(max(x.at for x in reports).astimezone().date(), last_report=True)
        done = [s.scheduled_at for s in self._journal.course.sessions()
                if s.status is SessionStatus.DONE]  # fmt: skip
        return StartingPoint(max(done).astimezone().date(), last_report=False) if done else None

    def history(self) -> list[ExportRecord]:
        """Every report and archive written, newest first."""
        return list(reversed(self._repo.exports()))

    def attachments_of(self, entries: Sequence[Entry]) -> list[Attachment]:
        """The pictures and voice notes of these entries (without their bytes), to choose from."""
        return [a for e in entries for a in self._repo.attachments(e.uid)]

    def build(self, entries: Sequence[Entry], attached: Collection[str] = ()) -> Report:
        """A report of `entries`, with the pictures and voice notes whose uids are in
        `attached` (none unless chosen: nothing attached leaves the vault unless the patient
        says so)."""
        repo = self._repo
        chosen: dict[str, list[Attachment]] = {}
        for a in self.attachments_of(entries):
            if a.uid in attached:
                chosen.setdefault(a.entry_uid, []).append(
                    replace(a, data=repo.attachment_data(a.uid))
                )
        return build_report(
            entries,
            sessions=repo.sessions(),
            measures=repo.measures(),
            instruments=self._journal.catalog.instruments,
            generated_at=self._journal.clock(),
            all_entries=repo.all_entries(),
            flag_history=repo.flag_history(),
            attached=chosen,
            templates={t.key: t for t in self._journal.catalog.templates},
            acknowledgements=repo.acknowledgements(),
            goals=repo.goals(),
            goal_ratings=repo.goal_ratings(),
            mood=[  # the lifts: from the chosen check-ins, never a private answer
                (e.created_at, a.number)
                for e in entries
                if e.template_id == CHECK_IN_KEY
                for a in e.answers
                if a.item_id == MOOD and a.number is not None and not a.private
            ],
            for_therapist={
                (t.key, i.id)
                for t in self._journal.catalog.templates
                for i in t.items
                if i.for_therapist
            },
        )

    def render(
        self,
        report: Report,
        fmt: str,
        *,
        renderer: Renderer | None = None,
        patient: str = "",
        charts: ChartSvg | None = None,
        recipient: str = "",
    ) -> str | bytes:
        """The report in a format of the registry. A format laid out by Qt needs the
        `renderer` its front door hands in (PDF: kapjournal.export.pdf.to_pdf). The share
        file carries this journal's random id for `recipient` (made on first use)."""
        f = formats.get(fmt)
        if f.writer is not None:
            journal_id = self._repo.journal_id(recipient) if f.name == "share" else ""
            return f.writer(
                report,
                Options(patient=patient, charts=charts, journal_id=journal_id, recipient=recipient),
            )
        if renderer is None:
            raise ValueError(f"a {f.name} report needs its renderer")
        return renderer(report)

    def save(self, report: Report, dest: Path, fmt: str, content: str | bytes) -> ReportWritten:
        """Write rendered content atomically and record it in the export history, as one
        unit."""
        record = ExportRecord(
            format=formats.get(fmt).history_name,
            entry_count=report.entry_count,
            withheld_count=report.withheld,
            destination=str(dest),
            entry_uids=tuple(e.uid for section in report.sections for e in section.entries),
        )
        write_recorded(self._repo, Path(dest), content, record)
        return ReportWritten(
            Path(dest), report.entry_count, report.withheld, report.withheld_results
        )

    def write(
        self,
        report: Report,
        dest: Path,
        fmt: str = "md",
        *,
        pdf: Renderer | None = None,
        patient: str = "",
        charts: ChartSvg | None = None,
        recipient: str = "",
    ) -> ReportWritten:
        """Render and save."""
        content = self.render(
            report, fmt, renderer=pdf, patient=patient, charts=charts, recipient=recipient
        )
        return self.save(report, dest, fmt, content)
