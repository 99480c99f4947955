"""The practice store's file: its own kind (never opened as a journal, nor a journal as one),
encrypted through and through (no patient's word in its bytes, its backups or the data
folder), with the journal's backups and checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import apsw
import pytest

from kapjournal.errors import WrongKind
from kapjournal.services.opening import create_journal, open_journal
from kapjournal.services.practice import OpenPractice, create_practice, open_practice
from kapjournal.storage import schema
from kapjournal.storage.practice import PracticeRecords, PracticeVault
from kapjournal.storage.vault import Secret, Vault
from tests import practice_reports
from tests.practice_reports import MARKERS, NOTE, PASSPHRASE, Story, save


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return practice_reports.story(tmp_path_factory)


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """A practice store and a journal, made once, with their raw keys."""
    folder = tmp_path_factory.mktemp("kinds")
    with create_practice(folder / "p.kappractice", PASSPHRASE) as p:
        practice = (p.path, p.admin.key_for_keychain)
    with create_journal(folder / "j.kapvault", PASSPHRASE) as j:
        journal = (j.path, j.admin.key_for_keychain)
    return {"practice": practice, "journal": journal}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_a_practice_store_cannot_be_opened_as_a_journal(
    kinds: dict[str, tuple[Path, str]],
) -> None:
    path, key = kinds["practice"]
    before = snapshot(path.parent)
    for attempt in (
        lambda: Vault.unlock(path, Secret(raw_key=key)),
        lambda: open_journal(path, raw_key=key),
    ):
        with pytest.raises(WrongKind) as exc:
            attempt()
        said = str(exc.value)
        assert said == (
            "This file is a therapist's practice store, not a journal; open it with "
            "kapjournal --practice."
        )
    assert snapshot(path.parent) == before, "not a byte, a time or a side file changed"
    with PracticeVault.unlock(path, Secret(raw_key=key)) as v:
        assert int(v.conn.execute("PRAGMA application_id").fetchone()[0]) == schema.PRACTICE_ID


def test_a_journal_cannot_be_opened_as_a_practice_store(
    kinds: dict[str, tuple[Path, str]],
) -> None:
    path, key = kinds["journal"]
    before = snapshot(path.parent)
    for attempt in (
        lambda: PracticeVault.unlock(path, Secret(raw_key=key)),
        lambda: open_practice(path, raw_key=key),
    ):
        with pytest.raises(WrongKind, match="This file is a journal, not a practice store"):
            attempt()
    assert snapshot(path.parent) == before
    with Vault.unlock(path, Secret(raw_key=key)) as v:
        assert v.schema_version() == schema.SCHEMA_VERSION


def test_an_independent_sqlcipher_reader_sees_a_practice_store_with_the_passphrase(
    kinds: dict[str, tuple[Path, str]],
) -> None:
    path, _ = kinds["practice"]
    assert not path.read_bytes().startswith(b"SQLite format 3")
    conn = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    try:
        conn.execute("PRAGMA cipher = 'sqlcipher'")
        conn.execute("PRAGMA legacy = 4")
        conn.execute("PRAGMA key = '" + PASSPHRASE + "'")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"patients", "reports", "notes"} <= tables and "entries" not in tables
        [(app_id,)] = list(conn.execute("PRAGMA application_id"))
        assert app_id == schema.PRACTICE_ID
    finally:
        conn.close()


def files_under(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*") if p.is_file())


def found_in(paths: Iterator[Path]) -> dict[str, list[str]]:
    """Each marker found in the files' bytes, in UTF-8 or UTF-16 (either order), by file."""
    needles = {
        m: [m.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")] for m in MARKERS
    }  # fmt: skip
    found: dict[str, list[str]] = {}
    for path in paths:
        data = path.read_bytes()
        for marker, forms in needles.items():
            if any(form in data for form in forms):
                found.setdefault(path.name, []).append(marker)
    return found


def test_the_store_holds_no_plaintext_in_the_file_its_backups_or_the_data_folder(
    story: Story, tmp_path: Path, isolated_home: Path
) -> None:
    reports = tmp_path / "mail"  # where the therapist saved the files: not the data folder
    files = [save(story.copy(n), reports / f"{n}.json") for n in ("first", "later", "other")]
    assert set(found_in(files_under(reports))["first.json"]) == set(MARKERS) - {"Ocelotnote"}, (
        "the scan finds what is there"
    )
    isolated_home.mkdir(parents=True, exist_ok=True)
    path = isolated_home / "practice.kappractice"
    with create_practice(path, PASSPHRASE) as opened:
        for f in files:
            opened.practice.add(f)
        opened.practice.note(practice_reports.NAME, NOTE)
        course = opened.practice.course(practice_reports.NAME)
        assert course["notes"][0]["text"] == NOTE and "Quokkabody" in str(course["entries"])
        made = opened.admin.backup(5)
        assert made is not None and made.parent == isolated_home / "backups"
        sidecars = [p for p in isolated_home.iterdir() if p.name.startswith(path.name + "-")]
        scanned = {p.name for p in files_under(isolated_home)}
        assert {path.name, made.name} <= scanned, scanned
        assert found_in(files_under(isolated_home)) == {}, "while open, its WAL included"
        assert found_in(iter(sidecars)) == {}
    assert found_in(files_under(isolated_home)) == {}, "after locking"
    assert found_in(files_under(isolated_home / "backups")) == {}
    with OpenPractice(PracticeVault.unlock(made, Secret(passphrase=PASSPHRASE))) as restored:
        assert restored.practice.notes(practice_reports.NAME)[0]["text"] == NOTE


def test_backup_and_check_work_on_a_practice_store(
    kinds: dict[str, tuple[Path, str]], story: Story, tmp_path: Path
) -> None:
    source, key = kinds["practice"]
    path = tmp_path / "practice.kappractice"
    path.write_bytes(source.read_bytes())
    with open_practice(path, raw_key=key) as opened:
        opened.practice.add(save(story.copy("first"), tmp_path / "a.json"))
        report = opened.admin.check()
        assert report.healthy and report.problems == []
        assert report.schema_version == len(PracticeVault.MIGRATIONS)
        made = opened.admin.backup(3)
        assert made is not None and made.parent == tmp_path / "backups"
        assert made.name.startswith("practice-") and made.suffix == ".kappractice"
        assert opened.admin.backups() == [made]
        assert opened.admin.backup(3, force=False) is None, "today's is there"
    with pytest.raises(WrongKind):
        Vault.unlock(made, Secret(raw_key=key))
    with PracticeVault.unlock(made, Secret(raw_key=key)) as copy:
        [patient] = PracticeRecords(copy).patients()
        assert patient.name == practice_reports.NAME and patient.summary["reports"] == 1
        assert copy.check() == []


def test_a_practice_store_is_refused_where_a_file_is_already(
    kinds: dict[str, tuple[Path, str]],
) -> None:
    from kapjournal.errors import VaultExists

    path, _ = kinds["journal"]
    before = path.read_bytes()
    with pytest.raises(VaultExists):
        create_practice(path, PASSPHRASE)
    assert path.read_bytes() == before
