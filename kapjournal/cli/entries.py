"""`kapjournal add | search | import | export`: writing, finding and moving entries."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from kapjournal.archive import FORMATS
from kapjournal.cli.context import CliError, Context, read_secret_file, require_strong
from kapjournal.domain import SNIPPET_CLOSE, SNIPPET_OPEN, Attachment, EntryFilter, Phase
from kapjournal.export import formats
from kapjournal.i18n import tr, trn

EXIT_OK = 0


def title_and_text(ctx: Context) -> tuple[str, str]:
    """'-' reads standard input, in this order: the passphrase's line (--passphrase-file -),
    the title's line (--title -), then the text (-) to the end."""
    args = ctx.args
    if args.passphrase_file == "-" and "-" in (args.title, args.text):
        ctx.passphrase()  # its line comes first; unlocking uses it as read
    title = sys.stdin.readline().strip() if args.title == "-" else args.title or ""
    return title, sys.stdin.read() if args.text == "-" else args.text


def cmd_add(ctx: Context) -> int:
    title, body = title_and_text(ctx)
    with ctx.unlock() as opened:
        entry = opened.journal.free_entry()
        entry.phase = Phase(ctx.args.phase)
        entry.title = title
        entry.body = body.strip()
        entry.tags = ctx.args.tag or []
        files = [Path(f) for f in ctx.args.attach or []]
        if files:
            from kapjournal.services.attachments import read_attachment_file
        found = [read_attachment_file(f) for f in files]  # all checked before any is written
        opened.journal.save_entry(entry)
        for f, attachment in zip(files, found, strict=True):
            opened.attachments.add_clean(entry.uid, attachment, f.name)
    print(
        trn(
            "Saved an entry ({phase}) with {n} attachment.",
            "Saved an entry ({phase}) with {n} attachments.",
            len(files),
        ).format(phase=entry.phase.label, n=len(files))
        if files
        else tr("Saved an entry ({phase}).").format(phase=entry.phase.label)
    )
    return EXIT_OK


def attachment_json(a: Attachment) -> dict[str, Any]:
    """What `search --json` says of an attachment: never its bytes."""
    return {
        "uid": a.uid,
        "kind": a.kind,
        "name": a.name,
        "mime": a.mime,
        "size": a.size,
        "width": a.width,
        "height": a.height,
        "duration_ms": a.duration_ms,
    }


def cmd_search(ctx: Context) -> int:
    with ctx.unlock() as opened:
        hits = opened.journal.search(ctx.args.query, limit=ctx.args.limit)
        attached = {h.entry_uid: opened.attachments.of_entry(h.entry_uid) for h in hits}
    if ctx.args.json:
        json.dump(
            [
                {
                    "uid": h.entry_uid,
                    "title": h.title,
                    "phase": h.phase.value,
                    "created_at": h.created_at.isoformat(),
                    "rank": h.rank,
                    "snippet": h.snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, ""),
                    "attachments": [attachment_json(a) for a in attached[h.entry_uid]],
                }
                for h in hits
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
        return EXIT_OK
    for h in hits:
        snippet = h.snippet.replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]")
        snippet = " ".join(snippet.split())
        title = h.title or tr("(untitled)")
        # ISO 8601 in local time, as jrnl prints it: sortable, greppable, the same in every
        # language, and no locale data to load for a search (benchmarks/bench_cli.py).
        when = h.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{when}  {title}  [{h.phase.label}]\n    {snippet}")
    if not hits:
        print(tr("No entries match."), file=sys.stderr)
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    with ctx.unlock(auto_backup=True) as opened:
        counts = opened.archives.import_file(Path(ctx.args.file), ctx.args.format)
    said = tr(
        "Imported {entries} entries, {sessions} sessions and {measures} questionnaire results."
    ).format(**counts)
    if counts["kept"]:
        said += " " + trn(
            "{kept} record was older than the journal's own and was left out.",
            "{kept} records were older than the journal's own and were left out.",
            counts["kept"],
        ).format(kept=counts["kept"])
    print(said)
    return EXIT_OK


