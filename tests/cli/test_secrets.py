"""Secrets on the command line (issue 22, item 8): journal words through standard input, the
app's strength rule for every new passphrase and PDF password, a warning for a secret file
other accounts can open, and a data folder that is the owner's alone at every start."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.test_main import assert_one_line_error, run
from tests.conftest import PASSPHRASE

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def test_add_reads_the_title_and_the_text_from_standard_input(
    home: Path, initialised: Path
) -> None:
    """In order: the passphrase line, the title line, then the text; no journal word is an
    argument, so none is in /proc/PID/cmdline or the shell's history."""
    stdin = f"{PASSPHRASE}\nAfter the third session\nThe room felt wide.\nThen quiet.\n"
    args = ("add", "-", "--title", "-", "--passphrase-file", "-")
    r = run(*args, stdin=stdin, home=home)
    assert r.returncode == 0, r.stderr
    r = run("search", "wide", "--json", "--passphrase-file", "-", stdin=PASSPHRASE, home=home)
    [hit] = json.loads(r.stdout)
    assert hit["title"] == "After the third session"
    assert "The room felt wide. Then quiet." in " ".join(hit["snippet"].split())
    r = run("add", "-", "--title", "Kept as given", "--passphrase-file", "-",
            stdin=f"{PASSPHRASE}\nOnly the text here.\n", home=home)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = run("search", "text", "--json", "--passphrase-file", "-", stdin=PASSPHRASE, home=home)
    assert [h["title"] for h in json.loads(r.stdout)] == ["Kept as given"]


def test_add_help_recommends_standard_input(home: Path) -> None:
    said = " ".join(run("add", "--help", home=home).stdout.split())
    assert "shell history" in said and "kapjournal add - --title - < note.txt" in said


@pytest.mark.parametrize("weak", ["x", "hunter2"])
def test_init_refuses_a_passphrase_the_app_would_refuse(home: Path, weak: str) -> None:
    r = run("init", "--passphrase-file", "-", stdin=weak + "\n", home=home)
    assert_one_line_error(r, 1)
    assert "too easy to guess" in r.stderr and "several unrelated words" in r.stderr
    assert not (home / "journal.kapvault").exists()


def test_passwd_refuses_a_weak_new_passphrase(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    before = initialised.read_bytes()
    weak = tmp_path / "new"
    weak.write_text("x\n")
    weak.chmod(0o600)
    r = run("passwd", "--new-passphrase-file", str(weak),
            "--passphrase-file", str(passphrase_file), home=home)  # fmt: skip
    assert_one_line_error(r, 1)
    assert "too easy to guess" in r.stderr and "not changed" in r.stderr
    assert initialised.read_bytes() == before and not (home / "backups").exists()


def test_export_refuses_a_weak_pdf_password(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    pf = ["--passphrase-file", str(passphrase_file)]
    assert run("add", "Walked by the river.", *pf, home=home).returncode == 0
    out = tmp_path / "report.pdf"
    r = run("export", "--out", str(out), "--password-file", "-", *pf, stdin="x\n", home=home)
    assert_one_line_error(r, 1)
    assert "too easy to guess" in r.stderr and not out.exists()


@posix_only
def test_a_secret_file_others_can_open_is_warned_of_and_still_used(
    home: Path, initialised: Path, passphrase_file: Path
) -> None:
    passphrase_file.chmod(0o644)
    r = run("check", "--passphrase-file", str(passphrase_file), home=home)
    assert r.returncode == 0, r.stderr
    [line] = r.stderr.splitlines()
    assert line.startswith("kapjournal: Other accounts on this computer can open")
    assert f"chmod 600 {passphrase_file}" in line
    passphrase_file.chmod(0o600)
    r = run("check", "--passphrase-file", str(passphrase_file), home=home)
    assert r.returncode == 0 and r.stderr == ""


@posix_only
def test_the_data_folder_is_made_private_at_every_start(home: Path, initialised: Path) -> None:
    home.chmod(0o755)  # loosened after it was made, by hand or by a copy
    r = run("check", "--passphrase-file", "-", stdin=PASSPHRASE, home=home)
    assert r.returncode == 0, r.stderr
    assert home.stat().st_mode & 0o777 == 0o700


def test_export_leaves_the_safety_plan_out_unless_asked_for(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    from kapjournal.services.opening import open_journal

    with open_journal(initialised, passphrase=PASSPHRASE) as opened:
        plan = opened.journal.open_safety_plan()
        plan.answers[0].text = "Not answering messages"
        opened.journal.save_entry(plan)
        entry = opened.journal.free_entry()
        entry.title, entry.body = "River", "Walked by the river."
        opened.journal.save_entry(entry)
    pf = ["--passphrase-file", str(passphrase_file)]
    out = tmp_path / "r.md"
    assert run("export", "--format", "md", "--out", str(out), *pf, home=home).returncode == 0
    assert "Walked by the river." in out.read_text() and "Not answering" not in out.read_text()
    r = run("export", "--format", "md", "--out", str(out), "--with-safety-plan", *pf, home=home)
    assert r.returncode == 0, r.stderr
    assert "Not answering messages" in out.read_text()
