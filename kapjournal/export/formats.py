"""The one registry of report formats: what each is called, the file it writes, and how.

The export dialog, the export history, the command line's choices and help, and the privacy
tests all read this list; adding a format is one `ReportFormat` here (and, for a format laid
out by Qt, its renderer handed in by the front door that offers it, as PDF's is).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kapjournal.i18n import N_, tr

if TYPE_CHECKING:
    from kapjournal.export.html import ChartSvg
    from kapjournal.export.report import Report

# A format laid out by Qt (PDF): the front door that offers it hands this in, so the core
# never imports Qt.
Renderer = Callable[["Report"], bytes]


@dataclass(frozen=True)
class Options:
    """What a writer may use: the name on the report, and the HTML report's chart drawer."""

    patient: str = ""
    charts: ChartSvg | None = None
    journal_id: str = ""  # the share file's random id for this journal and recipient
    recipient: str = ""


@dataclass(frozen=True)
class ReportFormat:
    name: str  # what files, the export history and --format call it
    label_text: str  # marked with N_, translated when shown
    extension: str
    # Qt-free formats write themselves; a format that needs Qt has none here and is given a
    # Renderer by the front door.
    writer: Callable[[Report, Options], str | bytes] | None = None
    password: bool = False  # it can be encrypted with a password
    aliases: tuple[str, ...] = ()  # other file extensions that mean it

    @property
    def label(self) -> str:
        return tr(self.label_text)

    @property
    def needs_qt(self) -> bool:
        return self.writer is None

    @property
    def history_name(self) -> str:
        """How the export history records it."""
        return f"report-{self.name}"


# The writers import their modules when called: the command line reads this registry for its
# choices, and a search must not pay for Markdown and HTML.
def _html(r: Report, o: Options) -> str:
    from kapjournal.export.html import to_html

    return to_html(r, patient=o.patient, charts=o.charts)


def _markdown(r: Report, o: Options) -> str:
    from kapjournal.export.markdown import to_markdown

    return to_markdown(r, patient=o.patient)


def _share(r: Report, o: Options) -> str:
    from kapjournal.export.share import to_share_json

    return to_share_json(r, patient=o.patient, journal_id=o.journal_id, recipient=o.recipient)


FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat("pdf", N_("PDF"), "pdf", password=True),
    ReportFormat(
        "html",
        N_("HTML"),
        "html",
        _html,
        aliases=("htm",),
    ),
    ReportFormat(
        "md",
        N_("Markdown"),
        "md",
        _markdown,
        aliases=("markdown",),
    ),
    ReportFormat(
        "share",
        N_("JSON for clinic tools"),
        "json",
        _share,
    ),
)
NAMES = tuple(f.name for f in FORMATS)


def get(name: str) -> ReportFormat:
    """The format called `name`; ValueError for one not in the registry."""
    for f in FORMATS:
        if f.name == name:
            return f
    raise ValueError(f"unknown report format {name!r}")


def by_extension(extension: str) -> ReportFormat | None:
    """The report format a file name's extension means (never the archive's .json, which the
    command line asks about rather than guess)."""
    ext = extension.lower().lstrip(".")
    return next((f for f in FORMATS if ext in {f.extension, *f.aliases} and ext != "json"), None)


def history_label(recorded: str) -> str:
    """A report's line in the export history: "Report, PDF" (a chart: "Chart, PNG")."""
    if recorded.startswith("chart-"):
        return tr("Chart, {kind}").format(kind=recorded.removeprefix("chart-").upper())
    name = recorded.removeprefix("report-")
    label = next((f.label for f in FORMATS if f.name == name), name.upper())
    return tr("Report, {kind}").format(kind=label)
