"""`kapjournal practice init | add | list | show | note | remove | check | backup`: the
therapist's practice store from the command line. `--vault` names the practice file (default
practice.kappractice in the data folder); the unlock is the journal's (passphrase file,
keychain, prompt)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kapjournal.cli.context import CliError, Context, prompt_hidden, require_strong
from kapjournal.errors import ArchiveError, KeychainUnavailable, StorageError, WrongPassphrase
from kapjournal.i18n import tr, trn
from kapjournal.services.practice import (
    NEW,
    NeedsPatient,
    OpenPractice,
    create_practice,
    open_practice,
    short,
)

EXIT_OK, EXIT_ERROR = 0, 1


def _practice_path(ctx: Context) -> Path:
    ctx.vault_path = Path(ctx.args.vault) if ctx.args.vault else ctx.paths.default_practice
    return ctx.vault_path


def unlock(ctx: Context) -> OpenPractice:
    """--passphrase-file, else the keychain, else a hidden prompt (as for a journal)."""
    path = _practice_path(ctx)
    if not path.exists():
        raise CliError(
            tr("There is no practice store at {path}; create one with kapjournal practice init.")
            .format(path=path)
        )  # fmt: skip
    raw = ctx.remembered_key()
    if raw:
        try:
            return open_practice(path, raw_key=raw)
        except WrongPassphrase:
            pass  # a stale remembered key: ask instead
    return open_practice(path, passphrase=ctx.passphrase(tr("Practice passphrase: ")))


def cmd_init(ctx: Context) -> int:
    path = _practice_path(ctx)
    passphrase = ctx.passphrase(tr("New practice passphrase: "))
    require_strong(
        passphrase,
        tr("That passphrase is too easy to guess, so no practice store was created; choose "
           "several unrelated words."),
    )  # fmt: skip
    if not ctx.args.passphrase_file and passphrase != prompt_hidden(tr("Repeat it: ")):
        raise CliError(tr("The two passphrases differ; nothing was created."))
    ctx.paths.ensure()
    note = ""
    with create_practice(path, passphrase) as opened:
        if ctx.args.remember:
            try:
                ctx.keys.remember(path, opened.admin.key_for_keychain)
            except KeychainUnavailable as exc:
                note = tr("{reason} It was not remembered.").format(reason=exc)
    print(tr("Created an encrypted practice store at {path}.").format(path=path))
    if note:
        print(note, file=sys.stderr)
    print(tr("Keep the passphrase safe: nobody can recover a forgotten one."))
    return EXIT_OK


def cmd_add(ctx: Context) -> int:
    failed = 0
    with unlock(ctx) as opened:
        for name in ctx.args.files:
            try:
                added = opened.practice.add(Path(name), patient=ctx.args.as_patient)
            except NeedsPatient as exc:
                failed += 1
                print(f"kapjournal: {name}: {exc} " + tr("Add it with --as ID or --as new."),
                      file=sys.stderr)  # fmt: skip
                continue
            except (ArchiveError, StorageError, LookupError) as exc:
                failed += 1
                print(f"kapjournal: {exc}", file=sys.stderr)
                continue
            said = (
                tr("Added {file} to {name} ({id}).")
                if added.new
                else tr("{file} was in the practice already ({name}, {id}); nothing changed.")
            )
            print(said.format(file=name, name=added.name or tr("no name"), id=short(added.patient)))
    return EXIT_ERROR if failed else EXIT_OK


def cmd_list(ctx: Context) -> int:
    with unlock(ctx) as opened:
        rows = opened.practice.patients()
    if ctx.args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print(tr("No patients yet: add the reports they shared with kapjournal practice add."))
    nameless = tr("(no name)")
    for row in rows:
        flag = "!" if row["open_flags"] else " "
        scores = "; ".join(score_text(s) for s in row["scores"])
        reports = trn(
            "{n} report, latest {day}", "{n} reports, latest {day}", row["reports"]
        ).format(n=row["reports"], day=_day(row["latest_report"]))
        line = f"{flag} {short(row['id'])}  {row['name'] or nameless}  {reports}"
        print(f"{line}  {scores}" if scores else line)
    return EXIT_OK


def score_text(score: dict[str, Any]) -> str:
    """ "PHQ-9 4 (-13 since the first)": the latest total and its change."""
    return tr("{instrument} {latest} ({change:+g} since the first)").format(
        instrument=score["instrument"],
        latest=f"{score['latest']['total']:g}",
        change=score["change"],
    )


def _day(value: str | None) -> str:
    return datetime.fromisoformat(value).astimezone().date().isoformat() if value else "-"


def cmd_show(ctx: Context) -> int:
    with unlock(ctx) as opened:
        course = opened.practice.course(ctx.args.patient)
    if ctx.args.json:
        print(json.dumps(_without_data(course), ensure_ascii=False, indent=2))
        return EXIT_OK
    nameless = tr("(no name)")
    print(f"{course['name'] or nameless} ({course['id']})")
    print(trn("{n} report", "{n} reports", len(course["reports"])).format(n=len(course["reports"])))
    open_flags = [f for f in course["flags"] if f["open"]]
    for f in open_flags:
        print(tr("Safety flag, {day}: {text}").format(day=f["at"][:10], text=f["text"]))
    for s in course["scores"]:
        print(f"  {score_text(s)}")
    for g in course["goals"]:
        print(tr("Goal {n}: {text}. {summary}").format(
            n=g["number"], text=g["text"], summary=g["text_summary"]))  # fmt: skip
    for q in course["questions"]:
        print(tr("Question ({day}): {text}").format(day=q["at"][:10], text=q["text"]))
    for n in course["notes"]:
        print(tr("Your note ({day}): {text}").format(day=n["at"][:10], text=n["text"]))
    return EXIT_OK


def _without_data(course: dict[str, Any]) -> dict[str, Any]:
    """Pictures and voice notes are named with their size in bytes, not printed as base64."""
    for report in course["entries"]:
        for entry in report["entries"]:
            for kind in ("pictures", "voice_notes"):
                for item in entry[kind]:
                    item["bytes"] = len(item.pop("data")) * 3 // 4
    return course


def cmd_note(ctx: Context) -> int:
    text = sys.stdin.read() if ctx.args.text == "-" else ctx.args.text
    with unlock(ctx) as opened:
        opened.practice.note(ctx.args.patient, text)
        name = opened.practice.find(ctx.args.patient).name
    print(tr("Added your note to {name}; it stays in this practice store.").format(name=name))
    return EXIT_OK


def cmd_remove(ctx: Context) -> int:
    with unlock(ctx) as opened:
        patient = opened.practice.find(ctx.args.patient)
        if not ctx.args.yes:
            if not sys.stdin.isatty():
                raise CliError(tr("Removing a patient cannot be undone; add --yes to do it."))
            answer = input(
                tr("Remove {name} with every report and note? Type yes: ").format(name=patient.name)
            )
            if answer.strip().lower() not in ("yes", tr("yes")):
                print(tr("Nothing was removed."))
                return EXIT_OK
        name = opened.practice.remove(patient.key)
    print(tr("Removed {name} with their reports and your notes.").format(name=name))
    return EXIT_OK


def cmd_check(ctx: Context) -> int:
    with unlock(ctx) as opened:
        report = opened.admin.check()
    if not report.healthy:
        print(tr("The practice store at {path} has problems; restore a backup:").format(
            path=ctx.vault_path))  # fmt: skip
        for p in report.problems:
            print(f"  {p}")
        return EXIT_ERROR
    print(tr("The practice store at {path} is healthy: every encrypted page verifies.").format(
        path=ctx.vault_path))  # fmt: skip
    return EXIT_OK


def cmd_backup(ctx: Context) -> int:
    with unlock(ctx) as opened:
        made = opened.admin.backup(ctx.settings.backups_kept)
    print(tr("Backed up to {path} (encrypted with the same passphrase).").format(path=made))
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    practice = sub.add_parser(
        "practice",
        parents=[common],
        help=tr("for therapists: the reports your patients shared, together"),
        description=tr(
            "A therapist's practice store: an encrypted file of its own (--vault, default "
            "practice.kappractice in the data folder) where the reports patients share come "
            "together, one patient per journal, with your private notes."
        ),
    )
    psub = practice.add_subparsers(dest="practice_command", metavar="ACTION", required=True)

    def add(name: str, fn: Callable[[Context], int], help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = psub.add_parser(
            name, parents=[common], help=help, description=help
        )
        p.set_defaults(func=fn)
        return p

    add("init", cmd_init, tr("create a new encrypted practice store")).add_argument(
        "--remember", action="store_true", help=tr("remember its key in this computer's keychain")
    )
    p = add("add", cmd_add, tr("add reports patients shared (JSON files, version 1 or 2)"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--as",
        dest="as_patient",
        metavar="ID",
        help=tr("for an older report that names its patient only by name: the patient's id, "
                "or '{new}' for someone not yet in the practice").format(new=NEW),
    )  # fmt: skip
    add("list", cmd_list, tr("list patients, flagged first")).add_argument(
        "--json", action="store_true"
    )
    p = add("show", cmd_show, tr("one patient's course across all their reports"))
    p.add_argument("patient", metavar="PATIENT", help=tr("an id (or its start) or a name"))
    p.add_argument("--json", action="store_true")
    p = add("note", cmd_note, tr("add your private note to a patient ('-' reads standard input)"))
    p.add_argument("patient", metavar="PATIENT")
    p.add_argument("text", metavar="TEXT")
    p = add("remove", cmd_remove, tr("remove a patient with their reports and your notes"))
    p.add_argument("patient", metavar="PATIENT")
    p.add_argument("--yes", action="store_true", help=tr("do not ask"))
    add("check", cmd_check, tr("verify every encrypted page of the practice store"))
    add("backup", cmd_backup, tr("write an encrypted, verified backup of the practice store"))
