"""`kapjournal capture TEXT|- [--attach FILE]`: a note while the journal stays locked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kapjournal.cli.context import Context
from kapjournal.i18n import tr

EXIT_OK = 0


def cmd_capture(ctx: Context) -> int:
    from kapjournal.services.attachments import read_attachment_file
    from kapjournal.services.capture import capture

    text = sys.stdin.read() if ctx.args.text == "-" else ctx.args.text
    files = [Path(f) for f in ctx.args.attach or []]
    found = [(f.name, read_attachment_file(f).data) for f in files]  # cleaned before sealing
    capture(ctx.vault_path, text, found)
    print(tr("Captured and sealed. Only your journal can open it: it will be there after you "
             "next unlock it."))  # fmt: skip
    return EXIT_OK


def register(add: Any) -> None:
    p: argparse.ArgumentParser = add(
        "capture",
        cmd_capture,
        tr("write a note without unlocking: sealed so only the journal can read it"),
    )
    p.epilog = tr(
        "No passphrase is asked for: anyone at this computer can add a note, nobody can read "
        "one back until the journal is unlocked. Prefer standard input (-) to an argument, "
        "which other programs can see."
    )
    p.add_argument("text", help=tr("the note (Markdown); '-' reads it from standard input"))
    p.add_argument(
        "--attach",
        action="append",
        metavar="FILE",
        help=tr("a picture or a FLAC voice note to seal with it (repeatable)"),
    )
