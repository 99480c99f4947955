"""The vault's tables and their migrations, keyed by PRAGMA user_version."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlcipher3

from kapjournal.errors import NewerSchema, WrongKind
from kapjournal.i18n import tr

# Each entry migrates from version i to i + 1. Released versions are never edited: add a new one,
# a fixture vault at the old version (tests/fixtures) and a test that migrates it.
MIGRATIONS: list[str] = [
    # 0 -> 1: the first released schema.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        scheduled_at TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL DEFAULT 60,
        route TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        dose TEXT NOT NULL DEFAULT '',
        clinic TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX sessions_when ON sessions(scheduled_at);

    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        phase TEXT NOT NULL,
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        template_id TEXT NOT NULL DEFAULT '',
        template_version TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX entries_created ON entries(created_at DESC);
    CREATE INDEX entries_session ON entries(session_id);
    CREATE INDEX entries_phase ON entries(phase, created_at DESC);

    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        prompt TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'text',
        text TEXT NOT NULL DEFAULT '',
        number REAL,
        choices TEXT NOT NULL DEFAULT '[]',
        severities TEXT NOT NULL DEFAULT '{}',
        private INTEGER NOT NULL DEFAULT 0,
        search_text TEXT NOT NULL DEFAULT ''  -- text and choices, what search indexes
    );
    CREATE INDEX answers_entry ON answers(entry_id, position);

    CREATE TABLE tags (
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (entry_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX tags_tag ON tags(tag);

    CREATE TABLE measures (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        instrument TEXT NOT NULL,
        answers TEXT NOT NULL,
        total INTEGER,
        band TEXT NOT NULL DEFAULT '',
        flags TEXT NOT NULL DEFAULT '[]',
        subscores TEXT NOT NULL DEFAULT '{}',
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        entry_uid TEXT,
        completed_at TEXT NOT NULL
    );
    CREATE INDEX measures_when ON measures(instrument, completed_at);

    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        format TEXT NOT NULL,
        entry_count INTEGER NOT NULL,
        withheld_count INTEGER NOT NULL DEFAULT 0,
        destination TEXT NOT NULL DEFAULT ''
    );

    -- What search sees of an entry. The index reads its text from here (external content),
    -- so the text is not stored twice; the ORDER BYs make the text the same every time it is
    -- read, which the index needs to delete an entry's old words exactly.
    CREATE VIEW entry_search AS
    SELECT e.id AS id, e.title AS title, e.body AS body,
        coalesce((SELECT group_concat(a.search_text, char(10) ORDER BY a.position)
            FROM answers a WHERE a.entry_id = e.id AND a.search_text != ''), '') AS answers,
        coalesce((SELECT group_concat(t.tag, ' ' ORDER BY t.tag) FROM tags t
            WHERE t.entry_id = e.id), '') AS tags
    FROM entries e;

    CREATE VIRTUAL TABLE entry_fts USING fts5(
        title, body, answers, tags,
        content = 'entry_search', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
        -- No prefix indexes: measured, they added a third to the pages every save writes
        -- (each one encrypted) and to the file, and made 3-letter prefix search no faster.
    );
    -- A word in the title or tags says more about an entry than one deep in its body.
    INSERT INTO entry_fts (entry_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 1.0, 2.0)');
    """,
    # 1 -> 2: prompt packs a therapist handed over, kept inside the vault as their TOML text.
    """
    CREATE TABLE packs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        toml TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    -- The safety plan and the schedule look entries up by template.
    CREATE INDEX entries_template ON entries(template_id, created_at DESC);
    """,
    # 2 -> 3: a questionnaire answer is found by its summary ("PHQ-9: 13 of 27 (Moderate)."),
    # not by the id of the result it points to, which showed in previews and search.
    """
    UPDATE answers SET search_text = text WHERE kind = 'questionnaire';
    INSERT INTO entry_fts (entry_fts) VALUES ('rebuild');
    """,
    # 3 -> 4: items on Today the patient chose to skip ("not this time"), so they stay away.
    """
    CREATE TABLE dismissals (
        item TEXT PRIMARY KEY,  -- the schedule's name for it: kind, page, session, window
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        dismissed_at TEXT NOT NULL
    );
    """,
    # 4 -> 5: the export history names the entries each report held.
    """
    ALTER TABLE exports ADD COLUMN entries TEXT NOT NULL DEFAULT '[]';
    """,
    # 5 -> 6: a safety flag, once raised, stays in a history even if its answer changes;
    # a result amended in a later sitting keeps its own time, and the new one names it.
    """
    CREATE TABLE flag_history (
        id INTEGER PRIMARY KEY,
        result_uid TEXT NOT NULL,
        instrument TEXT NOT NULL,
        rule TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        UNIQUE (result_uid, rule)
    );
    CREATE INDEX flag_history_when ON flag_history(raised_at);
    INSERT INTO flag_history (result_uid, instrument, rule, raised_at)
        SELECT m.uid, m.instrument, j.value, m.completed_at
        FROM measures m, json_each(m.flags) j;
    ALTER TABLE measures ADD COLUMN amends TEXT;
    """,
    # 6 -> 7: pictures and voice notes, in their own table so entry saves and search do not
    # carry their bytes; deleting an entry deletes them.
    """
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        duration_ms INTEGER,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX attachments_entry ON attachments(entry_id);
    """,
    # 7 -> 8: the patient's acknowledgements of safety flags ("I have talked this through
    # with my therapist"): they end Today's banner and restart the count of repeats.
    """
    CREATE TABLE flag_acknowledgements (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    """,
    # 8 -> 9: the random id a shared report carries, one per recipient, so a clinic tool can
    # keep this journal's reports together without anything that names the patient.
    """
    CREATE TABLE recipients (
        label TEXT PRIMARY KEY,
        journal_id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    """,
    # 9 -> 10: an entry's own text ("Anything else") can be private, like an answer.
    """
    ALTER TABLE entries ADD COLUMN body_private INTEGER NOT NULL DEFAULT 0;
    """,
    # 10 -> 11: goals agreed with the therapist, in the patient's words, and their weekly
    # ratings (0-10). A goal is ended, not deleted, so its ratings keep their meaning.
    """
    CREATE TABLE goals (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        private INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE goal_ratings (
        id INTEGER PRIMARY KEY,
        goal_uid TEXT NOT NULL REFERENCES goals(uid) ON DELETE CASCADE,
        value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
        rated_at TEXT NOT NULL,
        UNIQUE (goal_uid, rated_at)
    );
    CREATE INDEX goal_ratings_goal ON goal_ratings(goal_uid, rated_at);
    """,
    # 11 -> 12: notes captured while the journal is locked. The key pair they are sealed to
    # (the public half is also beside the vault, for sealing), and the captures brought in,
    # so a merge interrupted after its commit never adds one twice.
    """
    CREATE TABLE capture_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        private_key BLOB NOT NULL,
        public_key BLOB NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE captures_merged (
        name TEXT PRIMARY KEY,
        entry_uid TEXT NOT NULL,
        merged_at TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# SQLite's application_id tells the kinds of file apart once the key has opened one: a journal
# never set it (0); the therapist's practice store sets its own in its first migration.
JOURNAL_ID = 0
PRACTICE_ID = 0x6B61_7050  # "kapP"


def current_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Any, migrations: list[str] = MIGRATIONS, app_id: int = JOURNAL_ID) -> int:
    """Bring the schema up to date, one committed transaction per step. Returns the version.
    A file of another kind (a practice store opened as a journal, or the other way round) is
    refused before anything is written to it."""
    version = current_version(conn)
    found = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if found != app_id and (version > 0 or found != JOURNAL_ID):
        raise WrongKind(
            tr("This file is a therapist's practice store, not a journal; open it with "
               "kapjournal --practice.")
            if found == PRACTICE_ID
            else tr("This file is a journal, not a practice store; open it with kapjournal.")
        )  # fmt: skip
    if version > len(migrations):
        raise NewerSchema(
            tr(
                "This journal was written by a newer kapjournal (schema {version}); "
                "update kapjournal to open it."
            ).format(version=version)
        )
    for target in range(version + 1, len(migrations) + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in split_statements(migrations[target - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(target)}")
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back by itself (a full disk at COMMIT): a ROLLBACK then
            # raises "no transaction is active" and hides the real cause.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return len(migrations)


def search_index_problems(conn: Any) -> list[str]:
    """Check the full-text index against the entries it was built from ([] when they agree)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entry_fts'").fetchone():
        return []
    try:
        conn.execute("INSERT INTO entry_fts (entry_fts, rank) VALUES ('integrity-check', 1)")
    except sqlcipher3.DatabaseError as exc:
        return [
            tr("Search index: {problem} (`kapjournal check --repair` rebuilds it)").format(
                problem=exc
            )
        ]
    return []


def rebuild_search_index(conn: Any) -> None:
    conn.execute("INSERT INTO entry_fts (entry_fts) VALUES ('rebuild')")


def split_statements(script: str) -> list[str]:
    """Split a migration script; executescript() would commit on its own, so we don't use it."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if _complete(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _complete(buf: str) -> bool:
    return buf.strip().endswith(";") and sqlite3.complete_statement(buf)
