"""The command-line front door: the GUI by default, headless subcommands for the vault.

Exit codes: 0 success, 3 wrong passphrase, 1 any other error (one line on stderr, no traceback).
Every subcommand calls the same services as the desktop app.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapjournal.cli import capture, entries, practice, prompts, vault
from kapjournal.cli.context import CliError, Context
from kapjournal.errors import StorageError, WrongPassphrase, translate_os_error
from kapjournal.hardening import harden_process
from kapjournal.i18n import install, tr
from kapjournal.paths import Paths
from kapjournal.prompts.checks import PackError
from kapjournal.settings import Settings

if TYPE_CHECKING:
    from kapjournal.export.html import ChartSvg
    from kapjournal.export.report import Report
    from kapjournal.services.keys import KeyStore

EXIT_OK, EXIT_ERROR, EXIT_WRONG_PASSPHRASE = 0, 1, 3


def pdf_renderer(name: str, page: str, password: str) -> Callable[[Report], bytes]:
    """PDF needs Qt's text layout, loaded only when a PDF is asked for."""
    from kapjournal.export.pdf import to_pdf

    return lambda report: to_pdf(report, patient=name, page=page, password=password)


def chart_drawer() -> ChartSvg:
    """The HTML report's charts are drawn by Qt (the same function as the PDF's)."""
    from kapjournal.export.charts import chart_svg
    from kapjournal.export.pdf import ensure_gui

    ensure_gui()
    return chart_svg


def cmd_gui(ctx: Context) -> int:
    as_practice = bool(getattr(ctx.args, "practice", False))  # --vault: the practice file
    try:
        if as_practice:
            from kapjournal.ui.practice.app import run_practice
        else:
            from kapjournal.ui.app import run
    except ImportError as exc:
        raise CliError(
            tr("The desktop app cannot start here ({error}).").format(error=exc)
        ) from None
    vault_path = Path(ctx.args.vault) if ctx.args.vault else None
    if as_practice:
        return int(run_practice(ctx.paths, ctx.settings, vault_path))
    background = bool(getattr(ctx.args, "background", False))
    return int(run(ctx.paths, ctx.settings, vault_path=vault_path, background=background))


def common_options(*, after_command: bool) -> argparse.ArgumentParser:
    """--vault, --passphrase-file and --no-keychain, accepted before or after the command.

    A subcommand's parser would put its own defaults over what was given before the command,
    so there the options have no default at all (argparse.SUPPRESS)."""
    common = argparse.ArgumentParser(add_help=False)
    unset: dict[str, Any] = {"default": argparse.SUPPRESS} if after_command else {}
    common.add_argument(
        "--vault",
        metavar="PATH",
        help=tr("the journal file (default: your data folder)"),
        **unset,
    )
    common.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=tr("read the passphrase from FILE ('-' for standard input)"),
        **unset,
    )
    common.add_argument(
        "--no-keychain",
        action="store_true",
        help=tr("do not look in the keychain for a remembered key"),
        **unset,
    )
    return common


class VersionAction(argparse.Action):
    """Prints kapjournal's, SQLCipher's and Qt's versions; asked of the engines only then."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kw: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kw: Any) -> None:
        from kapjournal.services.opening import versions

        try:
            from PySide6 import __version__ as pyside
            from PySide6.QtCore import qVersion

            from kapjournal.ui.audio import recording_support

            qt = tr("Qt {qt} (PySide6 {pyside})").format(qt=qVersion(), pyside=pyside)
            qt += "\n" + recording_support()
        except ImportError:
            qt = tr("Qt not available")
        print(versions(qt))
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    common = common_options(after_command=False)
    after = common_options(after_command=True)

    parser = argparse.ArgumentParser(
        prog="kapjournal",
        parents=[common],
        description=tr(
            "An encrypted, offline journal for ketamine-assisted psychotherapy. "
            "Without a subcommand it opens the desktop app."
        ),
    )
    parser.add_argument(
        "--version",
        action=VersionAction,
        help=tr("show kapjournal's version and those of SQLCipher and Qt, and exit"),
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help=tr("start quietly (at login): reminders and the tray icon, no window yet"),
    )
    parser.add_argument(
        "--practice",
        action="store_true",
        help=tr("open the therapist's practice window (--vault then names the practice file)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, fn: Callable[[Context], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[after], help=help, description=help)
        p.set_defaults(func=fn)
        return p

    vault.register(add)
    entries.register(add)
    capture.register(add)
    prompts.register(sub, after)
    practice.register(sub, after)
    return parser


def main(argv: Sequence[str] | None = None, *, keys: KeyStore | None = None) -> int:
    harden_process()  # before any secret is read: no core dump will ever hold one
    paths = Paths.from_environment()
    paths.make_private()  # every start, the desktop app's too: it starts here
    settings = Settings.load(paths.settings_file)
    install(settings.language)  # before the parser: its help is translated too
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        ctx = Context(args, paths, settings, keys, pdf=pdf_renderer, charts=chart_drawer)
        if args.command is None:
            return cmd_gui(ctx)
        return int(args.func(ctx))
    except WrongPassphrase as exc:
        print(f"kapjournal: {exc}", file=sys.stderr)
        return EXIT_WRONG_PASSPHRASE
    except PackError as exc:
        print(f"kapjournal: {exc.one_line()}", file=sys.stderr)
        return EXIT_ERROR
    except (StorageError, CliError, LookupError) as exc:
        print(f"kapjournal: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(tr("kapjournal: interrupted; nothing was left half-written."), file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"kapjournal: {translate_os_error(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # the promise is one line, never a traceback
        if os.environ.get("KAPJOURNAL_DEBUG"):
            raise
        print(
            tr(
                "kapjournal: unexpected error ({kind}: {error}); "
                "set KAPJOURNAL_DEBUG=1 for details."
            ).format(kind=type(exc).__name__, error=exc),
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
