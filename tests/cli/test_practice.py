"""`kapjournal practice` through the command line's own main(): the real parser, unlock, exit
codes and one-line errors, over real reports from real journals."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import keyring.backends.fail
import pytest

from kapjournal.cli.main import main
from kapjournal.services.keys import KeyStore
from kapjournal.services.opening import create_journal
from kapjournal.services.practice import create_practice
from kapjournal.storage.keychain import Keychain
from tests import practice_reports
from tests.practice_reports import NAME, QUESTION, SECOND, Story, as_version_1, save

EXIT_WRONG_PASSPHRASE = 3


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    def one_line_error(self, code: int = 1) -> str:
        assert self.code == code, (self.code, self.out, self.err)
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, self.err
        assert "Traceback" not in self.err and "unexpected error" not in self.err
        assert lines[0].startswith("kapjournal: ")
        return lines[0]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return practice_reports.story(tmp_path_factory)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty practice store and a journal, made once (each is a key derivation)."""
    folder = tmp_path_factory.mktemp("made")
    create_practice(folder / "empty.kappractice", practice_reports.PASSPHRASE).lock()
    create_journal(folder / "journal.kapvault", practice_reports.PASSPHRASE).lock()
    return {"practice": folder / "empty.kappractice", "journal": folder / "journal.kapvault"}