def export_format(args: argparse.Namespace) -> str:
    """--format, else the file name's extension (.pdf, .html, .md), else PDF. The archive,
    which holds private answers, is never guessed from a name: it takes --format json."""
    if args.format:
        return str(args.format)
    suffix = Path(args.out).suffix.lower().lstrip(".")
    if suffix == "json":
        raise CliError(
            tr(
                "A .json file could be the complete archive (private answers included) or a "
                "report for clinic tools: add --format json or --format share."
            )
        )
    found = formats.by_extension(suffix)
    return found.name if found is not None else formats.FORMATS[0].name


def cmd_export(ctx: Context) -> int:
    args = ctx.args
    args.format = export_format(args)
    if args.format == "json":
        with ctx.unlock() as opened:
            written = opened.archives.export_archive(Path(args.out))
        print(
            tr(
                "Exported {n} entries to {path}. This file is not encrypted and includes answers "
                "marked private: keep it somewhere safe."
            ).format(n=written.entries, path=written.path)
        )
        return EXIT_OK
    flt = EntryFilter(
        phase=Phase(args.phase) if args.phase else None,
        session_uid=args.session,
        tag=args.tag,
        since=_day(args.since, "--since"),
        until=_day(args.until, "--until", end=True),
    )
    pdf = None
    if formats.get(args.format).needs_qt:
        password = read_secret_file(args.password_file) if args.password_file else ""
        if password:
            require_strong(
                password,
                tr(
                    "That PDF password is too easy to guess, so nothing was written; "
                    "choose several unrelated words."
                ),
            )
        assert ctx.pdf is not None
        pdf = ctx.pdf(args.name or "", args.page or "", password)
    elif args.password_file:
        raise CliError(tr("Only a PDF report can have a password; add --format pdf."))
    with ctx.unlock() as opened:
        chose = (args.since, args.until, args.session, args.entry, args.phase, args.tag)
        start = None if args.all or any(chose) else opened.reports.starting_point()
        if start is not None:  # as the app: what is new since the last report or session
            flt = replace(flt, since=datetime.combine(start.day, time.min).astimezone())
        chosen = opened.reports.select(flt, args.entry or (), safety_plan=args.with_safety_plan)
        if not chosen:
            raise CliError(tr("No entries match; nothing was exported."))
        if start is not None:
            print(start.sentence() + " " + tr("--since DAY or --all chooses otherwise."))
        wanted = (("picture", args.with_pictures), ("audio", args.with_voice_notes))
        kinds = {kind for kind, on in wanted if on}
        attached = {a.uid for a in opened.reports.attachments_of(chosen) if a.kind in kinds}
        report = opened.reports.build(chosen, attached)
        charts = ctx.charts() if args.format == "html" and ctx.charts else None
        done = opened.reports.write(
            report,
            Path(args.out),
            args.format,
            pdf=pdf,
            patient=args.name or "",
            charts=charts,
            recipient=args.recipient or "",
        )
    print(
        trn(
            "Wrote a report of {n} entry to {path}.",
            "Wrote a report of {n} entries to {path}.",
            done.entries,
        ).format(n=done.entries, path=done.path)
        + " "
        + trn(
            "{k} private answer was left out.",
            "{k} private answers were left out.",
            done.withheld,
        ).format(k=done.withheld)
        + " "
        + (
            trn(
                "{k} questionnaire result you marked private was left out.",
                "{k} questionnaire results you marked private were left out.",
                done.withheld_results,
            ).format(k=done.withheld_results)
            + " "
            if done.withheld_results
            else ""
        )
        + (
            tr("The file is encrypted with the password you gave.")
            if args.format == "pdf" and args.password_file
            else tr("The file is not encrypted: keep it as safe as the journal.")
        )
    )
    return EXIT_OK


