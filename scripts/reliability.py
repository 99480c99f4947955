"""The reliability suite: SIGKILL at random moments of everything that writes, then check.

    .venv/bin/python scripts/reliability.py --trials 1000 --doc docs/reliability.md

Eight kinds of work run in child processes, in turn: a writer saving entries through the
journal service, `kapjournal add` as a whole command, a passphrase change, backups, a restore,
a large archive import, an import while a writer saves (the app open beside
`kapjournal import`), and an unlock bringing in notes captured while the journal was locked
(scripts/reliability_capture.py, which lists its own checks). Each child is killed with SIGKILL
at a random moment, from its start to a little past the time the same work took when left to
finish (measured first, per kind). After every kill:
- both integrity checks pass (SQLCipher's page check and SQLite's structure check);
- every save the child reported as committed is there with its exact text;
- exactly one of the old and new passphrases opens the journal after a change;
- an import leaves whole batches of whole records, in the file's order (all, none, or a batch
  boundary between: importing again completes it), a restore is the backup's content or the
  journal's own;
- a writer saving while an import runs never fails (it waits its turn between batches);
- every finished backup opens and passes both checks;
- a wrong key changes no byte of the vault or its WAL;
- captures are brought in all or none, never twice, never lost, and the next unlock brings in
  the rest and empties the inbox.
CI runs a short version (tests/test_reliability.py). POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import reliability_capture  # noqa: E402  (beside this script)

from kapjournal.archive import portable  # noqa: E402
from kapjournal.domain import Entry  # noqa: E402
from kapjournal.errors import StorageError, WrongPassphrase  # noqa: E402
from kapjournal.services import archives  # noqa: E402
from kapjournal.services.opening import open_journal  # noqa: E402
from kapjournal.storage.repository import Repository  # noqa: E402
from kapjournal.storage.vault import Secret, Vault, sidecars  # noqa: E402

KINDS = ("writer", "cli_add", "passwd", "backup", "restore", "import", "import_save", "capture")
LOOPING = ("writer", "backup")  # they never finish on their own: always killed
RETIME_EVERY = 10  # every tenth run of the others finishes, and is timed
IMPORTED = 1000  # entries in each archive imported
KEEP_WRITER_TRIALS = 3  # writer trials whose entries stay (and are checked again each trial)
WORDS = ["calm", "river", "light", "window", "breath", "warm", "stone", "cloud", "quiet", "open"]
WRONG_KEY = "00" * 48


def body_of(uid: str) -> str:
    """The exact text a child writes for `uid`, so the check can compare it word for word."""
    n = sum(map(ord, uid))
    return uid + " " + " ".join(WORDS[(n + k) % len(WORDS)] for k in range(150))


# -- children: `python scripts/reliability.py child KIND VAULT ARG...` ---------------------------
def child(kind: str, path: Path, args: list[str]) -> None:
    key = os.environ.get("RELIABILITY_KEY", "")
    if kind == "capture":
        return reliability_capture.child(path, key)
    if kind == "writer":
        with open_journal(path, raw_key=key) as opened:
            n = 0
            while True:
                uid = f"w{args[0]}-{n}"
                entry = opened.journal.free_entry()
                entry.uid, entry.title, entry.body = uid, f"entry {n}", body_of(uid)
                opened.journal.save_entry(entry)
                print(uid, flush=True)  # only after the save's transaction committed
                n += 1
    elif kind == "passwd":
        with open_journal(path, raw_key=key) as opened:
            opened.admin.change_passphrase(args[0], args[1])
    elif kind == "backup":
        with open_journal(path, raw_key=key) as opened:
            while True:
                opened.admin.backup(keep=3)
                print("backed up", flush=True)
    elif kind == "restore":
        with open_journal(path, raw_key=key) as opened:
            opened.admin.restore(Path(args[0]))
    elif kind == "import":
        with open_journal(path, raw_key=key) as opened:
            opened.archives.import_file(Path(args[0]))
    print("done", flush=True)


# -- the parent --------------------------------------------------------------------------------
@dataclass
class Tally:
    trials: int = 0
    killed_before_done: int = 0
    finished: int = 0
    failures: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def note(self, what: str) -> None:
        self.notes[what] = self.notes.get(what, 0) + 1


class Suite:
    def __init__(self, work: Path, seed: int, kinds: tuple[str, ...] = KINDS) -> None:
        self.work = work
        self.rng = random.Random(seed)
        self.vault = work / "journal.kapvault"
        self.passphrase = "reliability passphrase 0"
        with Vault.create(self.vault, self.passphrase) as v:
            self.key = v.raw_key
        self.keys_seen = [self.key]  # backups made before a passphrase change keep the old key
        with self.open() as v:
            repo = Repository(v)
            for n in range(300):
                repo.save_entry(Entry(uid=f"seed-{n}", title=f"seed {n}", body=body_of(f"s{n}")))
        self.committed: dict[str, str] = {}  # uid -> text every save reported committed
        self.durations: dict[str, float] = {}
        self.kinds = kinds
        self.tally = {k: Tally() for k in kinds}

    # -- running a child ---------------------------------------------------------------------
    def spawn(self, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        full_env = dict(os.environ, PYTHONPATH=str(ROOT), RELIABILITY_KEY=self.key, **(env or {}))
        return subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env
        )

    def run_child(self, kind: str, args: list[str], argv: list[str] | None = None) -> str:
        """Start, kill at a random moment (or, the first time, time a whole run); the output."""
        argv = argv or [sys.executable, __file__, "child", kind, str(self.vault), *args]
        started = time.perf_counter()
        proc = self.spawn(argv)
        if kind not in LOOPING and self.tally[kind].trials % RETIME_EVERY == 0:
            # Left to finish now and then: how long the work takes as the journal changes, so
            # the kills keep landing all through it, the final rename included.
            out, err = proc.communicate(timeout=600)
            self.durations[kind] = time.perf_counter() - started
            if proc.returncode != 0:
                raise SystemExit(f"{kind} failed when left alone: {err}")
            self.tally[kind].finished += 1
            return out
        limit = self.durations.get(kind, 1.5) * 1.3
        time.sleep(self.rng.uniform(0.0, limit))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate()
        t = self.tally[kind]
        if proc.returncode == -signal.SIGKILL:
            t.killed_before_done += 1
            grow = 1.04  # the work may have grown with the journal: reach a little further
        else:
            t.finished += 1
            grow = 0.9
        if kind in self.durations:  # settles where about a quarter of kills come after the end
            self.durations[kind] *= grow
        return out

    # -- what must hold after every kill -----------------------------------------------------
    def open(self) -> Vault:
        return Vault.unlock(self.vault, Secret(raw_key=self.key))

    def check(self, kind: str, expect: Callable[[Vault], str | None]) -> None:
        t = self.tally[kind]
        t.trials += 1
        files = [p for p in (self.vault, *sidecars(self.vault)) if p.exists()]
        before = {p: p.read_bytes() for p in files}
        try:
            Vault.unlock(self.vault, Secret(raw_key=WRONG_KEY)).lock()
            t.failures.append("a wrong key opened the journal")
        except WrongPassphrase:
            pass
        after = {p: p.read_bytes() for p in files if p.exists()}
        if after != before:
            t.failures.append(f"trial {t.trials}: a wrong key changed the files")
        try:
            opened = self.open()
        except StorageError as exc:
            t.failures.append(f"trial {t.trials}: the journal does not open: {exc}")
            raise SystemExit("\n".join(t.failures)) from None
        with opened as v:
            problems = v.check()
            if problems:
                t.failures.append(f"trial {t.trials}: integrity: {problems[:2]}")
            conn = v.conn
            for uid, text in self.committed.items():
                row = conn.execute("SELECT body FROM entries WHERE uid=?", (uid,)).fetchone()
                if row is None or row[0] != text:
                    t.failures.append(f"trial {t.trials}: committed entry {uid} lost or changed")
                    break
            wrong = expect(v)
            if wrong:
                t.failures.append(f"trial {t.trials}: {wrong}")

    def count(self, v: Vault) -> int:
        return int(v.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    # -- the seven kinds ---------------------------------------------------------------------
    def writer(self, trial: int) -> None:
        out = self.run_child("writer", [str(trial)])
        whole = out.splitlines() if out.endswith("\n") else out.splitlines()[:-1]
        self.committed.update({uid: body_of(uid) for uid in whole if uid and uid != "done"})
        self.check("writer", lambda v: None)
        self.forget_old_writes(keep=KEEP_WRITER_TRIALS)

    def forget_old_writes(self, keep: int) -> None:
        """Keep the journal near its starting size so the thousandth trial is like the first:
        entries of older writer trials, checked after several kills already, are deleted."""
        trials = sorted({int(u[1:].split("-")[0]) for u in self.committed if u.startswith("w")})
        old = set(trials[:-keep]) if len(trials) > keep else set()
        doomed = [
            u for u in self.committed if u.startswith("w") and int(u[1:].split("-")[0]) in old
        ]
        self.delete(doomed)
        for u in doomed:
            del self.committed[u]

    def delete(self, uids: list[str]) -> None:
        if uids:
            with self.open() as v, v.transaction():
                repo = Repository(v)
                for u in uids:
                    repo.delete_entry(u)

    def cli_add(self, trial: int) -> None:
        secret = self.work / "pass"
        secret.write_text(self.passphrase)
        text = f"cli-{trial}-{self.rng.randrange(10**9)}"
        argv = [sys.executable, "-m", "kapjournal", "add", text, "--vault", str(self.vault),
                "--passphrase-file", str(secret)]  # fmt: skip
        out = self.run_child("cli_add", [], argv=argv)
        if "Saved" in out:
            self.committed[self._uid_of(text)] = text
            self.tally["cli_add"].note("said Saved")

        def one_or_none(v: Vault) -> str | None:
            n = v.conn.execute("SELECT count(*) FROM entries WHERE body=?", (text,)).fetchone()[0]
            return None if n <= 1 else f"`add` saved {n} copies"

        self.check("cli_add", one_or_none)

    def _uid_of(self, text: str) -> str:
        with self.open() as v:
            row = v.conn.execute("SELECT uid FROM entries WHERE body=?", (text,)).fetchone()
        return str(row[0]) if row else ""

    def passwd(self, trial: int) -> None:
        new = f"reliability passphrase {trial + 1}"
        with self.open() as v:
            before = self.count(v)
        self.run_child("passwd", [self.passphrase, new])
        opens = []
        for p in (self.passphrase, new):
            try:
                with Vault.unlock(self.vault, Secret(passphrase=p)) as v:
                    opens.append(p)
                    self.key = v.raw_key
                    if self.key not in self.keys_seen:
                        self.keys_seen.append(self.key)
            except WrongPassphrase:
                pass
        t = self.tally["passwd"]
        if len(opens) != 1:
            t.trials += 1
            t.failures.append(f"trial {trial}: {len(opens)} passphrases open the journal")
            return
        t.note("old passphrase kept" if opens[0] == self.passphrase else "new passphrase")
        self.passphrase = opens[0]
        self.check("passwd", lambda v: None if self.count(v) == before else "entries changed")

    def backup(self, trial: int) -> None:
        self.run_child("backup", [])
        t = self.tally["backup"]
        for b in sorted((self.work / "backups").glob("*.kapvault")):
            if not self._backup_is_whole(b):
                t.failures.append(f"trial {trial}: backup {b.name} does not open or is damaged")
        parts = list((self.work / "backups").glob("*.part"))
        if parts:  # the next backup sweeps them once 15 minutes old; here, at once
            t.note("with a .part left for the next backup to sweep")
            for p in parts:
                p.unlink()
        self.check("backup", lambda v: None)

    def _backup_is_whole(self, backup_file: Path) -> bool:
        for key in reversed(self.keys_seen):
            try:
                with Vault.unlock(backup_file, Secret(raw_key=key)) as v:
                    return v.check() == []
            except WrongPassphrase:
                continue
        return False

    def restore(self, trial: int) -> None:
        source = self.work / f"restore-source-{trial}.kapvault"
        with self.open() as v:
            v.export_copy(source)
            before = self.count(v)
            extra = Entry(uid=f"after-copy-{trial}", title="after", body="after the copy")
            Repository(v).save_entry(extra)
        self.run_child("restore", [str(source)])
        with self.open() as v:
            restored = (
                v.conn.execute("SELECT 1 FROM entries WHERE uid=?", (extra.uid,)).fetchone() is None
            )
        if restored:  # the journal is the copy now: what was saved after it is gone, rightly
            self.tally["restore"].note("restored")
            with Vault.unlock(source, Secret(raw_key=self.key)) as copy:
                kept = {r[0] for r in copy.conn.execute("SELECT uid FROM entries")}
            self.committed = {u: t for u, t in self.committed.items() if u in kept}
        else:
            self.tally["restore"].note("journal kept")
        self.check("restore", lambda v: None if self.count(v) in (before, before + 1)
                   else "neither the backup's content nor the journal's own")  # fmt: skip
        source.unlink()

    def archive(self, trial: int) -> tuple[list[str], Path]:
        stamp = datetime.now(UTC)
        entries = [
            Entry(uid=f"imp-{trial}-{n}", title=f"imported {n}", body=body_of(f"i{trial}-{n}"),
                  created_at=stamp, updated_at=stamp)
            for n in range(IMPORTED)
        ]  # fmt: skip
        src = self.work / "import.json"
        src.write_text(portable.to_json(portable.build_archive(portable.ArchiveContents(
            entries=entries))), encoding="utf-8")  # fmt: skip
        return [e.uid for e in entries], src

    def batches_only(self, kind: str, v: Vault, uids: list[str]) -> str | None:
        """The imported entries are whole batches, in the file's order, with exact text."""
        found = {
            r[0]: r[1]
            for r in v.conn.execute(
                "SELECT uid, body FROM entries WHERE uid LIKE ?",
                (uids[0].rsplit("-", 1)[0] + "-%",),
            )
        }
        n = len(found)
        self.tally[kind].note("whole" if n == len(uids) else "nothing" if not n else "batches")
        if n not in (len(uids), *range(0, len(uids), archives.BATCH)):
            return f"a partial import: {n} of {len(uids)}, not a batch boundary"
        if set(found) != set(uids[:n]) or any(found[u] != body_of(f"i{u[4:]}") for u in found):
            return "the imported entries are not the file's first ones, whole"
        return None

    def import_(self, trial: int) -> None:
        uids, src = self.archive(trial)
        self.run_child("import", [str(src)])
        self.check("import", lambda v: self.batches_only("import", v, uids))
        self.delete(uids)

    def import_save(self, trial: int) -> None:
        """`kapjournal import` killed at random while the app saves beside it."""
        uids, src = self.archive(trial)
        writer = self.spawn([sys.executable, __file__, "child", "writer", str(self.vault),
                             str(trial)])  # fmt: skip
        argv = [sys.executable, __file__, "child", "import", str(self.vault), str(src)]
        self.run_child("import_save", [], argv=argv)
        writer.send_signal(signal.SIGKILL)
        out, err = writer.communicate()
        whole = out.splitlines() if out.endswith("\n") else out.splitlines()[:-1]
        self.committed.update({uid: body_of(uid) for uid in whole if uid and uid != "done"})
        stopped = None
        if writer.returncode != -signal.SIGKILL:
            last = err.strip().splitlines()[-1:] or ["no output"]
            stopped = f"a save failed while an import ran: {last[0]}"
        self.check("import_save", lambda v: stopped or self.batches_only("import_save", v, uids))
        self.forget_old_writes(keep=KEEP_WRITER_TRIALS)
        self.delete(uids)

    def run(self, trials: int) -> dict[str, object]:
        steps = {
            "writer": self.writer,
            "cli_add": self.cli_add,
            "passwd": self.passwd,
            "backup": self.backup,
            "restore": self.restore,
            "import": self.import_,
            "import_save": self.import_save,
            "capture": lambda trial: reliability_capture.trial(self, trial),
        }
        started = time.perf_counter()
        for trial in range(trials):
            kind = self.kinds[trial % len(self.kinds)]
            steps[kind](trial)
            if (trial + 1) % 60 == 0:
                print(f"# {trial + 1} trials, {time.perf_counter() - started:.0f} s", flush=True)
        return {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "trials": trials,
            "seconds": round(time.perf_counter() - started, 1),
            "committed_entries_checked": len(self.committed),
            "kinds": {k: vars(t) for k, t in self.tally.items()},
            "failures": sum(len(t.failures) for t in self.tally.values()),
        }


