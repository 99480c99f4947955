"""The command line as a person uses it: whole processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, child_env


def run(*args: str, stdin: str | None = None, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kapjournal", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=child_env(KAPJOURNAL_HOME=str(home)),
        cwd=Path(__file__).resolve().parents[2],
    )


def assert_one_line_error(r: subprocess.CompletedProcess[str], code: int) -> None:
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and lines[0].startswith("kapjournal: ")


def test_full_cycle(home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path) -> None:
    pf = ["--passphrase-file", str(passphrase_file)]
    src = tmp_path / "jrnl.json"
    src.write_text(
        json.dumps(
            {
                "tags": {},
                "entries": [
                    {
                        "title": "Harbour",
                        "body": "Gulls over the harbour at dawn.",
                        "date": "2025-06-01",
                        "time": "07:00",
                        "tags": [],
                        "starred": False,
                    }
                ],
            }
        )
    )
    assert run("import", str(src), "--format", "jrnl", *pf, home=home).returncode == 0
    r = run("search", "gulls", "--json", *pf, home=home)
    assert r.returncode == 0
    [hit] = json.loads(r.stdout)
    assert hit["title"] == "Harbour" and "Gulls" in hit["snippet"]
    r = run("search", "gulls", *pf, home=home)
    assert "[Gulls]" in r.stdout
    r = run("add", "Seagulls again, louder.", "--title", "Noon", "--tag", "sea", *pf, home=home)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(run("search", "gulls", "--json", *pf, home=home).stdout)) == 1
    assert "Noon" in run("search", "louder", *pf, home=home).stdout
    out = tmp_path / "export.json"
    assert run("export", "--format", "json", "--out", str(out), *pf, home=home).returncode == 0
    assert json.loads(out.read_text())["entries"][0]["title"] == "Harbour"
    r = run("backup", *pf, home=home)
    assert r.returncode == 0 and "Backed up to" in r.stdout
    backup_file = next((home / "backups").glob("*.kapvault"))
    r = run("check", *pf, home=home)
    assert r.returncode == 0 and "healthy" in r.stdout
    r = run("restore", str(backup_file), *pf, home=home)
    assert r.returncode == 0, r.stderr
    new = tmp_path / "new.txt"
    new.write_text("a whole new phrase\n")
    r = run("passwd", *pf, "--new-passphrase-file", str(new), home=home)
    assert r.returncode == 0, r.stderr
    assert_one_line_error(run("check", *pf, home=home), 3)
    r = run("check", "--passphrase-file", "-", stdin="a whole new phrase\n", home=home)
    assert r.returncode == 0


def test_export_a_report_without_private_answers(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    pf = ["--passphrase-file", str(passphrase_file)]
    assert run("add", "Walked by the river.", "--title", "River", *pf, home=home).returncode == 0
    assert run("add", "An older day.", "--title", "Old", *pf, home=home).returncode == 0
    out = tmp_path / "for-therapist.md"
    r = run("export", "--out", str(out), "--since", "2000-01-01", *pf, home=home)
    assert r.returncode == 0, r.stderr
    assert "2 entries" in r.stdout and "0 private answers were left out" in r.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Journal report for the therapist") and "Walked by the river." in text
    page = tmp_path / "for-therapist.html"
    r = run("export", "--format", "html", "--out", str(page), *pf, home=home)
    assert r.returncode == 0, r.stderr
    assert (
        page.read_text().startswith("<!DOCTYPE html>")
        and "Walked by the river." in page.read_text()
    )
    r = run("export", "--out", str(out), "--until", "2000-01-01", *pf, home=home)
    assert_one_line_error(r, 1)
    assert "No entries match" in r.stderr and "Walked by the river." in out.read_text()


def test_export_a_pdf_with_a_password(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    import io

    import pypdf

    pf = ["--passphrase-file", str(passphrase_file)]
    assert run("add", "Walked by the river.", "--title", "River", *pf, home=home).returncode == 0
    secret = tmp_path / "pdf-password"
    secret.write_text("a password for the pdf\n")
    out = tmp_path / "report.pdf"
    r = run("export", "--out", str(out), "--password-file", str(secret), *pf, home=home)
    assert r.returncode == 0, r.stderr
    assert "encrypted with the password" in r.stdout
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.is_encrypted and reader.decrypt("a password for the pdf")
    assert "river" in reader.pages[-1].extract_text().lower()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    r = run("export", "--out", str(tmp_path / "all.json"), *pf, home=home)
    assert_one_line_error(r, 1)
    assert "--format json" in r.stderr and "--format share" in r.stderr
    shared = tmp_path / "for-clinic.json"
    r = run("export", "--format", "share", "--out", str(shared), *pf, home=home)
    assert r.returncode == 0, r.stderr
    data = json.loads(shared.read_text(encoding="utf-8"))
    assert data["format"] == "kapjournal-report" and data["entries"][0]["title"] == "River"
    r = run(
        "export", "--format", "md", "--out", "r.md", "--password-file", str(secret), *pf, home=home
    )
    assert_one_line_error(r, 1)


def test_wrong_passphrase_exit_3_and_bytes_unchanged(home: Path, initialised: Path) -> None:
    before = initialised.read_bytes()
    r = run("search", "x", "--passphrase-file", "-", stdin="wrong\n", home=home)
    assert_one_line_error(r, 3)
    assert "hmac" not in r.stderr.lower() and "ERROR CORE" not in r.stderr
    assert initialised.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "x", "--vault", "/nonexistent/v.kapvault"], "no journal at"),
        (["import", "/nonexistent.json"], "cannot be read"),
        (["export", "--out", "/nonexistent-folder/r.md"], "No entries match"),
        (["export", "--since", "27/11/2026", "--out", "r.md"], "wants a date like"),
        (["passwd", "--new-passphrase-file", "/nonexistent"], "Cannot read"),
    ],
)
def test_errors_are_one_line(
    home: Path, initialised: Path, passphrase_file: Path, args: list[str], expected: str
) -> None:
    r = run(*args, "--passphrase-file", str(passphrase_file), home=home)
    assert_one_line_error(r, 1)
    assert expected in r.stderr


def test_plaintext_file_refused(home: Path, tmp_path: Path, passphrase_file: Path) -> None:
    import sqlite3

    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
    r = run("check", "--vault", str(plain), "--passphrase-file", str(passphrase_file), home=home)
    assert_one_line_error(r, 1)
    assert "unencrypted SQLite" in r.stderr


def test_bad_import_changes_nothing(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kapjournal-archive", "version": 1, "entries": [42]}')
    r = run("import", str(bad), "--passphrase-file", str(passphrase_file), home=home)
    assert_one_line_error(r, 1)
    assert "entries[0] should be an object" in r.stderr


def test_init_refuses_existing(home: Path, initialised: Path, passphrase_file: Path) -> None:
    r = run("init", "--passphrase-file", str(passphrase_file), home=home)
    assert_one_line_error(r, 1)


def test_passphrase_from_stdin_keeps_inner_spaces(home: Path) -> None:
    phrase = "  spaced out  phrase "
    assert run("init", "--passphrase-file", "-", stdin=phrase + "\n", home=home).returncode == 0
    assert run("check", "--passphrase-file", "-", stdin=phrase + "\n", home=home).returncode == 0
    r = run("check", "--passphrase-file", "-", stdin=phrase.strip() + "\n", home=home)
    assert r.returncode == 3


def test_version_and_help(home: Path) -> None:
    said = run("--version", home=home).stdout
    assert said.startswith("kapjournal ") and "SQLCipher 4." in said and "Qt 6." in said
    assert "Voice notes: FLAC recording available" in said and "Vosk 0." in said
    assert "passwd" in run("--help", home=home).stdout
    assert PASSPHRASE  # keeps the shared constant in use


def test_prompt_packs_import_list_remove(
    home: Path, initialised: Path, passphrase_file: Path
) -> None:
    pf = ["--passphrase-file", str(passphrase_file)]
    example = Path(__file__).resolve().parents[2] / "docs" / "example-pack.toml"
    r = run("prompts", "import", str(example), *pf, home=home)
    assert r.returncode == 0 and "Example practice pack" in r.stdout, r.stderr
    r = run("prompts", "list", "--json", *pf, home=home)
    packs = {p["id"]: p for p in json.loads(r.stdout)["packs"]}
    assert packs["example.practice"]["author"].startswith("Example Practice")
    assert not packs["example.practice"]["builtin"] and packs["kapjournal.core"]["builtin"]
    r = run("prompts", "remove", "example.practice", *pf, home=home)
    assert r.returncode == 0
    r = run("prompts", "remove", "example.practice", *pf, home=home)
    assert_one_line_error(r, 1)
    broken = (
        Path(__file__).resolve().parents[1] / "fixtures" / "broken-packs" / "unknown-phase.toml"
    )
    r = run("prompts", "import", str(broken), *pf, home=home)
    assert_one_line_error(r, 1)
    assert "afterglow" in r.stderr


def test_init_remember_without_a_keychain_still_creates(
    home: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    # A child with no D-Bus session: keyring has no backend, so remembering cannot work.
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "kapjournal",
            "init",
            "--remember",
            "--passphrase-file",
            str(passphrase_file),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=child_env(
            KAPJOURNAL_HOME=str(home),
            DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent",
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        ),
        cwd=Path(__file__).resolve().parents[2],
    )
    assert r.returncode == 0, r.stderr
    assert "not remembered" in r.stderr and (home / "journal.kapvault").exists()


def test_common_options_work_before_the_command(
    home: Path, initialised: Path, passphrase_file: Path
) -> None:
    pf = ["--passphrase-file", str(passphrase_file)]
    assert run(*pf, "--vault", str(initialised), "add", "Early options.", home=home).returncode == 0
    r = run(*pf, "search", "early", "--vault", str(initialised), home=home)
    assert r.returncode == 0 and "[Early] options." in r.stdout


def test_add_attaches_pictures_and_voice_notes_and_search_lists_them_without_bytes(
    home: Path, initialised: Path, passphrase_file: Path
) -> None:
    pictures = Path(__file__).parents[1] / "fixtures" / "pictures"
    voice = Path(__file__).parents[1] / "fixtures" / "audio" / "recall.flac"
    r = run(
        "add", "The drawing I made after the session", "--attach", str(pictures / "gps.jpg"),
        "--attach", str(voice), "--passphrase-file", str(passphrase_file),
        home=home,
    )  # fmt: skip
    assert r.returncode == 0 and "with 2 attachments" in r.stdout, r.stderr
    found = json.loads(
        run("search", "drawing", "--json", "--passphrase-file", str(passphrase_file), home=home)
        .stdout
    )  # fmt: skip
    [hit] = found
    assert [a["mime"] for a in hit["attachments"]] == ["image/jpeg", "audio/flac"]
    assert hit["attachments"][1]["duration_ms"] == 2274 and "data" not in hit["attachments"][0]
    for flags, named in (([], False), (["--with-voice-notes"], True)):
        out = home / "report.md"
        done = run(
            "export", "--out", str(out), "--format", "md", *flags,
            "--passphrase-file", str(passphrase_file), home=home,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        said = out.read_text(encoding="utf-8")
        assert ("Voice note 1: recall.flac (2 seconds)" in said) is named, said
        assert "Picture 1" not in said, "pictures only with --with-pictures"
    bad = run(
        "add", "never saved", "--attach", str(pictures / "gps.jpg"), "--attach",
        str(pictures / "not-a-picture.jpg"), "--passphrase-file", str(passphrase_file), home=home,
    )  # fmt: skip
    assert bad.returncode == 1 and "not a picture" in bad.stderr
    again = run("search", "never", "--json", "--passphrase-file", str(passphrase_file), home=home)
    assert json.loads(again.stdout) == [], "a refused picture leaves no entry behind"


def test_search_loads_only_what_a_search_needs(
    home: Path, initialised: Path, passphrase_file: Path
) -> None:
    """A search builds the journal's service and nothing else: not the archive or pack-import
    machinery, the report writers, the catalogue of prompt packs, or Qt (issue 30; the time
    it saves is in docs/benchmarks.md, bench_cli.py)."""
    code = (
        "import sys, runpy\n"
        "sys.argv = ['kapjournal', 'search', 'lighthouse', '--passphrase-file', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('kapjournal', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(passphrase_file)],
        env=child_env(KAPJOURNAL_HOME=str(home)), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    loaded = set(r.stderr.split())
    assert "kapjournal.services.journal" in loaded, "the search ran"
    heavy = {
        "kapjournal.services.archives", "kapjournal.archive.portable", "kapjournal.services.packs",
        "kapjournal.prompts.loader", "kapjournal.prompts.catalog", "kapjournal.services.reports",
        "kapjournal.export.report", "kapjournal.export.markdown", "kapjournal.export.pdf",
        "kapjournal.services.attachments", "kapjournal.services.trends", "PySide6",
    }  # fmt: skip
    assert not heavy & loaded, sorted(heavy & loaded)


NETWORK_AUDIT = """
import socket, sys, runpy
opened = []
def audit(event, args):
    if event == "socket.__new__" and args[1] not in (socket.AF_UNIX,):
        opened.append((event, args[1]))
    elif event in ("socket.bind", "socket.connect") and not isinstance(args[1], (str, bytes)):
        opened.append((event, args[1]))