@pytest.fixture
def vault(made: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "store" / "practice.kappractice"
    path.parent.mkdir()
    shutil.copyfile(made["practice"], path)
    return path


@pytest.fixture
def files(story: Story, tmp_path: Path) -> dict[str, Path]:
    out = tmp_path / "mail"
    return {
        "first": save(story.copy("first"), out / "first.json", indent=2),
        "later": save(story.copy("later"), out / "later.json"),
        "other": save(story.copy("other"), out / "other.json"),
        "old": save(as_version_1(story.copy("first")), out / "old.json"),
    }


@pytest.fixture
def practice(
    vault: Path,
    passphrase_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    """Run `kapjournal practice ...` on the test's store; no keychain is ever touched."""

    def run(*args: str, stdin: str | None = None, store: Path = vault, pf: Path = passphrase_file,
            ) -> Ran:  # fmt: skip
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        keys = KeyStore(Keychain(backend=keyring.backends.fail.Keyring(), timeout=1))
        argv = ["practice", *args, "--vault", str(store), "--passphrase-file", str(pf)]
        code = main(argv, keys=keys)
        got = capsys.readouterr()
        return Ran(code, got.out, got.err)

    return run


def test_init_makes_the_store_in_the_data_folder_once(
    isolated_home: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = KeyStore(Keychain(backend=keyring.backends.fail.Keyring(), timeout=1))
    argv = ["practice", "init", "--passphrase-file", str(passphrase_file)]
    assert main(argv, keys=keys) == 0
    out = capsys.readouterr().out
    path = isolated_home / "practice.kappractice"
    assert f"Created an encrypted practice store at {path}." in out and path.is_file()
    assert "nobody can recover a forgotten one" in out
    before = path.read_bytes()
    assert main(argv, keys=keys) == 1
    err = capsys.readouterr().err
    assert err.startswith("kapjournal: ") and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert main(["practice", "list", "--passphrase-file", str(passphrase_file)], keys=keys) == 0
    assert "No patients yet" in capsys.readouterr().out


def test_a_missing_store_is_named_with_the_command_that_makes_one(practice, tmp_path: Path) -> None:
    line = practice("list", store=tmp_path / "none.kappractice").one_line_error()
    assert "There is no practice store at" in line and "kapjournal practice init" in line


def test_add_two_files_and_one_twice(practice, files: dict[str, Path], story: Story) -> None:
    short = story.first["journal_id"][:8]
    r = practice("add", str(files["first"]), str(files["other"]), str(files["first"]))
    assert r.code == 0 and r.err == "", r.err
    lines = r.out.strip().splitlines()
    assert lines[0] == f"Added {files['first']} to {NAME} ({short})."
    assert lines[1].startswith(f"Added {files['other']} to {SECOND} (")
    already = f"{files['first']} was in the practice already ({NAME}, {short}); nothing changed."
    assert lines[2] == already
    r = practice("add", str(files["first"]))
    assert (r.code, r.out.strip()) == (0, already)
    assert len(json.loads(practice("list", "--json").out)) == 2


def test_a_bad_file_is_one_line_and_stores_nothing(
    practice, files: dict[str, Path], story: Story, tmp_path: Path
) -> None:
    data = story.copy("first")
    data["at_a_glance"]["goals"] = {"number": 1}
    bad = save(data, tmp_path / "bad.json")
    line = practice("add", str(bad)).one_line_error()
    assert "bad.json: at_a_glance.goals should be a list" in line
    for other in (tmp_path, tmp_path / "missing.json"):
        practice("add", str(other)).one_line_error()
    r = practice("add", str(bad), str(files["other"]))
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1, "the good one is added"
    assert [p["name"] for p in json.loads(practice("list", "--json").out)] == [SECOND]


def test_a_version_1_report_asks_who_it_is(practice, files: dict[str, Path], story: Story) -> None:
    assert practice("add", str(files["later"])).code == 0
    line = practice("add", str(files["old"])).one_line_error()
    assert NAME in line and "--as ID or --as new" in line
    r = practice("add", str(files["old"]), "--as", story.first["journal_id"][:8])
    assert r.code == 0 and f"to {NAME} ({story.first['journal_id'][:8]})" in r.out
    [row] = json.loads(practice("list", "--json").out)
    assert row["reports"] == 2


def test_list_gives_each_patient_flagged_first(
    practice, files: dict[str, Path], story: Story
) -> None:
    assert practice("add", str(files["other"]), str(files["first"])).code == 0
    rows = json.loads(practice("list", "--json").out)
    assert [r["name"] for r in rows] == [NAME, SECOND], "flagged first"
    assert {"id", "name", "reports", "latest_report", "scores", "open_flags"} <= set(rows[0])
    first = rows[0]
    assert first["id"] == story.first["journal_id"] and first["reports"] == 1
    assert first["latest_report"] == "2026-03-05T08:00:00+00:00" and first["open_flags"] == 1
    [phq] = first["scores"]
    assert (phq["instrument"], phq["latest"]["total"], phq["change"]) == ("PHQ-9", 8, -9)
    assert phq["baseline"]["total"] == 17 and phq["higher_is_better"] is False
    [who] = rows[1]["scores"]
    assert who["instrument"] == "WHO-5" and who["higher_is_better"] is True and who["change"] == 0
    text = practice("list").out.splitlines()
    assert text[0].startswith(f"! {story.first['journal_id'][:8]}  {NAME}  1 report, latest ")
    assert "PHQ-9 8 (-9 since the first)" in text[0]
    assert text[1].startswith(f"  {story.other['journal_id'][:8]}  {SECOND}  ")


def test_show_gives_the_merged_course_without_the_pictures_data(
    practice, files: dict[str, Path], story: Story
) -> None:
    assert practice("add", str(files["later"]), str(files["first"])).code == 0
    assert practice("note", NAME, "first note").code == 0
    r = practice("show", story.first["journal_id"][:6], "--json")
    assert r.code == 0, r.err
    course = json.loads(r.out)
    for key in ("sessions", "results", "flags", "side_effects", "lifts", "goals", "questions",
                "entries", "notes", "scores", "reports", "check_ins"):  # fmt: skip
        assert key in course, key
    assert course["id"] == story.first["journal_id"] and course["name"] == NAME
    assert [s["uid"] for s in course["sessions"]] == [story.session]
    uids = [x["uid"] for x in course["results"]]
    assert len(uids) == len(set(uids)) == 4 and story.r2 in uids
    assert [f["open"] for f in course["flags"]] == [False]
    assert course["side_effects"][0]["effect"] == "Nausea"
    assert [g["ratings"][-1]["value"] for g in course["goals"]] == [6]
    assert [q["text"] for q in course["questions"]] == [QUESTION]
    assert [len(x["entries"]) for x in course["entries"]] == [5, 5]
    [picture] = [p for x in course["entries"][:1] for e in x["entries"] for p in e["pictures"]]
    assert "data" not in picture and picture["bytes"] > 100 and picture["name"] == "gps.jpg"
    assert '"data":' not in r.out
    assert [n["text"] for n in course["notes"]] == ["first note"]
    text = practice("show", NAME).out
    assert f"{NAME} ({story.first['journal_id']})" in text and "2 reports" in text
    assert "Safety flag" not in text, "acknowledged on a later day"
    assert f"Question (2026-03-03): {QUESTION}" in text and "Your note (" in text
    assert "PHQ-9 7 (-10 since the first)" in text
    line = practice("show", "nobody").one_line_error()
    assert "No patient in this practice" in line


def test_note_reads_standard_input_with_a_dash(practice, files: dict[str, Path]) -> None:
    assert practice("add", str(files["first"])).code == 0
    r = practice("note", NAME, "-", stdin=practice_reports.NOTE + "\nsecond line\n")
    assert r.code == 0 and f"Added your note to {NAME}" in r.out
    [note] = json.loads(practice("show", NAME, "--json").out)["notes"]
    assert note["text"] == practice_reports.NOTE + "\nsecond line"
    assert "The note is empty" in practice("note", NAME, "-", stdin="  \n").one_line_error()


def test_remove_with_yes_and_not_without(practice, files: dict[str, Path]) -> None:
    assert practice("add", str(files["first"]), str(files["other"])).code == 0
    line = practice("remove", NAME, stdin="").one_line_error()
    assert "--yes" in line
    assert len(json.loads(practice("list", "--json").out)) == 2
    r = practice("remove", NAME, "--yes")
    assert r.code == 0 and f"Removed {NAME} with their reports and your notes." in r.out
    assert [p["name"] for p in json.loads(practice("list", "--json").out)] == [SECOND]
    assert "Added" in practice("add", str(files["first"])).out, "its report went with it"


def test_a_wrong_passphrase_is_exit_3_in_one_line(practice, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the practice passphrase at all\n", encoding="utf-8")
    wrong.chmod(0o600)
    practice("list", pf=wrong).one_line_error(EXIT_WRONG_PASSPHRASE)


def test_a_journal_given_as_the_practice_is_one_sentence(
    practice, made: dict[str, Path], tmp_path: Path
) -> None:
    journal = tmp_path / "journal.kapvault"
    shutil.copyfile(made["journal"], journal)
    before = journal.read_bytes()
    line = practice("list", store=journal).one_line_error()
    said = "This file is a journal, not a practice store; open it with kapjournal."
    assert line == f"kapjournal: {said}"
    assert journal.read_bytes() == before


def test_check_and_backup(practice, files: dict[str, Path], vault: Path) -> None:
    assert practice("add", str(files["first"])).code == 0
    r = practice("check")
    assert r.code == 0 and f"The practice store at {vault} is healthy" in r.out
    r = practice("backup")
    assert r.code == 0 and "Backed up to " in r.out, r.err
    [made] = (vault.parent / "backups").iterdir()
    assert str(made) in r.out and made.stat().st_size > 0
