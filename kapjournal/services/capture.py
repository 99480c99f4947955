"""Notes and voice recordings captured while the journal stays locked.

Capturing needs no passphrase: the capture is sealed (services/sealing.py) to the journal's
public key, kept beside the vault, into one file of a random name in the inbox folder beside
it. Anyone at the computer can add a note; nobody can read one back, the app included, until
the journal is unlocked. The next unlock (the app's or a command's) opens the inbox with the
private key inside the vault and brings every capture in, in one transaction: onto the recall
page of the session it follows, or as an entry of its own. Only after that commit are the
files removed, and the vault remembers which it brought in, so a kill at any moment loses
nothing and never brings one in twice.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapjournal.atomic import fsync_dir, write_temp_beside
from kapjournal.errors import AttachmentError, StorageError
from kapjournal.i18n import tr
from kapjournal.services.clock import Clock, local_now

if TYPE_CHECKING:
    from kapjournal.domain import Entry
    from kapjournal.services.attachments import AttachmentService
    from kapjournal.services.journal import JournalService
    from kapjournal.storage.repository import Repository

SUFFIX = ".sealed"
MAX_TEXT = 100_000  # characters: pages of writing
MAX_FILE = 96 * 1024 * 1024  # one sealed capture: a 30-minute recording, base64, padded
MAX_INBOX = 512 * 1024 * 1024  # everything waiting for the next unlock
RECALL_WINDOW = timedelta(hours=48)  # a capture this soon after a session is its recall


class CaptureError(StorageError):
    """Nothing was captured; the sentence says why and what to do."""


def key_file(vault_path: Path) -> Path:
    """The journal's public capture key (32 bytes, 0600), beside the vault."""
    return vault_path.with_name(vault_path.name + ".capture-key")


def inbox(vault_path: Path) -> Path:
    """The folder (0700) of sealed captures waiting for the next unlock."""
    return vault_path.with_name(vault_path.name + ".inbox")


def waiting(vault_path: Path) -> list[Path]:
    """The sealed files in the inbox, by name (never read here)."""
    folder = inbox(vault_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX))


@dataclass(frozen=True)
class Capture:
    at: datetime
    text: str
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # (name, cleaned bytes)


