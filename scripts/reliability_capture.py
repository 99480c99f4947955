"""The reliability suite's "capture" kind: an unlock killed while it brings in the captures.

Before each trial the parent seals five small captures into the inbox (one two hours after a
session, so it goes on that session's recall page; one with a voice note; three older ones,
entries of their own), each with a word found nowhere else. The child loads everything first,
says "ready", then unlocks, which merges; it is killed at a random moment from that word to a
little past the time a whole unlock and merge took. After the kill:
- the captures are in the journal all or none (one transaction), none twice;
- none is lost: every one not in the journal still has its file in the inbox;
- the next unlock (the parent's, through open_journal as both front doors) leaves each one in
  the journal exactly once, the voice note once, the first on the session's recall page, and
  the inbox empty.
The captures' entries and the session are then deleted, so the journal keeps its size.
"""

from __future__ import annotations

import signal
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapjournal.domain import Session
from kapjournal.services.capture import capture, waiting
from kapjournal.services.opening import open_journal
from kapjournal.storage.repository import Repository

if TYPE_CHECKING:
    from kapjournal.storage.vault import Vault

ROOT = Path(__file__).resolve().parent.parent
VOICE = ROOT / "tests" / "fixtures" / "audio" / "recall.flac"
CAPTURES = 5
RETIME_EVERY = 10


def child(path: Path, key: str) -> None:
    """Unlock (which merges the inbox), with every module the merge uses loaded first, so the
    kills land in the unlock and the merge rather than in Python's start."""
    import kapjournal.services.attachments
    import kapjournal.services.capture
    import kapjournal.services.flac
    import kapjournal.services.journal
    import kapjournal.services.sealing  # noqa: F401

    print("ready", flush=True)
    with open_journal(path, raw_key=key) as opened:
        merged = opened.merged
    print("done", merged.added if merged else 0, flush=True)


def trial(s: Any, n: int) -> None:
    """One trial; `s` is scripts/reliability.py's Suite (its vault, key, tally and checks)."""
    vault: Path = s.vault
    t = s.tally["capture"]
    now = datetime.now().astimezone()
    with open_journal(vault, raw_key=s.key) as opened:  # the key beside the vault, the session
        session = opened.journal.course.save_session(Session(scheduled_at=now - timedelta(hours=2)))
    marks = [f"cap{n}x{k}x{s.rng.randrange(10**9)}" for k in range(CAPTURES)]
    for k, mark in enumerate(marks):
        when = now if k == 0 else now - timedelta(days=10, minutes=k)  # before the session
        voice = [("recall.flac", VOICE.read_bytes())] if k == 1 else []
        capture(vault, f"{mark} captured while locked", voice, clock=lambda w=when: w)
    files = set(waiting(vault))
    out = run(s, t)
    fail = t.failures.append
    with s.open() as v:
        counts = occurrences(v, marks)
    left = set(waiting(vault))
    if any(c > 1 for c in counts.values()):
        fail(f"trial {t.trials + 1}: a capture merged twice after the kill: {counts}")
    if len(set(counts.values())) > 1:
        fail(f"trial {t.trials + 1}: a merge left half done: {counts}")
    if not all(counts.values()) and left != files:
        fail(f"trial {t.trials + 1}: a capture neither in the journal nor in the inbox")
    merged = all(counts.values())
    t.note("merged, files left" if merged and left else "merged" if merged else "not merged")
    if "done" in out and not merged:
        fail(f"trial {t.trials + 1}: the child finished but brought nothing in")
    s.check("capture", lambda v: None)
    with open_journal(vault, raw_key=s.key) as opened:
        said = opened.merged.sentence() if opened.merged else ""
    with s.open() as v:
        wrong = after_next_unlock(v, marks, session.uid, vault)
    if wrong:
        fail(f"trial {t.trials}: after the next unlock ({said or 'nothing said'}): {wrong}")
    cleanup(s, marks, session.uid)


def run(s: Any, t: Any) -> str:
    """Start the child; once it is ready, kill it at a random moment (or time a whole run)."""
    argv = [sys.executable, str(ROOT / "scripts" / "reliability.py"), "child", "capture",
            str(s.vault)]  # fmt: skip
    proc = s.spawn(argv)
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    if ready.strip() != "ready":
        raise SystemExit(f"the capture child did not start: {proc.communicate()[1]}")
    started = time.perf_counter()
    durations: dict[str, float] = s.durations
    if t.trials % RETIME_EVERY == 0 or "capture" not in durations:
        out, err = proc.communicate(timeout=600)
        durations["capture"] = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"capture failed when left alone: {err}")
        t.finished += 1
        return str(out)
    time.sleep(s.rng.uniform(0.0, durations["capture"] * 1.3))
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate()
    if proc.returncode == -signal.SIGKILL and "done" not in out:
        t.killed_before_done += 1
        durations["capture"] *= 1.04  # as the suite's other kinds: about a quarter land after
    else:
        t.finished += 1
        durations["capture"] *= 0.9
    return str(out)


def occurrences(v: Vault, marks: list[str]) -> dict[str, int]:
    """How many times each capture's word is in the journal (a recall page may hold several)."""
    prefix = marks[0].split("x")[0] + "x"
    bodies = [r[0] for r in v.conn.execute(
        "SELECT body FROM entries WHERE body LIKE ?", (f"%{prefix}%",))]  # fmt: skip
    return {m: sum(b.count(m) for b in bodies) for m in marks}


def after_next_unlock(v: Vault, marks: list[str], session_uid: str, vault: Path) -> str | None:
    counts = occurrences(v, marks)
    if any(c != 1 for c in counts.values()):
        return f"not each capture exactly once: {counts}"
    if waiting(vault) or any(vault.with_name(vault.name + ".inbox").iterdir()):
        return "the inbox is not empty"
    row = v.conn.execute(
        "SELECT s.uid, e.phase FROM entries e LEFT JOIN sessions s ON s.id = e.session_id "
        "WHERE e.body LIKE ?",
        (f"%{marks[0]}%",),
    ).fetchone()
    if row is None or (row[0], row[1]) != (session_uid, "recall"):
        return f"the capture after the session is not on its recall page: {row}"
    voices = v.conn.execute(
        "SELECT count(*) FROM attachments a JOIN entries e ON e.id = a.entry_id "
        "WHERE e.body LIKE ? AND a.kind = 'audio'",
        (f"%{marks[1]}%",),
    ).fetchone()[0]
    return None if voices == 1 else f"{voices} voice notes where one was captured"


def cleanup(s: Any, marks: list[str], session_uid: str) -> None:
    prefix = marks[0].split("x")[0] + "x"
    with s.open() as v, v.transaction():
        repo = Repository(v)
        uids = [r[0] for r in v.conn.execute(
            "SELECT uid FROM entries WHERE body LIKE ?", (f"%{prefix}%",))]  # fmt: skip
        for uid in uids:
            repo.delete_entry(uid)
        repo.delete_session(session_uid)
