"""Capturing while the journal stays locked, and bringing the captures in on the next unlock:
real journals on disk, through the front doors' own open_journal and create_journal."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from kapjournal.domain import Entry, Phase, Session
from kapjournal.errors import StorageError
from kapjournal.services.capture import MAX_TEXT, CaptureError, capture, inbox, key_file, waiting
from kapjournal.services.opening import OpenJournal, create_journal, open_journal
from kapjournal.services.sealing import new_key_pair, seal, unseal
from kapjournal.storage.captures import CaptureRecords
from kapjournal.storage.secret import Secret
from kapjournal.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.services.conftest import Clock
from tests.services.test_voice_notes import RECALL, with_tags

MARKER = "zebracornflower"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def made(vault_path: Path, clock: Clock) -> Path:
    """A journal made by this version (so its capture key is beside it), locked."""
    create_journal(vault_path, PASSPHRASE, clock=clock).lock()
    return vault_path


@contextmanager
def unlocked(path: Path, clock: Clock) -> Iterator[OpenJournal]:
    with open_journal(path, passphrase=PASSPHRASE, clock=clock) as opened:
        yield opened


def session_at(path: Path, clock: Clock, hours_ago: float = 0) -> Session:
    with unlocked(path, clock) as o:
        return o.journal.course.save_session(
            Session(scheduled_at=clock.now - timedelta(hours=hours_ago))
        )


def entries_with(o: OpenJournal, text: str) -> list[Entry]:
    return [e for e in o.journal.entries(limit=1000) if text in e.body]


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# -- capturing ----------------------------------------------------------------------------------
def test_capture_derives_no_key_and_leaves_a_sealed_file(
    made: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no(*_a: object, **_k: object) -> None:
        raise AssertionError("capturing must not derive or use the journal's key")

    with monkeypatch.context() as m:
        m.setattr("kapjournal.storage.secret.Secret.raw_key_for", no)
        m.setattr("kapjournal.storage.vault.Vault.unlock", no)
        m.setattr("hashlib.pbkdf2_hmac", no)
        found = capture(made, f"Recall {MARKER}", clock=clock)
    assert waiting(made) == [found]
    assert MARKER.encode() not in found.read_bytes()
    with unlocked(made, clock) as o:
        assert o.merged is not None and o.merged.added == 1
        assert len(entries_with(o, MARKER)) == 1


def test_the_inbox_is_private_and_the_names_say_nothing(made: Path, clock: Clock) -> None:
    assert mode(key_file(made)) == 0o600 and len(key_file(made).read_bytes()) == 32
    files = [capture(made, f"note {n} {MARKER}", clock=clock) for n in range(5)]
    assert mode(inbox(made)) == 0o700
    assert all(mode(f) == 0o600 and f.parent == inbox(made) for f in files)
    assert all(re.fullmatch(r"[0-9a-f]{32}\.sealed", f.name) for f in files)
    assert len({f.name for f in files}) == 5
    assert sorted(files) == waiting(made)
    short, long = capture(made, "a", clock=clock), capture(made, "b" * 3000, clock=clock)
    assert short.stat().st_size == long.stat().st_size, "the size does not tell the length"
    assert [p.name for p in inbox(made).iterdir() if not p.name.endswith(".sealed")] == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "The note is empty; nothing was captured."),
        ("  \n\t ", "The note is empty; nothing was captured."),
        ("x" * (MAX_TEXT + 1), f"A note holds at most {MAX_TEXT} characters; split it in two."),
    ],
)
def test_an_empty_or_too_long_note_is_one_sentence_and_no_file(
    made: Path, clock: Clock, text: str, said: str
) -> None:
    with pytest.raises(CaptureError) as refused:
        capture(made, text, clock=clock)
    assert str(refused.value) == said
    assert waiting(made) == []
    assert capture(made, "x" * MAX_TEXT, clock=clock).exists(), "the limit itself is allowed"


@pytest.mark.parametrize("key", [None, b"", b"\x01" * 31, b"\x01" * 33])
def test_a_journal_without_its_key_beside_it_cannot_capture(
    made: Path, clock: Clock, key: bytes | None
) -> None:
    key_file(made).unlink()
    if key is not None:
        key_file(made).write_bytes(key)
    with pytest.raises(CaptureError, match="unlock it once with this version of kapjournal"):
        capture(made, MARKER, clock=clock)
    assert waiting(made) == []
    with unlocked(made, clock):
        pass  # the unlock writes the key again
    assert mode(key_file(made)) == 0o600 and len(key_file(made).read_bytes()) == 32
    assert capture(made, MARKER, clock=clock).exists()


def test_a_journal_of_the_previous_schema_gets_its_key_on_first_unlock(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "old.kapvault"
    shutil.copy(FIXTURES / "vault-v11.kapvault", path)
    with pytest.raises(CaptureError):
        capture(path, MARKER, clock=clock)
    with open_journal(path, passphrase="fixture passphrase", clock=clock) as o:
        assert o.merged is None
    capture(path, MARKER, clock=clock)
    with open_journal(path, passphrase="fixture passphrase", clock=clock) as o:
        assert o.merged is not None and o.merged.added == 1
        assert len(entries_with(o, MARKER)) == 1
        assert "Fixture entry" in {e.title for e in o.journal.entries()}


# -- bringing them in ---------------------------------------------------------------------------
def test_captures_after_a_session_go_on_its_recall_page_in_time_order(
    made: Path, clock: Clock
) -> None:
    session = session_at(made, clock, hours_ago=3)
    clock.advance(hours=40)
    capture(made, "second thought", clock=clock)
    clock.advance(hours=-38)  # captured earlier (the clock is the capture's own time)
    capture(made, "first thought", clock=clock)
    clock.advance(hours=43)  # 48 h after the session, to the minute: still its recall
    capture(made, "just in time", clock=clock)
    clock.advance(minutes=1)  # a minute later: too late for its recall
    capture(made, "much later", clock=clock)
    clock.advance(hours=1)
    with unlocked(made, clock) as o:
        assert o.merged is not None
        assert (o.merged.added, o.merged.to_recall, o.merged.kept) == (4, 3, 0)
        assert o.merged.sentence() == "Brought in 4 notes captured while the journal was locked."
        [recall] = [e for e in o.journal.entries() if e.session_uid == session.uid]
        assert recall.phase is Phase.RECALL
        at = [recall.body.index(t) for t in ("first thought", "second thought", "just in time")]
        assert at == sorted(at) and recall.body.count("Captured while locked") == 3
        [free] = entries_with(o, "much later")
        assert not free.session_uid
        assert free.title == "Captured while locked" and free.phase is Phase.FREE
        assert free.created_at == clock.now - timedelta(hours=1)
    assert waiting(made) == [] and list(inbox(made).iterdir()) == []


def test_an_existing_recall_page_is_added_to_not_replaced(made: Path, clock: Clock) -> None:
    session = session_at(made, clock, hours_ago=1)
    with unlocked(made, clock) as o:
        page = o.journal.open_phase(session.uid, Phase.RECALL)
        page.body = "Written before: the music."
        page = o.journal.save_entry(page)
    capture(made, MARKER, clock=clock)
    with unlocked(made, clock) as o:
        [recall] = [e for e in o.journal.entries() if e.session_uid == session.uid]
        assert recall.uid == page.uid
        assert recall.body.startswith("Written before: the music.\n\n*Captured while locked")
        assert recall.body.endswith(MARKER)


def test_a_capture_before_any_session_or_long_after_is_an_entry_of_its_own(
    made: Path, clock: Clock
) -> None:
    session_at(made, clock, hours_ago=-26)  # a session still to come
    capture(made, f"before {MARKER}", clock=clock)
    clock.advance(days=1)
    capture(made, f"before it {MARKER}", clock=clock)
    with unlocked(made, clock) as o:
        assert o.merged is not None and (o.merged.added, o.merged.to_recall) == (2, 0)
        found = entries_with(o, MARKER)
        assert len(found) == 2 and all(e.title == "Captured while locked" for e in found)
        assert sorted(e.created_at for e in found)[1] - sorted(e.created_at for e in found)[0] == (
            timedelta(days=1)
        )


def test_a_voice_capture_arrives_as_a_cleaned_voice_note(made: Path, clock: Clock) -> None:
    raw = with_tags(RECALL.read_bytes(), f"LOCATION={MARKER}".encode())
    found = capture(made, "", [("recall.flac", raw)], clock=clock)
    sealed = found.read_bytes()
    assert b"fLaC" not in sealed and MARKER.encode() not in sealed
    with unlocked(made, clock) as o:
        assert o.merged is not None and o.merged.added == 1 and o.merged.problems == []
        [entry] = [e for e in o.journal.entries() if e.title == "Captured while locked"]
        [voice] = o.attachments.of_entry(entry.uid)
        assert (voice.kind, voice.mime, voice.duration_ms) == ("audio", "audio/flac", 2274)
        data = o.attachments.data(voice.uid)
        assert data is not None and data.startswith(b"fLaC")
        assert MARKER.encode() not in data and b"LOCATION" not in data


def test_what_this_key_cannot_open_stays_in_the_inbox_and_is_counted(
    made: Path, clock: Clock, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "other.kapvault"
    create_journal(other, PASSPHRASE, clock=clock).lock()
    foreign = capture(other, f"foreign {MARKER}", clock=clock)
    stray = inbox(made) / foreign.name
    inbox(made).mkdir(mode=0o700)
    shutil.move(foreign, stray)
    damaged = capture(made, f"damaged {MARKER}", clock=clock)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0x40
    damaged.write_bytes(bytes(data))
    junk = inbox(made) / ("ab" * 16 + ".sealed")
    junk.write_bytes(b"not a capture at all")
    capture(made, f"fine {MARKER}", clock=clock)
    with unlocked(made, clock) as o:
        assert o.merged is not None and (o.merged.added, o.merged.kept) == (1, 3)
        assert "3 captures could not be opened with this journal's key" in o.merged.sentence()
        assert [e.body.split("\n\n")[-1] for e in entries_with(o, MARKER)] == [f"fine {MARKER}"]
    assert sorted(waiting(made)) == sorted([stray, damaged, junk])
    with unlocked(made, clock) as o:
        assert o.merged is not None and (o.merged.added, o.merged.kept) == (0, 3)
        assert len(entries_with(o, MARKER)) == 1


def test_a_capture_no_calendar_can_hold_does_not_stop_the_unlock(made: Path, clock: Clock) -> None:
    """Anyone at the computer can seal a capture: one dated in the year 1 (from a hand-made
    file) used to raise OverflowError at every unlock, so the journal could not be opened."""
    payload = {"at": "0001-01-01T00:00:00+14:00", "text": MARKER, "attachments": []}
    inbox(made).mkdir(mode=0o700)
    odd = inbox(made) / ("cd" * 16 + ".sealed")
    odd.write_bytes(seal(key_file(made).read_bytes(), json.dumps(payload).encode()))
    capture(made, "an ordinary note", clock=clock)
    with unlocked(made, clock) as o:
        assert o.merged is not None and (o.merged.added, o.merged.kept) == (1, 1)
        assert entries_with(o, MARKER) == []
    assert waiting(made) == [odd]


def test_merging_twice_adds_nothing_even_from_a_file_left_after_the_commit(
    made: Path, clock: Clock, tmp_path: Path
) -> None:
    """A kill between the merge's commit and the removal of its files leaves them in the
    inbox: the vault's record of what it brought in removes them without adding them."""
    files = [capture(made, f"{MARKER} {n}", clock=clock) for n in range(2)]
    kept = tmp_path / "kept"
    kept.mkdir()
    for f in files:
        shutil.copy2(f, kept / f.name)
    with unlocked(made, clock) as o:
        assert o.merged is not None and o.merged.added == 2
        count = o.journal.count_entries()
    with unlocked(made, clock) as o:
        assert o.merged is None and o.journal.count_entries() == count, "nothing was waiting"
    assert waiting(made) == []
    for f in files:
        shutil.copy2(kept / f.name, f)  # as if the kill came before the unlink
    fresh = capture(made, f"{MARKER} fresh", clock=clock)
    with unlocked(made, clock) as o:
        assert o.merged is not None and (o.merged.added, o.merged.kept) == (1, 0)
        assert len(entries_with(o, MARKER)) == 3 and o.journal.count_entries() == count + 1
        assert len(o.journal.search(MARKER)) == 3
    assert waiting(made) == [] and not fresh.exists()