def capture(
    vault_path: Path, text: str, attachments: list[tuple[str, bytes]] | None = None,
    *, clock: Clock = local_now,
) -> Path:  # fmt: skip
    """Seal a note (and cleaned pictures or voice notes) into the inbox; returns its file.
    No key is derived and nothing is read back: the journal stays locked."""
    from kapjournal.services.sealing import seal

    text, attachments = text.strip(), attachments or []
    if not text and not attachments:
        raise CaptureError(tr("The note is empty; nothing was captured."))
    if len(text) > MAX_TEXT:
        raise CaptureError(
            tr("A note holds at most {n} characters; split it in two.").format(n=MAX_TEXT)
        )
    public = _public_key(vault_path)
    payload = json.dumps(
        {
            "at": clock().isoformat(),
            "text": text,
            "attachments": [
                {"name": name, "data": base64.b64encode(data).decode("ascii")}
                for name, data in attachments
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8")
    sealed = seal(public, payload)
    del payload
    if len(sealed) > MAX_FILE:
        raise CaptureError(tr("That capture is too large; keep a recording under 30 minutes."))
    folder = inbox(vault_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):
        folder.chmod(0o700)
    if sum(p.stat().st_size for p in waiting(vault_path)) + len(sealed) > MAX_INBOX:
        raise CaptureError(
            tr("The captures waiting fill the space kept for them; unlock the journal to bring "
               "them in, then capture again.")
        )  # fmt: skip
    target = folder / (secrets.token_hex(16) + SUFFIX)
    tmp = write_temp_beside(target, sealed)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)
    return target


def _public_key(vault_path: Path) -> bytes:
    path = key_file(vault_path)
    try:
        st = path.stat()
        data = path.read_bytes() if stat.S_ISREG(st.st_mode) and st.st_size == 32 else b""
    except OSError:
        data = b""
    if len(data) != 32:
        raise CaptureError(
            tr("This journal cannot take notes while locked yet: unlock it once with this "
               "version of kapjournal, then capture again.")
        )  # fmt: skip
    return data


@dataclass(frozen=True)
class Merged:
    added: int = 0  # captures brought in
    to_recall: int = 0  # of them, onto a session's recall page
    kept: int = 0  # that this journal's key could not open: left in the inbox
    problems: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        """What the unlock says of it ("" when nothing happened)."""
        from kapjournal.i18n import trn

        said = []
        if self.added:
            said.append(
                trn("Brought in {n} note captured while the journal was locked.",
                    "Brought in {n} notes captured while the journal was locked.",
                    self.added).format(n=self.added)
            )  # fmt: skip
        if self.kept:
            said.append(
                trn("{n} capture could not be opened with this journal's key; it is kept in "
                    "the inbox folder.",
                    "{n} captures could not be opened with this journal's key; they are kept in "
                    "the inbox folder.", self.kept).format(n=self.kept)
            )  # fmt: skip
        return " ".join(said + self.problems)


class CaptureService:
    """The journal's side: its key pair, and bringing the inbox in."""

    def __init__(
        self,
        repo: Repository,
        vault_path: Path,
        journal: Callable[[], JournalService],
        attachments: Callable[[], AttachmentService],
        *,
        clock: Clock = local_now,
    ) -> None:
        self._repo = repo
        self._path = vault_path
        self._journal = journal
        self._attachments = attachments
        self._clock = clock

    def ensure_key(self) -> None:
        """Make the journal's key pair once, and keep its public half beside the vault (written
        again if it is missing or was changed: a key put there by someone else heals here)."""
        pair = self._repo.capture_key()
        if pair is None:
            from kapjournal.services.sealing import new_key_pair

            self._repo.keep_capture_key(*new_key_pair(), self._clock())
            pair = self._repo.capture_key()
            assert pair is not None
        path, public = key_file(self._path), pair[1]
        try:
            current = path.read_bytes() if path.is_file() else b""
        except OSError:
            current = b""
        if current != public:
            with contextlib.suppress(OSError):  # capture waits until it can be written
                tmp = write_temp_beside(path, public)
                os.replace(tmp, path)

    def merge(self) -> Merged:
        """Bring every capture in the inbox into the journal, in one transaction."""
        files = waiting(self._path)
        pair = self._repo.capture_key()
        if not files or pair is None:
            return Merged()
        done, found, kept = self._repo.merged_captures(), [], 0
        for path in files:
            if path.name in done:
                continue  # brought in before a kill kept its file: removed below
            try:
                found.append((path, _open(path, pair[0])))
            except FileNotFoundError:
                continue  # another unlock's merge brought it in a moment ago
            except (OSError, ValueError, KeyError, TypeError, OverflowError):  # not ours, damaged
                kept += 1
        found.sort(key=lambda pc: pc[1].at)
        to_recall, problems = 0, []
        with self._repo.vault.transaction():
            done |= self._repo.merged_captures()  # another unlock's merge may have committed
            found = [(path, cap) for path, cap in found if path.name not in done]
            for path, cap in found:
                entry, recall = self._page_for(cap)
                problems += self._add(entry, cap)
                to_recall += recall
                self._repo.mark_merged(path.name, entry.uid, self._clock())
        for path in files:
            if path.name in done or any(path == p for p, _ in found):
                path.unlink(missing_ok=True)
        if inbox(self._path).is_dir():
            fsync_dir(inbox(self._path))
        return Merged(len(found), to_recall, kept, problems)

    def _page_for(self, cap: Capture) -> tuple[Entry, bool]:
        """The recall page of the session it follows (within two days), or a new entry."""
        from kapjournal.domain import Phase

        journal = self._journal()
        before = [s for s in journal.course.sessions() if s.scheduled_at <= cap.at]
        if before:
            session = max(before, key=lambda s: s.scheduled_at)
            if cap.at - session.scheduled_at <= RECALL_WINDOW:
                with contextlib.suppress(LookupError):
                    return journal.open_phase(session.uid, Phase.RECALL), True
        entry = journal.free_entry()
        entry.created_at = entry.updated_at = cap.at
        entry.title = tr("Captured while locked")
        return entry, False

    def _add(self, entry: Entry, cap: Capture) -> list[str]:
        """The capture's words at the end of the page's own text, then its attachments, each
        through the usual cleaners. Returns a sentence per attachment refused."""
        from kapjournal.i18n import format_datetime

        when = tr("Captured while locked, {when}:").format(when=format_datetime(cap.at))
        said = f"*{when}*\n\n{cap.text}" if cap.text else f"*{when}*"
        entry.body = f"{entry.body.rstrip()}\n\n{said}" if entry.body.strip() else said
        self._journal().save_entry(entry)
        problems = []
        for name, data in cap.attachments:
            try:
                self._attach(entry.uid, name, data)
            except AttachmentError as exc:
                problems.append(str(exc))
        return problems

    def _attach(self, entry_uid: str, name: str, data: bytes) -> None:
        from kapjournal.services.attachments import clean_picture, clean_voice_note
        from kapjournal.services.flac import is_flac

        found = clean_voice_note(data) if is_flac(data) else clean_picture(data)
        self._attachments().add_clean(entry_uid, found, name)


def _open(path: Path, private: bytes) -> Capture:
    """One sealed file, opened and parsed (ValueError when it is not a capture for us)."""
    from kapjournal.services.sealing import unseal

    st = path.lstat()
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE:
        raise ValueError("not a capture")
    data: Any = json.loads(unseal(private, path.read_bytes()).decode("utf-8"))
    at = datetime.fromisoformat(data["at"])
    attachments = [(str(a["name"]), base64.b64decode(a["data"])) for a in data["attachments"]]
    return Capture(at.astimezone(), str(data["text"]), attachments)