def markdown(result: dict[str, object]) -> str:
    kinds = result["kinds"]
    assert isinstance(kinds, dict)
    rows = "\n".join(
        f"| {k} | {t['trials']} | {t['killed_before_done']} | {t['finished']} | "
        f"{', '.join(f'{n} {w}' for w, n in t['notes'].items()) or '–'} | {len(t['failures'])} |"
        for k, t in kinds.items()
    )
    return f"""# Reliability

`scripts/reliability.py` kills the journal's writers at random moments and checks what is left;
its docstring lists every check. CI runs a short version of it (tests/test_reliability.py).

    .venv/bin/python scripts/reliability.py --trials 1000 --doc docs/reliability.md

## Last run

{result["when"]}: {result["trials"]} trials in {result["seconds"]} s, **{result["failures"]}
failures**. Every entry a child reported committed was checked word for word after its own
kill and after every later one while it stayed (the entries of the last three writer trials
stay; older ones are deleted so the journal keeps its size):
{result["committed_entries_checked"]} at the end.

| work killed | trials | killed mid-way | finished first | outcomes | failures |
|---|---|---|---|---|---|
{rows}

"killed mid-way" counts kills that landed while the work ran; the rest came just after it had
finished, or were runs left to finish to time the work again (every tenth), checked the same
way. A passphrase change or restore killed before its final rename leaves the old passphrase or
the journal's own content; after it, the new ones: both sides are hit.

## Found by this suite

- A kill in the middle of an automatic checkpoint leaves a main file that is consistent only
  together with its WAL. The key check, which reads the main file alone so that a wrong
  passphrase changes nothing, called that "malformed" and refused a healthy journal (trial ~300
  of the first run). Now only a page 1 that fails to decrypt is a wrong key; the rest is left to
  the normal open, which replays the WAL (tests/storage/test_media.py builds that state).
"""


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2], Path(sys.argv[3]), sys.argv[4:])
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--doc", type=Path)
    ap.add_argument("--kinds", default=",".join(KINDS), help="some of: " + ", ".join(KINDS))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kj-reliability-") as work:
        os.environ["KAPJOURNAL_HOME"] = work
        kinds = tuple(k for k in KINDS if k in args.kinds.split(","))
        result = Suite(Path(work), args.seed, kinds or KINDS).run(args.trials)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    if args.doc:
        args.doc.write_text(markdown(result))
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