def test_two_unlocks_merging_at_once_bring_each_capture_in_once(
    made: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app and a command unlocking together (each holds the journal open): the second
    merge read the inbox before the first committed. It used to fail the unlock on the record's
    unique name; now it skips what the first brought in."""
    found = capture(made, MARKER, clock=clock)
    sealed = found.read_bytes()
    first, second = (
        OpenJournal(Vault.unlock(made, Secret(passphrase=PASSPHRASE)), clock=clock)
        for _ in range(2)
    )
    with first, second:
        assert first.captures.merge().added == 1
        found.write_bytes(sealed)  # the second listed and read it before the first removed it
        real, looks = CaptureRecords.merged_captures, []

        def stale(records: CaptureRecords) -> set[str]:
            looks.append(1)  # the first look came before the first merge's commit
            return set() if len(looks) == 1 else real(records)

        monkeypatch.setattr(CaptureRecords, "merged_captures", stale)
        assert second.captures.merge().added == 0
        assert len(looks) == 2, "looked again inside its own transaction"
        assert len(entries_with(second, MARKER)) == 1
    assert waiting(made) == []


def test_a_planted_key_is_replaced_and_its_captures_are_not_brought_in(
    made: Path, clock: Clock
) -> None:
    own = key_file(made).read_bytes()
    planted_private, planted_public = new_key_pair()
    key_file(made).write_bytes(planted_public)
    sealed_to_planted = capture(made, f"planted {MARKER}", clock=clock)
    assert unseal(planted_private, sealed_to_planted.read_bytes())  # the planter's, not ours
    with unlocked(made, clock) as o:
        assert o.merged is not None and (o.merged.added, o.merged.kept) == (0, 1)
        assert entries_with(o, MARKER) == []
    assert key_file(made).read_bytes() == own and mode(key_file(made)) == 0o600
    assert waiting(made) == [sealed_to_planted]
    capture(made, f"after {MARKER}", clock=clock)
    with unlocked(made, clock) as o:
        assert o.merged is not None and (o.merged.added, o.merged.kept) == (1, 1)


def test_a_failing_merge_does_not_stop_the_unlock(
    made: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    capture(made, f"first {MARKER}", clock=clock)
    capture(made, f"second {MARKER}", clock=clock)

    def fail(*_a: object) -> None:
        raise StorageError("the disk said no")

    with monkeypatch.context() as m:
        m.setattr("kapjournal.storage.captures.CaptureRecords.mark_merged", fail)
        with unlocked(made, clock) as o:
            assert o.is_open and o.merged is not None and o.merged.added == 0
            said = o.merged.sentence()
            assert "could not be brought in this time (the disk said no)" in said
            assert entries_with(o, MARKER) == [], "the whole merge was rolled back"
    assert len(waiting(made)) == 2
    with unlocked(made, clock) as o:
        assert o.merged is not None and o.merged.added == 2
        assert len(entries_with(o, MARKER)) == 2


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    """A small drive of its own that can be made read-only (root only, as CI runs)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "media"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], check=False)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_journal_is_not_merged(media: Path, clock: Clock) -> None:
    path = media / "journal.kapvault"
    create_journal(path, PASSPHRASE, clock=clock).lock()
    found = capture(path, MARKER, clock=clock)
    subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)
    try:
        with unlocked(path, clock) as o:
            assert o.read_only and o.merged is None
            assert entries_with(o, MARKER) == []
        assert found.exists()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(media)], check=True)
    with unlocked(path, clock) as o:
        assert o.merged is not None and o.merged.added == 1
    assert not found.exists()


def test_a_picture_is_cleaned_and_a_refused_one_is_a_sentence(made: Path, clock: Clock) -> None:
    """Captures carry attachments cleaned before sealing (by the front doors); a hand-made one
    that no cleaner accepts is refused with its sentence, and the words still come in."""
    photo = (FIXTURES / "pictures" / "gps.jpg").read_bytes()
    capture(made, MARKER, [("gps.jpg", photo), ("odd.png", b"\x89PNG not really")], clock=clock)
    with unlocked(made, clock) as o:
        assert o.merged is not None and o.merged.added == 1
        assert len(o.merged.problems) == 1 and "nothing was added" in o.merged.problems[0]
        [entry] = entries_with(o, MARKER)
        [picture] = o.attachments.of_entry(entry.uid)
        data = o.attachments.data(picture.uid)
        assert picture.kind == "picture" and data is not None and b"FixtureCam" not in data
    assert b"FixtureCam" in photo and waiting(made) == []
