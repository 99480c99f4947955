"""The therapist's side: a practice store where the reports patients chose to share come
together, one patient per journal, with the therapist's private notes. Both front doors (the
practice window and `kapjournal practice`) call this, never the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapjournal.errors import StorageError, WrongPassphrase
from kapjournal.i18n import tr
from kapjournal.services import practice_course
from kapjournal.services.clock import Clock, local_now

if TYPE_CHECKING:
    from kapjournal.archive.shared import SharedReport
    from kapjournal.services.vault_admin import VaultAdmin
    from kapjournal.storage.practice import PracticeRecords, PracticeVault, StoredPatient

NEW = "new"  # `--as new`: a version 1 report's patient is someone not yet in the practice
MAX_NOTE = 100_000  # characters: pages of notes, far below anything that hurts the store


class NeedsPatient(StorageError):
    """A version 1 report names its patient only by name, and someone of that name is in the
    practice already: the therapist says whether it is them (`candidates`) or someone new."""

    def __init__(self, message: str, candidates: list[Any]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Added:
    patient: str  # the patient's id
    name: str
    new: bool  # False: this report was in the practice already, and nothing changed


class PracticeService:
    def __init__(self, records: PracticeRecords, *, clock: Clock = local_now) -> None:
        self._records = records
        self._clock = clock

    # -- reports in --------------------------------------------------------------------------
    def read(self, path: Path) -> SharedReport:
        """A shared report, checked (ArchiveError with one sentence when it is not one)."""
        from kapjournal.archive.shared import read_shared

        return read_shared(path)

    def add(self, path: Path | SharedReport, *, patient: str | None = None) -> Added:
        """Add a report to its patient's course. Version 2 names its journal; version 1 only
        a name, so with someone of that name here already, `patient` must say who (an id, or
        NEW), else NeedsPatient."""
        report = path if not isinstance(path, Path) else self.read(path)
        # Added before: its patient, whoever it is said to be (a version 1 report asks no one).
        key = self._records.holder(report.digest) or self._key_for(report, patient)
        new = self._records.add_report(
            key,
            report.patient,
            digest=report.digest,
            version=report.version,
            generated_at=report.generated_at,
            head=report.head,
            entries=report.entries,
            now=self._clock(),
            summarize=practice_course.summary,
        )
        found = self._records.patient(key)
        return Added(key, found.name if found else report.patient, new)

    def _key_for(self, report: SharedReport, patient: str | None) -> str:
        if report.version >= 2:
            return report.journal_id
        if patient == NEW:
            return self._records.new_key()
        if patient is not None:
            return self.find(patient).key
        same = self._records.named(report.patient)
        if not same:
            return self._records.new_key()
        raise NeedsPatient(
            tr(
                "This report is of an older kind that names its patient only by name, and "
                "\u201c{name}\u201d is in your practice already ({ids}): say whether it is them "
                "or someone new."
            ).format(name=report.patient, ids=", ".join(short(p.key) for p in same)),
            same,
        )

    # -- reading -----------------------------------------------------------------------------
    def patients(self) -> list[dict[str, Any]]:
        """Every patient's row, flagged first (newest flag first), then by latest report."""
        rows = [{"id": p.key, "name": p.name, **p.summary} for p in self._records.patients()]
        rows.sort(key=lambda r: r["latest_report"] or "", reverse=True)
        rows.sort(key=lambda r: r["latest_flag"] or "", reverse=True)
        return rows

    def find(self, spec: str) -> StoredPatient:
        """A patient by id (or its first 6 or more characters) or by the exact name."""
        spec = spec.strip()
        everyone = self._records.patients()
        found = [p for p in everyone if p.key == spec]
        if not found and len(spec) >= 6:
            found = [p for p in everyone if p.key.startswith(spec.lower())]
        if not found:
            found = [p for p in everyone if p.name == spec and spec]
        if len(found) == 1:
            return found[0]
        if not found:
            raise LookupError(
                tr("No patient in this practice has the id or name \u201c{spec}\u201d; "
                   "`kapjournal practice list` shows them.").format(spec=spec)
            )  # fmt: skip
        raise LookupError(
            tr("More than one patient matches \u201c{spec}\u201d ({ids}); give the id.").format(
                spec=spec, ids=", ".join(short(p.key) for p in found)
            )
        )

    def course(self, patient: str) -> dict[str, Any]:
        """One patient's course merged across their reports, with each report's entries and
        the therapist's notes."""
        p = self.find(patient)
        merged = practice_course.course(self._records.reports(p.key))
        merged["entries"] = [
            {"report": at.isoformat(timespec="seconds"), "entries": entries}
            for at, entries in self._records.entries(p.key)
        ]
        merged["notes"] = self.notes(p.key)
        return {"id": p.key, "name": p.name, **merged}

    def notes(self, patient: str) -> list[dict[str, str]]:
        key = self.find(patient).key
        return [
            {"at": n.written_at.isoformat(timespec="seconds"), "text": n.text}
            for n in self._records.notes(key)
        ]

    # -- the therapist's changes -------------------------------------------------------------
    def note(self, patient: str, text: str) -> None:
        """A private note of the therapist's: it stays in this store, in no report or export."""
        text = text.strip()
        if not text:
            raise StorageError(tr("The note is empty; nothing was added."))
        if len(text) > MAX_NOTE:
            raise StorageError(
                tr("A note holds at most {n} characters; split it in two.").format(n=MAX_NOTE)
            )
        self._records.add_note(self.find(patient).key, text, self._clock())

    def remove(self, patient: str) -> str:
        """Remove a patient with their reports and notes; returns the name removed."""
        p = self.find(patient)
        self._records.remove_patient(p.key)
        return p.name


