"""The patient's own complete copy: export everything to the portable JSON archive, and import
an archive, a jrnl export or a Day One export all-or-nothing."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kapjournal import archive
from kapjournal.archive import portable
from kapjournal.domain import Attachment, Entry, ExportRecord, Session
from kapjournal.errors import ArchiveError, AttachmentError, StorageError
from kapjournal.i18n import tr
from kapjournal.prompts.checks import PackError
from kapjournal.services.attachments import clean_attachment
from kapjournal.services.packs import check_pack_text
from kapjournal.services.written import write_recorded

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.storage.repository import Repository

FORMATS = archive.FORMATS


@dataclass(frozen=True)
class ArchiveWritten:
    path: Path
    entries: int


Dated = TypeVar("Dated", Session, Entry)

# An import commits in batches of about this many records (a few tenths of a second each), and
# pauses between them, so that the open app's save, waiting for the write lock, gets its turn
# (SQLite lets one writer in at a time). A batch of attachments ends at 16 MB of their bytes.
BATCH = 500
BATCH_BYTES = 16 * 1024 * 1024
PAUSE_S = 0.05


@dataclass(frozen=True)
class Step:
    run: Callable[[], object]
    size: int = 0  # bytes, for attachments


def _in_batches(repo: Repository, steps: list[Step]) -> None:
    """Each batch is one committed transaction; a write that fails rolls its batch back."""
    start = 0
    while start < len(steps):
        end, size = start, 0
        while end < len(steps) and end - start < BATCH and size < BATCH_BYTES:
            size += steps[end].size
            end += 1
        if start:
            time.sleep(PAUSE_S)  # a writer waiting for the lock gets in here
        try:
            with repo.vault.transaction():
                for step in steps[start:end]:
                    step.run()
        except StorageError as exc:
            if not start:
                raise
            raise type(exc)(
                tr(
                    "The import stopped partway: {problem} What it wrote before is kept; "
                    "import the same file again to complete it."
                ).format(problem=exc)
            ) from None
        start = end


def _newest(records: list[Dated]) -> list[Dated]:
    """One record per uid: the most recently updated, in the file's order."""
    best: dict[str, Dated] = {}
    for r in records:
        if r.uid not in best or r.updated_at > best[r.uid].updated_at:
            best[r.uid] = r
    return list(best.values())


def _keep_newer(
    records: list[Dated],
    find: Callable[[str], Dated | None],
    save: Callable[..., object],
    counts: dict[str, int],
    kind: str,
) -> list[Step]:
    """A step per record: write it unless the journal's own is as new or newer (then it is
    counted as kept back when it differs)."""

    def step(record: Dated) -> None:
        mine = find(record.uid)
        if mine is not None and mine.updated_at >= record.updated_at:
            counts["kept"] += _differs(mine, record)
            return
        save(record, touch=False)
        counts[kind] += 1

    return [Step(partial(step, r)) for r in _newest(records)]


def _differs(mine: Dated, theirs: Dated) -> bool:
    """The same record in another version (the row id is the journal's own business)."""
    return dataclasses.replace(mine, id=None) != dataclasses.replace(theirs, id=None)


def _import_safety(repo: Repository, contents: portable.ArchiveContents) -> dict[str, int]:
    """The flag history, the skips on Today and the acknowledgements: each record once (a
    flag by its result and rule, a skip by its item, an acknowledgement by time and words)."""
    counts = {"flags": 0, "dismissals": 0, "acknowledgements": 0}
    have = {(h.result_uid, h.rule) for h in repo.flag_history()}
    for f in contents.flags:
        if (f.result_uid, f.rule) not in have:
            repo.record_flags(f.result_uid, f.instrument, [f.rule], f.raised_at)
            have.add((f.result_uid, f.rule))
            counts["flags"] += 1
    skipped = {item for item, _k, _key, _at in repo.dismissals()}
    for item, kind, key, at in contents.dismissals:
        if item not in skipped:
            repo.dismiss([(item, kind, key)], at)
            skipped.add(item)
            counts["dismissals"] += 1
    noted = {(a.at, a.reason) for a in repo.acknowledgements()}
    for a in contents.acknowledgements:
        if (a.at, a.reason) not in noted:
            repo.acknowledge_flags(a.reason, a.at)
            noted.add((a.at, a.reason))
            counts["acknowledgements"] += 1
    return counts


def _import_goals(repo: Repository, contents: portable.ArchiveContents) -> dict[str, int]:
    """Goals the journal does not hold yet (by uid; its own are kept as they are) and every
    rating once (by goal and time)."""
    have = {g.uid for g in repo.goals()}
    new = [g for g in {g.uid: g for g in contents.goals}.values() if g.uid not in have]
    repo.save_goals(new)
    rated = {(x.goal_uid, x.rated_at) for x in repo.goal_ratings()}
    ratings = list(
        {(x.goal_uid, x.rated_at): x for x in contents.goal_ratings
         if (x.goal_uid, x.rated_at) not in rated}.values()
    )  # fmt: skip
    repo.rate_goals(ratings)
    return {"goals": len(new), "goal_ratings": len(ratings)}


