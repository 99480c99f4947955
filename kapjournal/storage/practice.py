"""The therapist's practice store: patients, the reports they shared and the therapist's own
notes, in an encrypted file of its own (never a patient's journal).

The same vault as a journal (key derivation, locking, backups, checks), with its own tables
and application id: a journal cannot be opened as a practice store, nor the other way round.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kapjournal.storage import schema
from kapjournal.storage.timestamps import parse_ts, ts
from kapjournal.storage.vault import Vault

# Released versions are never edited: add a migration (see storage/schema.py).
MIGRATIONS = [
    # 0 -> 1: the first practice store.
    f"""
    PRAGMA application_id = {schema.PRACTICE_ID};
    CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '{{}}'
    );
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        digest TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        generated_at TEXT NOT NULL,
        added_at TEXT NOT NULL,
        head TEXT NOT NULL,
        entries TEXT NOT NULL
    );
    CREATE INDEX reports_patient ON reports(patient_id, generated_at);
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        written_at TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX notes_patient ON notes(patient_id, written_at);
    """,
]


class PracticeVault(Vault):
    MIGRATIONS = MIGRATIONS
    APP_ID = schema.PRACTICE_ID


@dataclass(frozen=True)
class StoredPatient:
    key: str  # the reports' journal_id, or a random one for a version 1 report's patient
    name: str
    added_at: datetime
    summary: dict[str, Any]  # the patients list's row, kept up to date by the service


@dataclass(frozen=True)
class StoredReport:
    version: int
    generated_at: datetime
    added_at: datetime
    head: dict[str, Any]


@dataclass(frozen=True)
class StoredNote:
    written_at: datetime
    text: str


Summarize = Callable[[list["StoredReport"]], dict[str, Any]]


class PracticeRecords:
    """Patients, reports and notes; every change is one committed transaction."""

    def __init__(self, vault: PracticeVault) -> None:
        self.vault = vault

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(16)

    def patients(self) -> list[StoredPatient]:
        rows = self.vault.conn.execute("SELECT key, name, added_at, summary FROM patients")
        return [StoredPatient(k, n, parse_ts(a), json.loads(s)) for k, n, a, s in rows]

    def patient(self, key: str) -> StoredPatient | None:
        return next((p for p in self._patients("key = ?", key)), None)

    def named(self, name: str) -> list[StoredPatient]:
        return self._patients("name = ?", name)

    def _patients(self, where: str, value: str) -> list[StoredPatient]:
        rows = self.vault.conn.execute(
            f"SELECT key, name, added_at, summary FROM patients WHERE {where}", (value,)
        )
        return [StoredPatient(k, n, parse_ts(a), json.loads(s)) for k, n, a, s in rows]

    def has_report(self, digest: str) -> bool:
        found = self.vault.conn.execute("SELECT 1 FROM reports WHERE digest = ?", (digest,))
        return found.fetchone() is not None

    def holder(self, digest: str) -> str | None:
        """The key of the patient a report (by its digest) was added to; None when new."""
        found = self.vault.conn.execute(
            "SELECT p.key FROM reports r JOIN patients p ON p.id = r.patient_id WHERE r.digest = ?",
            (digest,),
        ).fetchone()
        return str(found[0]) if found else None

    def add_report(
        self,
        key: str,
        name: str,
        *,
        digest: str,
        version: int,
        generated_at: datetime,
        head: dict[str, Any],
        entries: list[dict[str, Any]],
        now: datetime,
        summarize: Summarize,
    ) -> bool:
        """Add a report to its patient (made when new), and the patient's new summary, in one
        transaction; False when this report was added before (nothing changes)."""
        with self.vault.transaction() as c:
            if c.execute("SELECT 1 FROM reports WHERE digest = ?", (digest,)).fetchone():
                return False
            c.execute(
                "INSERT INTO patients (key, name, added_at) VALUES (?,?,?) "
                "ON CONFLICT(key) DO NOTHING",
                (key, name, ts(now)),
            )
            pid = c.execute("SELECT id FROM patients WHERE key = ?", (key,)).fetchone()[0]
            c.execute(
                """INSERT INTO reports (patient_id, digest, version, generated_at, added_at,
                       head, entries) VALUES (?,?,?,?,?,?,?)""",
                (pid, digest, version, ts(generated_at), ts(now),
                 json.dumps(head, ensure_ascii=False), json.dumps(entries, ensure_ascii=False)),
            )  # fmt: skip
            self._resummarize(c, pid, summarize)
        return True

    def _resummarize(self, c: Any, pid: int, summarize: Summarize) -> None:
        """The patient's name is the one on their latest report; the summary is made anew."""
        reports = self._reports(c, pid)
        name = reports[-1].head.get("patient", "") if reports else ""
        c.execute(
            "UPDATE patients SET name = ?, summary = ? WHERE id = ?",
            (name, json.dumps(summarize(reports), ensure_ascii=False), pid),
        )

    def reports(self, key: str) -> list[StoredReport]:
        """A patient's reports, oldest first, without their entries."""
        return self._reports(self.vault.conn, self._id(key))

    @staticmethod
    def _reports(c: Any, pid: int) -> list[StoredReport]:
        rows = c.execute(
            "SELECT version, generated_at, added_at, head FROM reports WHERE patient_id = ? "
            "ORDER BY generated_at, id",
            (pid,),
        )
        return [StoredReport(v, parse_ts(g), parse_ts(a), json.loads(h)) for v, g, a, h in rows]

    def entries(self, key: str) -> list[tuple[datetime, list[dict[str, Any]]]]:
        """Each report's entries with the report's date, oldest report first."""
        rows = self.vault.conn.execute(
            "SELECT generated_at, entries FROM reports WHERE patient_id = ? "
            "ORDER BY generated_at, id",
            (self._id(key),),
        )
        return [(parse_ts(g), json.loads(e)) for g, e in rows]

    def remove_patient(self, key: str) -> None:
        with self.vault.transaction() as c:
            c.execute("DELETE FROM patients WHERE key = ?", (key,))

    def add_note(self, key: str, text: str, now: datetime) -> None:
        with self.vault.transaction() as c:
            c.execute(
                "INSERT INTO notes (patient_id, written_at, text) VALUES (?,?,?)",
                (self._id(key, c), ts(now), text),
            )

    def notes(self, key: str) -> list[StoredNote]:
        rows = self.vault.conn.execute(
            "SELECT written_at, text FROM notes WHERE patient_id = ? ORDER BY written_at, id",
            (self._id(key),),
        )
        return [StoredNote(parse_ts(w), t) for w, t in rows]

    def _id(self, key: str, c: Any = None) -> int:
        row = (
            (c or self.vault.conn)
            .execute("SELECT id FROM patients WHERE key = ?", (key,))
            .fetchone()
        )
        if row is None:
            raise LookupError(key)
        return int(row[0])