def short(key: str) -> str:
    """The first characters of an id, enough to tell patients apart when typing it."""
    return key[:8]


class OpenPractice:
    """The services over one unlocked practice store (like OpenJournal for a journal)."""

    def __init__(self, vault: PracticeVault, *, clock: Clock = local_now) -> None:
        from kapjournal.storage.practice import PracticeRecords

        self._vault = vault
        self.practice = PracticeService(PracticeRecords(vault), clock=clock)

    @cached_property
    def admin(self) -> VaultAdmin:
        from kapjournal.services.vault_admin import VaultAdmin

        return VaultAdmin(self._vault)

    @property
    def path(self) -> Path:
        return self._vault.path

    @property
    def is_open(self) -> bool:
        return self._vault.is_open

    def lock(self) -> None:
        self._vault.lock()

    def __enter__(self) -> OpenPractice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


def create_practice(path: Path, passphrase: str, *, clock: Clock = local_now) -> OpenPractice:
    """A new, empty encrypted practice store at `path` (refused when a file is there)."""
    from kapjournal.storage.practice import PracticeVault

    return OpenPractice(PracticeVault.create(Path(path), passphrase), clock=clock)


def open_practice(
    path: Path,
    *,
    passphrase: str | None = None,
    raw_key: str | None = None,
    clock: Clock = local_now,
) -> OpenPractice:
    from kapjournal.storage.practice import PracticeVault
    from kapjournal.storage.secret import Secret

    try:
        secret = Secret(passphrase=passphrase) if passphrase else Secret(raw_key=raw_key)
    except ValueError:
        raise WrongPassphrase(
            tr("That passphrase or remembered key cannot unlock the practice; type its "
               "passphrase.")
        ) from None  # fmt: skip
    try:
        return OpenPractice(PracticeVault.unlock(Path(path), secret), clock=clock)
    except WrongPassphrase:  # the vault's sentence speaks of a journal
        raise WrongPassphrase(
            tr("That passphrase does not unlock this practice store; check it and try again.")
        ) from None