sys.addaudithook(audit)
sys.argv = ["kapjournal", *sys.argv[1:]]
try:
    runpy.run_module("kapjournal", run_name="__main__")
except SystemExit as exit:
    assert not exit.code, exit.code
print("vosk loaded" if "vosk" in sys.modules else "vosk not loaded", opened, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [("--version",), ("search", "lighthouse"), ("export", "--format", "md")]
)
def test_no_network_socket_is_opened(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Under an audit hook on every socket made and every address bound or connected: none but
    local (AF_UNIX) ones. `--version` once imported Vosk, whose requests/urllib3 opened an IPv6
    socket and bound it to ::1."""
    extra = [] if args == ("--version",) else ["--passphrase-file", str(passphrase_file)]
    if args[0] == "export":
        extra += ["--out", str(tmp_path / "r.md")]
        assert run("add", "a lighthouse", *extra[:2], home=home).returncode == 0
    r = subprocess.run(
        [sys.executable, "-c", NETWORK_AUDIT, *args, *extra],
        env=child_env(KAPJOURNAL_HOME=str(home)), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.endswith("[]"), last
    if args == ("--version",):
        assert "Vosk" in r.stdout and last.startswith("vosk not loaded"), (r.stdout, last)


APP_AUDIT = """
import socket, sys
opened = []
def audit(event, args):
    if event == "socket.__new__" and args[1] != socket.AF_UNIX:
        opened.append((event, args[1]))
    elif event in ("socket.bind", "socket.connect") and not isinstance(args[1], (str, bytes)):
        opened.append((event, args[1]))
sys.addaudithook(audit)
from kapjournal.paths import Paths
from kapjournal.services.opening import create_journal
from kapjournal.settings import Settings
from kapjournal.ui.app import AppController, create_application
app = create_application([])
paths = Paths.from_environment()
controller = AppController(paths, Settings(crisis_region="US"))
controller.start()
controller.on_unlocked(create_journal(paths.default_vault, sys.argv[1]).build_all(), False)
controller.main.start_entry("kapjournal.core/recall")
for _ in range(20):
    app.processEvents()
controller.lock()
print(opened, file=sys.stderr)
"""


def test_the_app_opens_no_network_socket(home: Path) -> None:
    """The desktop app's start, unlock, an entry and a lock under the same audit hook: local
    sockets only (D-Bus and the sound server are AF_UNIX)."""
    r = subprocess.run(
        [sys.executable, "-c", APP_AUDIT, PASSPHRASE],
        env=child_env(KAPJOURNAL_HOME=str(home), QT_QPA_PLATFORM="offscreen"),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().splitlines()[-1] == "[]", r.stderr


def test_an_archive_with_a_broken_pack_is_refused_in_one_line(
    home: Path, initialised: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    """The pack checker's whole list went to stderr (ten lines for a pack reusing a built-in
    id); the command line says the first problem and how many more."""
    pf = ["--passphrase-file", str(passphrase_file)]
    out = tmp_path / "all.json"
    assert run("export", "--format", "json", "--out", str(out), *pf, home=home).returncode == 0
    data = json.loads(out.read_text())
    bad = "\n".join(
        ['[pack]\nid = "practice.bad"\nname = "Bad"\nversion = "1"']
        + [f'[[templates]]\nid = "t{n}"\nphase = "party"\ntitle = "T{n}"' for n in range(6)]
    )
    data["packs"] = [{"id": "practice.bad", "name": "Bad", "version": "1", "author": "",
                      "toml": bad, "imported_at": "2026-01-01T00:00:00+00:00"}]  # fmt: skip
    src = tmp_path / "with-pack.json"
    src.write_text(json.dumps(data))
    r = run("import", str(src), *pf, home=home)
    assert_one_line_error(r, 1)
    assert "and 5 more problems: `kapjournal prompts validate` lists them all" in r.stderr
