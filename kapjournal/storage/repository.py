"""Reading and writing journal objects, and full-text search; the only place with SQL for them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from kapjournal.domain import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    Answer,
    Entry,
    EntryFilter,
    EntryRow,
    Phase,
    Route,
    SearchHit,
    Session,
    SessionKind,
    SessionStatus,
    utcnow,
)
from kapjournal.i18n import tr
from kapjournal.storage.records import Records
from kapjournal.storage.timestamps import parse_ts, ts

SESSION_COLS = (
    "id, uid, scheduled_at, duration_minutes, route, kind, status, dose, clinic, notes, "
    "created_at, updated_at"
)


_WORD = re.compile(r"\w+", re.UNICODE)


MIN_PREFIX = 3


def fts_query(text: str, *, prefix_last: bool = True) -> str:
    """Turn what a person typed into a safe FTS5 query: every word must match, quoted.

    The last word, once it has three letters, matches as a prefix so results appear while
    typing; one or two letters would match half the vocabulary. Operators and quotes typed by
    the user are treated as plain text, never as FTS5 syntax.
    """
    words = _WORD.findall(text)
    if not words:
        return ""
    parts = [f'"{w}"' for w in words]
    if prefix_last and len(words[-1]) >= MIN_PREFIX:
        parts[-1] += "*"
    return " ".join(parts)


class Repository(Records):
    """CRUD for sessions and entries, full-text search, and (from Records) the rest."""

    # -- sessions --------------------------------------------------------------------------
    def save_session(self, s: Session, *, touch: bool = True) -> Session:
        if touch:
            s.updated_at = utcnow()
        with self.vault.transaction() as c:
            c.execute(
                """INSERT INTO sessions (uid, scheduled_at, duration_minutes, route, kind, status,
                       dose, clinic, notes, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(uid) DO UPDATE SET scheduled_at=excluded.scheduled_at,
                       duration_minutes=excluded.duration_minutes, route=excluded.route,
                       kind=excluded.kind, status=excluded.status, dose=excluded.dose,
                       clinic=excluded.clinic, notes=excluded.notes,
                       updated_at=excluded.updated_at""",
                (
                    s.uid,
                    ts(s.scheduled_at),
                    int(s.duration_minutes),
                    s.route.value,
                    s.kind.value,
                    s.status.value,
                    s.dose,
                    s.clinic,
                    s.notes,
                    ts(s.created_at),
                    ts(s.updated_at),
                ),
            )
            s.id = c.execute("SELECT id FROM sessions WHERE uid=?", (s.uid,)).fetchone()[0]
        return s

    def sessions(self) -> list[Session]:
        rows = self.vault.conn.execute(
            f"SELECT {SESSION_COLS} FROM sessions ORDER BY scheduled_at, id"
        ).fetchall()
        return [self._session(r) for r in rows]

    def session(self, uid: str) -> Session | None:
        row = self.vault.conn.execute(
            f"SELECT {SESSION_COLS} FROM sessions WHERE uid=?", (uid,)
        ).fetchone()
        return self._session(row) if row else None

    def delete_session(self, uid: str) -> None:
        with self.vault.transaction() as c:
            c.execute("DELETE FROM sessions WHERE uid=?", (uid,))

    @staticmethod
    def _session(r: Any) -> Session:
        d = dict(zip(SESSION_COLS.split(", "), r, strict=True))
        return Session(
            id=d["id"],
            uid=d["uid"],
            scheduled_at=parse_ts(d["scheduled_at"]),
            duration_minutes=d["duration_minutes"],
            route=Route(d["route"]),
            kind=SessionKind(d["kind"]),
            status=SessionStatus(d["status"]),
            dose=d["dose"],
            clinic=d["clinic"],
            notes=d["notes"],
            created_at=parse_ts(d["created_at"]),
            updated_at=parse_ts(d["updated_at"]),
        )

    # -- entries ---------------------------------------------------------------------------
    def save_entry(self, e: Entry, *, touch: bool = True) -> Entry:
        """Insert or update one entry with its answers, tags and search row: one transaction."""
        if touch:
            e.updated_at = utcnow()
        with self.vault.transaction() as c:
            session_id = None
            if e.session_uid:
                row = c.execute("SELECT id FROM sessions WHERE uid=?", (e.session_uid,)).fetchone()
                session_id = row[0] if row else None
            _unindex(c, "SELECT id FROM entries WHERE uid=?", (e.uid,))
            c.execute(
                """INSERT INTO entries (uid, phase, session_id, template_id, template_version,
                       title, body, body_private, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(uid) DO UPDATE SET phase=excluded.phase,
                       session_id=excluded.session_id, template_id=excluded.template_id,
                       template_version=excluded.template_version, title=excluded.title,
                       body=excluded.body, body_private=excluded.body_private,
                       created_at=excluded.created_at,
                       updated_at=excluded.updated_at""",
                (
                    e.uid,
                    e.phase.value,
                    session_id,
                    e.template_id,
                    e.template_version,
                    e.title,
                    e.body,
                    int(e.body_private),
                    ts(e.created_at),
                    ts(e.updated_at),
                ),
            )
            entry_id = c.execute("SELECT id FROM entries WHERE uid=?", (e.uid,)).fetchone()[0]
            e.id = entry_id
            c.execute("DELETE FROM answers WHERE entry_id=?", (entry_id,))
            c.executemany(
                """INSERT INTO answers (entry_id, position, item_id, prompt, kind, text, number,
                       choices, severities, private, search_text)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                [
                    (
                        entry_id,
                        i,
                        a.item_id,
                        a.prompt,
                        a.kind,
                        a.text,
                        a.number,
                        json.dumps(a.choices, ensure_ascii=False),
                        json.dumps(a.severities, ensure_ascii=False),
                        int(a.private),
                        search_text(a),
                    )
                    for i, a in enumerate(e.answers)
                ],
            )
            tags = sorted({t.strip() for t in e.tags if t.strip()})
            e.tags = tags
            c.execute("DELETE FROM tags WHERE entry_id=?", (entry_id,))
            c.executemany(
                "INSERT INTO tags (entry_id, tag) VALUES (?,?)", [(entry_id, t) for t in tags]
            )
            c.execute(
                """INSERT INTO entry_fts (rowid, title, body, answers, tags)
                   SELECT id, title, body, answers, tags FROM entry_search WHERE id = ?""",
                (entry_id,),
            )
        return e

    def entry(self, uid: str) -> Entry | None:
        row = self.vault.conn.execute("SELECT id FROM entries WHERE uid=?", (uid,)).fetchone()
        if row is None:
            return None
        return self._entries_by_ids([row[0]])[0]

    def delete_entry(self, uid: str) -> None:
        with self.vault.transaction() as c:
            _unindex(c, "SELECT id FROM entries WHERE uid=?", (uid,))
            c.execute("DELETE FROM entries WHERE uid=?", (uid,))

    def count_entries(self, flt: EntryFilter | None = None) -> int:
        where, params = _where(flt or EntryFilter())
        sql = f"SELECT count(*) FROM entries e {where}"
        return int(self.vault.conn.execute(sql, params).fetchone()[0])

    def entry_ids(
        self, flt: EntryFilter | None = None, *, limit: int = 100, offset: int = 0
    ) -> list[int]:
        """Row ids newest first: a lazily fetching list model asks for one page at a time."""
        where, params = _where(flt or EntryFilter())
        sql = (
            f"SELECT e.id FROM entries e {where} "
            "ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?"
        )
        return [r[0] for r in self.vault.conn.execute(sql, [*params, limit, offset])]

    def rows(
        self, flt: EntryFilter | None = None, *, limit: int = 200, offset: int = 0
    ) -> list[EntryRow]:
        """One page of list rows, newest first: the title and a preview (the body, or else
        the first answer), without loading the answers."""
        where, params = _where(flt or EntryFilter())
        sql = (
            "SELECT e.uid, e.title, e.phase, e.created_at, substr(coalesce(nullif(e.body, ''), "
            "(SELECT a.search_text FROM answers a WHERE a.entry_id = e.id "
            "AND a.search_text != '' ORDER BY a.position LIMIT 1), ''), 1, 120), e.template_id "
            f"FROM entries e {where} ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?"
        )
        return [
            EntryRow(
                uid=r[0],
                title=r[1],
                phase=Phase(r[2]),
                created_at=parse_ts(r[3]),
                preview=" ".join(r[4].split()),
                template_id=r[5] or "",
            )
            for r in self.vault.conn.execute(sql, [*params, limit, offset])
        ]

    def entries(
        self, flt: EntryFilter | None = None, *, limit: int = 100, offset: int = 0
    ) -> list[Entry]:
        return self._entries_by_ids(self.entry_ids(flt, limit=limit, offset=offset))

    def entries_by_ids(self, ids: list[int]) -> list[Entry]:
        return self._entries_by_ids(ids)

    def all_entries(self) -> Iterable[Entry]:
        ids = [r[0] for r in self.vault.conn.execute("SELECT id FROM entries ORDER BY id")]
        for start in range(0, len(ids), 500):
            yield from self._entries_by_ids(ids[start : start + 500])

    def all_tags(self) -> list[str]:
        return [r[0] for r in self.vault.conn.execute("SELECT DISTINCT tag FROM tags ORDER BY tag")]

    def numbers(
        self, template_id: str, since: datetime | None = None
    ) -> list[tuple[datetime, str, float]]:
        """(written at, item, value) of every number answered on a template's entries, oldest
        first: what a chart needs, without loading whole entries."""
        rows = self.vault.conn.execute(
            """SELECT e.created_at, a.item_id, a.number FROM answers a
               JOIN entries e ON e.id = a.entry_id
               WHERE e.template_id = ? AND a.number IS NOT NULL AND e.created_at >= ?
               ORDER BY e.created_at, e.id, a.position""",
            (template_id, ts(since) if since else ""),
        )
        return [(parse_ts(r[0]), r[1], float(r[2])) for r in rows]

    def _entries_by_ids(self, ids: list[int]) -> list[Entry]:
        if not ids:
            return []
        conn = self.vault.conn
        marks = ",".join("?" * len(ids))
        rows = conn.execute(
            f"""SELECT e.id, e.uid, e.phase, s.uid, e.template_id, e.template_version, e.title,
                       e.body, e.created_at, e.updated_at, e.body_private
                FROM entries e LEFT JOIN sessions s ON s.id = e.session_id
                WHERE e.id IN ({marks})""",
            ids,
        ).fetchall()
        by_id: dict[int, Entry] = {}
        for r in rows:
            by_id[r[0]] = Entry(
                id=r[0],
                uid=r[1],
                phase=Phase(r[2]),
                session_uid=r[3],
                template_id=r[4],
                template_version=r[5],
                title=r[6],
                body=r[7],
                created_at=parse_ts(r[8]),
                updated_at=parse_ts(r[9]),
                body_private=bool(r[10]),
            )
        for r in conn.execute(
            f"""SELECT entry_id, item_id, prompt, kind, text, number, choices, severities, private
                FROM answers WHERE entry_id IN ({marks}) ORDER BY entry_id, position""",
            ids,
        ):
            by_id[r[0]].answers.append(
                Answer(
                    item_id=r[1],
                    prompt=r[2],
                    kind=r[3],
                    text=r[4],
                    number=r[5],
                    choices=json.loads(r[6]),
                    severities=json.loads(r[7]),
                    private=bool(r[8]),
                )
            )
        for r in conn.execute(
            f"SELECT entry_id, tag FROM tags WHERE entry_id IN ({marks}) ORDER BY tag", ids
        ):
            by_id[r[0]].tags.append(r[1])
        return [by_id[i] for i in ids if i in by_id]

    # -- search ----------------------------------------------------------------------------
    def count_matches(self, text: str) -> int:
        """How many entries a search finds (cheap: the index counts without ranking)."""
        query = fts_query(text)
        if not query:
            return 0
        row = self.vault.conn.execute(
            "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?", (query,)
        ).fetchone()
        return int(row[0])

    def search(
        self, text: str, *, limit: int = 50, offset: int = 0, ranked: bool = True
    ) -> list[SearchHit]:
        """Ranked full-text search over titles, bodies, answers and tags, with snippets.

        Snippet matches are wrapped in \\x02 and \\x03 so each front end can mark them its own
        way without parsing user text as markup.
        """
        query = fts_query(text)
        if not query:
            return []
        rows = self.vault.conn.execute(
            """SELECT e.uid, e.title, e.phase, e.created_at, f.rank,
                      snippet(entry_fts, -1, ?, ?, '…', 12), e.template_id
               FROM entry_fts f JOIN entries e ON e.id = f.rowid
               WHERE entry_fts MATCH ? ORDER BY """
            # Ranking scores every match; with thousands of them the latest added come first.
            + ("f.rank" if ranked else "f.rowid DESC")
            + """ LIMIT ? OFFSET ?""",
            (SNIPPET_OPEN, SNIPPET_CLOSE, query, limit, offset),
        ).fetchall()
        return [
            SearchHit(
                entry_uid=r[0],
                title=r[1],
                phase=Phase(r[2]),
                created_at=parse_ts(r[3]),
                rank=float(r[4]),
                snippet=r[5],
                template_id=r[6] or "",
            )
            for r in rows
        ]


def _unindex(c: Any, id_query: str, params: tuple[Any, ...]) -> None:
    """Remove an entry's words from the index, reading them as the index was given them.

    The index keeps no copy of the text (external content), so its old words must be named
    while the rows still hold them: before they change or go.
    """
    c.execute(
        f"""INSERT INTO entry_fts (entry_fts, rowid, title, body, answers, tags)
            SELECT 'delete', id, title, body, answers, tags FROM entry_search
            WHERE id = ({id_query})""",
        params,
    )


def _where(flt: EntryFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.phase:
        clauses.append("e.phase = ?")
        params.append(flt.phase.value)
    if flt.session_uid:
        clauses.append("e.session_id = (SELECT id FROM sessions WHERE uid = ?)")
        params.append(flt.session_uid)
    if flt.tag:
        clauses.append("e.id IN (SELECT entry_id FROM tags WHERE tag = ?)")
        params.append(flt.tag)
    if flt.template_id:
        clauses.append("e.template_id = ?")
        params.append(flt.template_id)
    if flt.since:
        clauses.append("e.created_at >= ?")
        params.append(ts(flt.since))
    if flt.until:
        clauses.append("e.created_at < ?")
        params.append(ts(flt.until))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def search_text(answer: Answer) -> str:
    """What search and the list preview see of an answer: its words and its choices, both as
    stored and as shown in the language in use. A questionnaire answer's choice is the id of
    its result: not words, so only its summary counts."""
    if answer.kind == "questionnaire":
        return answer.text
    shown = [s for c in answer.choices if (s := tr(c)) != c]
    words = [answer.text, *answer.choices, *shown]
    return "\n".join(p for p in words if p)