def _day(text: str | None, option: str, *, end: bool = False) -> datetime | None:
    """A YYYY-MM-DD day in local time; with `end`, the last moment of that day."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CliError(
            tr("{option} wants a date like 2026-11-27, not {text!r}.").format(
                option=option, text=text
            )
        ) from None
    start = datetime.combine(day, time.min).astimezone()
    return start + timedelta(days=1, microseconds=-1) if end else start


def register(add: Any) -> None:
    p: argparse.ArgumentParser = add(
        "import", cmd_import, tr("import a kapjournal archive, jrnl JSON or Day One JSON")
    )
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS, default="kapjournal")
    p = add("add", cmd_add, tr("write a quick entry from the command line"))
    p.epilog = tr(
        "Words given as arguments can be seen by other programs on this computer and stay in "
        "your shell history: prefer standard input, as in kapjournal add - --title - < note.txt "
        "(the first line is the title, the rest the text). With --passphrase-file - the "
        "passphrase is the line before them."
    )
    p.add_argument(
        "text",
        help=tr("the entry's text (Markdown); '-' reads it from standard input (recommended)"),
    )
    p.add_argument(
        "--title",
        default="",
        help=tr("the entry's title; '-' reads it from the first line of standard input"),
    )
    p.add_argument("--tag", action="append", metavar="TAG")
    p.add_argument("--phase", choices=[p.value for p in Phase], default=Phase.FREE.value)
    p.add_argument(
        "--attach",
        action="append",
        metavar="FILE",
        help=tr(
            "a picture (PNG, JPEG, WebP or HEIC) or a FLAC voice note to keep with the entry "
            "(repeatable)"
        ),
    )
    p = add("search", cmd_search, tr("full-text search, best matches first"))
    p.add_argument("query")
    p.add_argument("--json", action="store_true", help=tr("print results as JSON"))
    p.add_argument("--limit", type=int, default=20)
    p = add(
        "export",
        cmd_export,
        tr(
            "write a report for the therapist ({formats}: chosen entries, private answers left "
            "out) or the complete archive (json: everything, private answers included)"
        ).format(formats=", ".join(formats.NAMES)),
    )
    p.add_argument(
        "--with-pictures",
        action="store_true",
        help=tr("include the chosen entries' pictures (PDF and HTML show them)"),
    )
    p.add_argument(
        "--for",
        dest="recipient",
        metavar="LABEL",
        help=tr(
            "who the share file is for (e.g. a clinic's name): each recipient gets this "
            "journal's own random id, so reports to one cannot be linked with another's"
        ),
    )
    p.add_argument(
        "--with-safety-plan",
        action="store_true",
        help=tr("include my safety plan (left out unless asked for, whatever else is chosen)"),
    )
    p.add_argument(
        "--with-voice-notes",
        action="store_true",
        help=tr(
            "include the chosen entries' voice notes (reports name them with their length; "
            "the share file carries the recordings)"
        ),
    )
    p.add_argument(
        "--format",
        choices=(*formats.NAMES, "json"),
        help=tr("{formats}: a report; json: the archive (default: from the file name)").format(
            formats=", ".join(f"{f.name} ({f.label})" for f in formats.FORMATS)
        ),
    )
    p.add_argument(
        "--password-file",
        metavar="FILE",
        help=tr("encrypt the PDF with the password in this file ('-' reads standard input)"),
    )
    p.add_argument("--page", choices=("a4", "letter"), help=tr("paper size of a PDF"))
    p.add_argument("--name", metavar="NAME", help=tr("a name or pseudonym for the cover"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument(
        "--since",
        metavar="DATE",
        help=tr(
            "entries written on or after this day (default: since the last report, or the "
            "last session when there is none)"
        ),
    )
    p.add_argument(
        "--all", action="store_true", help=tr("every entry, not only those since the last report")
    )
    p.add_argument("--until", metavar="DATE", help=tr("entries written on or before this day"))
    p.add_argument("--phase", choices=[p.value for p in Phase])
    p.add_argument("--tag", metavar="TAG")
    p.add_argument("--session", metavar="UID", help=tr("the entries of one session"))
    p.add_argument(
        "--entry", action="append", metavar="UID", help=tr("one entry (repeat for more)")
    )
