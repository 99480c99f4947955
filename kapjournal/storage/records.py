"""Questionnaire results, export history and imported prompt packs in the vault."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from kapjournal.domain import (
    Attachment,
    ExportRecord,
    FlagAcknowledgement,
    FlagRecord,
    MeasureResult,
    StoredPack,
    utcnow,
)
from kapjournal.storage.captures import CaptureRecords
from kapjournal.storage.goals import GoalRecords
from kapjournal.storage.timestamps import parse_ts, ts
from kapjournal.storage.vault import Vault

YEAR = timedelta(days=365)


class Records(GoalRecords, CaptureRecords):
    """The smaller record kinds; Repository builds on this."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- questionnaires --------------------------------------------------------------------
    def save_measure(self, m: MeasureResult) -> MeasureResult:
        with self.vault.transaction() as c:
            session_id = None
            if m.session_uid:
                row = c.execute("SELECT id FROM sessions WHERE uid=?", (m.session_uid,)).fetchone()
                session_id = row[0] if row else None
            c.execute(
                """INSERT INTO measures (uid, instrument, answers, total, band, flags, subscores,
                       session_id, entry_uid, completed_at, amends)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(uid) DO UPDATE SET instrument=excluded.instrument,
                       answers=excluded.answers, total=excluded.total, band=excluded.band,
                       flags=excluded.flags, subscores=excluded.subscores,
                       session_id=excluded.session_id, entry_uid=excluded.entry_uid,
                       completed_at=excluded.completed_at, amends=excluded.amends""",
                (
                    m.uid,
                    m.instrument,
                    json.dumps(m.answers),
                    m.total,
                    m.band,
                    json.dumps(m.flags),
                    json.dumps(m.subscores),
                    session_id,
                    m.entry_uid,
                    ts(m.completed_at),
                    m.amends,
                ),
            )
            # In the same transaction: a flag is in the history as soon as it is stored.
            c.executemany(
                """INSERT OR IGNORE INTO flag_history (result_uid, instrument, rule, raised_at)
                   VALUES (?,?,?,?)""",
                [(m.uid, m.instrument, rule, ts(m.completed_at)) for rule in m.flags],
            )
            m.id = c.execute("SELECT id FROM measures WHERE uid=?", (m.uid,)).fetchone()[0]
        return m

    def save_attachment(self, a: Attachment) -> Attachment:
        if a.data is None:
            raise ValueError("an attachment is saved with its bytes")
        with self.vault.transaction() as c:
            row = c.execute("SELECT id FROM entries WHERE uid=?", (a.entry_uid,)).fetchone()
            if row is None:
                raise LookupError(a.entry_uid)
            c.execute(
                """INSERT INTO attachments (uid, entry_id, kind, name, mime, size, width, height,
                       duration_ms, data, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(uid) DO UPDATE SET name=excluded.name""",
                (a.uid, row[0], a.kind, a.name, a.mime, a.size, a.width, a.height,
                 a.duration_ms, a.data, ts(a.created_at)),
            )  # fmt: skip
        return a

    def attachments(self, entry_uid: str | None = None) -> list[Attachment]:
        """Attachments without their bytes, oldest first: one entry's, or all."""
        sql = """SELECT a.uid, e.uid, a.kind, a.name, a.mime, a.size, a.width, a.height,
                        a.duration_ms, a.created_at
                 FROM attachments a JOIN entries e ON e.id = a.entry_id"""
        params: tuple[str, ...] = ()
        if entry_uid is not None:
            sql += " WHERE e.uid = ?"
            params = (entry_uid,)
        sql += " ORDER BY a.created_at, a.id"
        return [
            Attachment(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], None, r[0], parse_ts(r[9]))
            for r in self.vault.conn.execute(sql, params)
        ]

    def attachment_data(self, uid: str) -> bytes | None:
        row = self.vault.conn.execute("SELECT data FROM attachments WHERE uid=?", (uid,)).fetchone()
        return bytes(row[0]) if row else None

    def rename_attachment(self, uid: str, name: str) -> None:
        with self.vault.transaction() as c:
            c.execute("UPDATE attachments SET name=? WHERE uid=?", (name, uid))

    def delete_attachment(self, uid: str) -> None:
        with self.vault.transaction() as c:
            c.execute("DELETE FROM attachments WHERE uid=?", (uid,))

    def record_flags(self, result_uid: str, source: str, rules: list[str], at: datetime) -> None:
        """Flags raised on something other than a questionnaire (a page's item rules)."""
        with self.vault.transaction() as c:
            c.executemany(
                """INSERT OR IGNORE INTO flag_history (result_uid, instrument, rule, raised_at)
                   VALUES (?,?,?,?)""",
                [(result_uid, source, rule, ts(at)) for rule in rules],
            )

    def acknowledge_flags(self, reason: str, at: datetime) -> None:
        with self.vault.transaction() as c:
            c.execute(
                "INSERT INTO flag_acknowledgements (at, reason) VALUES (?,?)", (ts(at), reason)
            )

    def journal_id(self, recipient: str) -> str:
        """The random id this journal's shared reports to `recipient` carry: made on first use
        (128 random bits, derived from nothing), the same for every later report to them, and
        another for another recipient, so two clinics cannot link their copies."""
        with self.vault.transaction() as c:
            row = c.execute(
                "SELECT journal_id FROM recipients WHERE label = ?", (recipient,)
            ).fetchone()
            if row is not None:
                return str(row[0])
            made = secrets.token_hex(16)
            c.execute(
                "INSERT INTO recipients (label, journal_id, created_at) VALUES (?,?,?)",
                (recipient, made, ts(utcnow())),
            )
            return made

    def acknowledgements(self) -> list[FlagAcknowledgement]:
        """Every acknowledgement of the safety flags, oldest first."""
        rows = self.vault.conn.execute(
            "SELECT at, reason FROM flag_acknowledgements ORDER BY at, id"
        )
        return [FlagAcknowledgement(parse_ts(r[0]), r[1]) for r in rows]

    def flag_history(self, since: datetime | None = None) -> list[FlagRecord]:
        """Every safety flag ever raised (since `since`), oldest first."""
        rows = self.vault.conn.execute(
            """SELECT result_uid, instrument, rule, raised_at FROM flag_history
               WHERE raised_at >= ? ORDER BY raised_at, id""",
            (ts(since) if since else "",),
        )
        return [FlagRecord(r[0], r[1], r[2], parse_ts(r[3])) for r in rows]

    def measures(
        self, instrument: str | None = None, *, uid: str | None = None
    ) -> list[MeasureResult]:
        """Questionnaire results, oldest first: all, one instrument's, or the one with `uid`."""
        sql = """SELECT m.id, m.uid, m.instrument, m.answers, m.total, m.band, m.flags,
                        m.subscores, s.uid, m.entry_uid, m.completed_at, m.amends
                 FROM measures m LEFT JOIN sessions s ON s.id = m.session_id"""
        clauses, params = [], []
        for column, value in (("m.instrument", instrument), ("m.uid", uid)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY m.completed_at, m.id"
        return [
            MeasureResult(
                id=r[0],
                uid=r[1],
                instrument=r[2],
                answers=json.loads(r[3]),
                total=r[4],
                band=r[5],
                flags=json.loads(r[6]),
                subscores=json.loads(r[7]),
                session_uid=r[8],
                entry_uid=r[9],
                completed_at=parse_ts(r[10]),
                amends=r[11],
            )
            for r in self.vault.conn.execute(sql, params)
        ]

    # -- export history --------------------------------------------------------------------
    def record_export(self, rec: ExportRecord) -> ExportRecord:
        with self.vault.transaction() as c:
            cur = c.execute(
                """INSERT INTO exports (at, format, entry_count, withheld_count, destination,
                       entries) VALUES (?,?,?,?,?,?)""",
                (
                    ts(rec.at),
                    rec.format,
                    rec.entry_count,
                    rec.withheld_count,
                    rec.destination,
                    json.dumps(list(rec.entry_uids)),
                ),
            )
            rec.id = cur.lastrowid
        return rec

    def exports(self) -> list[ExportRecord]:
        return [
            ExportRecord(
                id=r[0],
                at=parse_ts(r[1]),
                format=r[2],
                entry_count=r[3],
                withheld_count=r[4],
                destination=r[5],
                entry_uids=tuple(json.loads(r[6])),
            )
            for r in self.vault.conn.execute(
                "SELECT id, at, format, entry_count, withheld_count, destination, entries "
                "FROM exports ORDER BY at, id"
            )
        ]

    # -- items skipped on Today -----------------------------------------------------------
    def dismiss(self, items: list[tuple[str, str, str]], at: datetime) -> None:
        """Remember (ident, kind, key) items as skipped; forget skips older than a year."""
        with self.vault.transaction() as c:
            c.executemany(
                "INSERT OR REPLACE INTO dismissals (item, kind, key, dismissed_at) "
                "VALUES (?,?,?,?)",
                [(ident, kind, key, ts(at)) for ident, kind, key in items],
            )
            c.execute("DELETE FROM dismissals WHERE dismissed_at < ?", (ts(at - YEAR),))

    def undismiss(self, idents: list[str]) -> None:
        with self.vault.transaction() as c:
            c.executemany("DELETE FROM dismissals WHERE item = ?", [(i,) for i in idents])

    def dismissals(self) -> list[tuple[str, str, str, datetime]]:
        """(ident, kind, key, when) of every skipped item."""
        return [
            (r[0], r[1], r[2], parse_ts(r[3]))
            for r in self.vault.conn.execute(
                "SELECT item, kind, key, dismissed_at FROM dismissals ORDER BY dismissed_at"
            )
        ]

    # -- prompt packs ------------------------------------------------------------------------
    def save_pack(self, pack: StoredPack) -> StoredPack:
        with self.vault.transaction() as c:
            c.execute(
                """INSERT INTO packs (id, name, version, author, toml, imported_at)
                   VALUES (?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET name=excluded.name, version=excluded.version,
                       author=excluded.author, toml=excluded.toml,
                       imported_at=excluded.imported_at""",
                (pack.id, pack.name, pack.version, pack.author, pack.toml, ts(pack.imported_at)),
            )
        return pack

    def packs(self) -> list[StoredPack]:
        return [
            StoredPack(
                id=r[0], name=r[1], version=r[2], author=r[3], toml=r[4], imported_at=parse_ts(r[5])
            )
            for r in self.vault.conn.execute(
                "SELECT id, name, version, author, toml, imported_at FROM packs ORDER BY id"
            )
        ]

    def delete_pack(self, pack_id: str) -> bool:
        with self.vault.transaction() as c:
            return bool(c.execute("DELETE FROM packs WHERE id=?", (pack_id,)).rowcount)
