"""`kapjournal add | search | import | export`: writing, finding and moving entries."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kapjournal.archive import FORMATS
from kapjournal.cli.context import CliError, Context
from kapjournal.domain import SNIPPET_CLOSE, SNIPPET_OPEN, Phase
from kapjournal.i18n import format_short, tr

EXIT_OK = 0


def cmd_add(ctx: Context) -> int:
    body = sys.stdin.read() if ctx.args.text == "-" else ctx.args.text
    with ctx.unlock() as opened:
        entry = opened.journal.free_entry()
        entry.phase = Phase(ctx.args.phase)
        entry.title = ctx.args.title or ""
        entry.body = body.strip()
        entry.tags = ctx.args.tag or []
        opened.journal.save_entry(entry)
    print(tr("Saved an entry ({phase}).").format(phase=entry.phase.label))
    return EXIT_OK


def cmd_search(ctx: Context) -> int:
    with ctx.unlock() as opened:
        hits = opened.journal.search(ctx.args.query, limit=ctx.args.limit)
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
        print(
            f"{format_short(h.created_at)}  {h.title or tr('(untitled)')}  "
            f"[{h.phase.label}]\n    {snippet}"
        )
    if not hits:
        print(tr("No entries match."), file=sys.stderr)
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    with ctx.unlock(auto_backup=True) as opened:
        counts = opened.archives.import_file(Path(ctx.args.file), ctx.args.format)
    print(
        tr(
            "Imported {entries} entries, {sessions} sessions and {measures} questionnaire results."
        ).format(**counts)
    )
    return EXIT_OK


def cmd_export(ctx: Context) -> int:
    if ctx.args.format != "json":
        raise CliError(
            tr("Export format {fmt!r} is not available; use json.").format(fmt=ctx.args.format)
        )
    with ctx.unlock() as opened:
        written = opened.archives.export_archive(Path(ctx.args.out))
    print(
        tr(
            "Exported {n} entries to {path}. This file is not encrypted and includes answers "
            "marked private: keep it somewhere safe."
        ).format(n=written.entries, path=written.path)
    )
    return EXIT_OK


def register(add: Any) -> None:
    p: argparse.ArgumentParser = add(
        "import", cmd_import, tr("import a kapjournal archive, jrnl JSON or Day One JSON")
    )
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS, default="kapjournal")
    p = add("add", cmd_add, tr("write a quick entry from the command line"))
    p.add_argument("text", help=tr("the entry's text (Markdown); '-' reads standard input"))
    p.add_argument("--title", default="")
    p.add_argument("--tag", action="append", metavar="TAG")
    p.add_argument("--phase", choices=[p.value for p in Phase], default=Phase.FREE.value)
    p = add("search", cmd_search, tr("full-text search, best matches first"))
    p.add_argument("query")
    p.add_argument("--json", action="store_true", help=tr("print results as JSON"))
    p.add_argument("--limit", type=int, default=20)
    p = add(
        "export",
        cmd_export,
        tr("export everything, private answers included, to an unencrypted archive"),
    )
    p.add_argument("--format", default="json")
    p.add_argument("--out", required=True, metavar="FILE")