class ArchiveService:
    def __init__(self, repo: Repository, journal: JournalService) -> None:
        self._repo = repo
        self._journal = journal

    def contents(self) -> portable.ArchiveContents:
        """Everything the journal holds, attachments with their bytes."""
        repo = self._repo
        return portable.ArchiveContents(
            sessions=repo.sessions(),
            entries=list(repo.all_entries()),
            measures=repo.measures(),
            exports=repo.exports(),
            packs=repo.packs(),
            attachments=[replace(a, data=repo.attachment_data(a.uid)) for a in repo.attachments()],
            flags=repo.flag_history(),
            dismissals=repo.dismissals(),
            acknowledgements=repo.acknowledgements(),
            goals=repo.goals(),
            goal_ratings=repo.goal_ratings(),
        )

    def export_archive(self, dest: Path) -> ArchiveWritten:
        """Everything, private answers included, as an unencrypted JSON file; recorded in the
        vault's export history."""
        repo = self._repo
        contents = self.contents()
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
        """Validate the whole file, then write it in batches of committed transactions, so
        that the open app can save meanwhile. Stopped partway (a kill, a full disk), what was
        written stays, whole records only, and importing the same file again completes it.

        A record the journal already holds in a newer version (by `updated_at`) is kept as it
        is, so an older archive never undoes later edits; of two records with one uid in the
        file, the newer counts. Returns what was really written per kind, and `kept`: the
        records left alone because the journal's own were as new or newer. Importing the same
        file twice writes nothing the second time."""
        contents = portable.read_file(Path(path), fmt)
        repo = self._repo
        for p in contents.packs:
            try:
                check_pack_text(
                    repo, tr("{path}, pack {id}").format(path=path, id=p.id), p.toml, strict=False
                )
            except PackError as exc:
                raise ArchiveError(
                    tr(
                        "{path}: holds a prompt pack that cannot be used; nothing was "
                        "imported. {problem}"
                    ).format(path=path, problem=exc.one_line())
                ) from None
        known_sessions = {s.uid for s in contents.sessions} | {s.uid for s in repo.sessions()}
        for e in contents.entries:
            if e.session_uid and e.session_uid not in known_sessions:
                raise ArchiveError(
                    tr(
                        "{path}: entry {uid} names a session {session} that is not in the "
                        "file; nothing was imported."
                    ).format(path=path, uid=e.uid, session=e.session_uid)
                )
        attachments = _cleaned(path, contents.attachments, {a.uid for a in repo.attachments()})
        counts = dict.fromkeys(
            ("sessions", "entries", "measures", "exports", "packs", "kept", "attachments"), 0
        )
        steps = _keep_newer(contents.sessions, repo.session, repo.save_session, counts, "sessions")
        steps += _keep_newer(contents.entries, repo.entry, repo.save_entry, counts, "entries")
        have = {m.uid for m in repo.measures()}
        for m in {m.uid: m for m in contents.measures}.values():
            if m.uid not in have:  # a result never changes once recorded
                steps.append(Step(partial(_count, counts, "measures", repo.save_measure, m)))
        existing = {(x.at, x.format, x.destination) for x in repo.exports()}
        for x in {(x.at, x.format, x.destination): x for x in contents.exports}.values():
            if (x.at, x.format, x.destination) not in existing:
                steps.append(Step(partial(_count, counts, "exports", repo.record_export, x)))
        for a in attachments:
            steps.append(Step(partial(_count, counts, "attachments", repo.save_attachment, a),
                              a.size))  # fmt: skip
        steps.append(Step(lambda: counts.update(_import_safety(repo, contents))))
        steps.append(Step(lambda: counts.update(_import_goals(repo, contents))))
        stored = {p.id: p for p in repo.packs()}
        for p in contents.packs:
            if stored.get(p.id) is None or stored[p.id].toml != p.toml:
                steps.append(Step(partial(_count, counts, "packs", repo.save_pack, p)))
        _in_batches(repo, steps)
        if counts["packs"]:
            self._journal.reload_catalog()
        return counts


def _cleaned(path: Path, found: list[Attachment], have: set[str]) -> list[Attachment]:
    """The attachments not yet in the journal (one never changes once kept), each cleaned as
    `add --attach` cleans a file; the first that cannot be is said, before anything is
    written."""
    kept: dict[str, Attachment] = {}
    for a in found:
        if a.uid in have or a.uid in kept:
            continue
        try:
            kept[a.uid] = clean_attachment(a)
        except AttachmentError:
            raise ArchiveError(
                tr(
                    "{path}: the attachment “{name}” is not a picture or voice note kapjournal "
                    "can keep, or it is damaged; nothing was imported."
                ).format(path=path, name=a.name)
            ) from None
    return list(kept.values())


def _count(counts: dict[str, int], kind: str, save: Callable[[Any], object], record: Any) -> None:
    save(record)
    counts[kind] += 1
