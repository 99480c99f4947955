"""The report as one Markdown document: summary first, then the chosen entries by session.

The patient's own text is Markdown already and goes in as written; everything the app writes
around it (titles, prompts, labels) is escaped so it cannot change the layout.
"""

from __future__ import annotations

import re

from kapjournal.domain import Phase, SessionStatus
from kapjournal.export.render import too_slow
from kapjournal.export.report import Report, ReportEntry, ReportSection
from kapjournal.export.safety import Notice
from kapjournal.i18n import format_date, format_number, format_short, format_skeleton, tr, trn
from kapjournal.prompts.answers import SEVERITY_LABELS
from kapjournal.prompts.progress import Progress

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+])")


def escape(text: str) -> str:
    """Plain text (on one line) that Markdown shows as it is."""
    flat = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", flat)


def heading(level: int, text: str) -> str:
    return f"{'#' * level} {escape(text)}"


def bold(text: str) -> str:
    return f"**{escape(text)}**"


def to_markdown(report: Report, *, patient: str = "") -> str:
    out = [heading(1, tr("Journal report for the therapist")), ""]
    if patient:
        out += [bold(tr("Patient:")) + f" {escape(patient)}  "]
    if report.first and report.last:
        span = f"{format_date(report.first)} – {format_date(report.last)}"
        out += [bold(tr("Entries written:")) + f" {escape(span)}  "]
    count = trn("{n} chosen entry", "{n} chosen entries", report.entry_count)
    withheld = trn(
        "{n} answer the patient marked private is not included.",
        "{n} answers the patient marked private are not included.",
        report.withheld,
    )
    out += [
        bold(tr("Generated:")) + f" {escape(format_short(report.generated_at))}  ",
        bold(tr("Contents:")) + " " + escape(count.format(n=report.entry_count)) + "  ",
        escape(withheld.format(n=report.withheld)) + ("  " if report.withheld_results else ""),
    ]
    if report.withheld_results:
        out += [escape(withheld_results(report.withheld_results))]
    out += ["", heading(2, tr("Summary")), ""]
    out += _notices(tr("Safety flags"), report.flags, tr("No safety flag was raised."))
    if report.safety_items:  # what each safety question showed, flag or none
        out += [*(f"- {escape(line)}" for line in report.safety_items), ""]
    if report.acknowledged:
        out += _notices(tr("Flags the patient acknowledged"), report.acknowledged, "")
    if report.concerns:
        out += _notices(tr("Also worth knowing"), report.concerns, "")
    out += _changes(report)
    out += _goals(report)
    if any(lift.before is not None for lift in report.lifts):
        out += [
            heading(3, tr("How long each lift lasted")),
            "",
            escape(tr("From the daily mood in the chosen check-ins, 0 to 10.")),
            "",
            *(f"- {escape(lift.sentence())}" for lift in report.lifts),
            "",
        ]
    out += _notices(
        tr("Side effects rated strong"),
        report.severe_side_effects,
        tr("None rated strong.")
        if report.severe_complete
        else tr("None rated strong among the answers shared."),
    )
    out += _side_effects(report)
    out += [heading(3, tr("Questions and topics for the therapist")), ""]
    if report.topics:
        out += [
            f"- {escape(format_short(t.when))} · {bold(t.prompt)}: {escape(t.text)}"
            for t in report.topics
        ]
    else:
        out += [escape(tr("None in the chosen entries."))]
    out += ["", heading(3, tr("Sessions")), ""]
    if report.course:
        out += [_row("#", tr("Date"), tr("Kind"), tr("Route")), "|---|---|---|---|"]
        out += [
            _row(
                str(n),
                format_short(s.scheduled_at),
                s.kind.label
                if s.status is SessionStatus.DONE
                else tr("{kind} (planned)").format(kind=s.kind.label),
                s.route.label,
            )
            for n, s in enumerate(report.course, 1)
        ]
    else:
        out += [escape(tr("No session recorded."))]
    out += ["", heading(3, tr("Questionnaires")), ""]
    if report.scores:
        out += [_row(tr("Date"), tr("Result")), "|---|---|"]
        out += [_row(format_short(s.when), s.summary) for s in report.scores]
    else:
        out += [escape(tr("No questionnaire completed."))]
    out += [""]
    for section in report.sections:
        out += _section(section)
    return "\n".join(out).rstrip() + "\n"


def withheld_results(n: int) -> str:
    return trn(
        "{n} questionnaire result the patient marked private is not included (a safety flag "
        "it raised is listed, without its details).",
        "{n} questionnaire results the patient marked private are not included (a safety flag "
        "they raised is listed, without its details).",
        n,
    ).format(n=n)


def _goals(report: Report) -> list[str]:
    """The goals agreed with the therapist, in the patient's words, and how the weekly
    ratings moved; nothing when there are none (private ones are only counted)."""
    if not report.goals and not report.withheld_goals:
        return []
    out = [
        heading(3, tr("Goals agreed with the therapist")),
        "",
        escape(tr("In the patient's words, each rated weekly: how close they felt, 0 to 10.")),
        "",
    ]
    out += [f"{g.number}. {bold(g.text)}. {escape(g.sentence())}" for g in report.goals]
    if report.withheld_goals:
        said = trn(
            "{n} goal the patient marked private is not included.",
            "{n} goals the patient marked private are not included.",
            report.withheld_goals,
        )
        out += ["", escape(said.format(n=report.withheld_goals))]
    return [*out, ""]


def _row(*cells: str) -> str:
    return "| " + " | ".join(escape(c) for c in cells) + " |"


def _changes(report: Report) -> list[str]:
    """Each questionnaire's baseline against its latest result, judged only by the thresholds
    its pack publishes, each named under the table."""
    if not report.changes:
        return []
    out = [
        heading(3, tr("Change since the baseline")),
        "",
        escape(
            tr(
                "The baseline is the last result before the first session; * marks the first "
                "result, where none came before the first session."
            )
        ),
        "",
        _row(
            tr("Measure"),
            tr("Baseline"),
            tr("Latest"),
            tr("Difference"),
            tr("Meets"),
        ),
        "|---|---|---|---|---|",
    ]
    rules = []
    for p in report.changes:
        day = "MMMd"
        base = tr("{total} ({date})") if p.before_course else tr("{total} ({date})*")
        same = p.latest.uid == p.baseline.uid
        out.append(
            _row(
                p.instrument.short_name,
                base.format(
                    total=p.baseline.total, date=format_skeleton(p.baseline.completed_at, day)
                ),
                "–"
                if same
                else tr("{total} ({date})").format(
                    total=p.latest.total, date=format_skeleton(p.latest.completed_at, day)
                ),
                "–" if same else f"{p.change:+d}".replace("-", "−"),
                _meets(p, same),
            )
        )
        rules.append(_rule(p))
    return [*out, "", *(f"- {escape(r)}" for r in rules if r), ""]


def _meets(p: Progress, same: bool) -> str:
    """Which of the published thresholds the change meets, in words; what cannot be judged
    from this baseline says so."""
    met = [
        word
        for word, value in (
            (tr("meaningful change"), None if same else p.meaningful),
            (tr("response"), None if same else p.response),
            (tr("remission"), p.remission),
        )
        if value
    ]
    if p.judges_response_or_remission and not p.at_caseness:
        met.append(tr("response and remission not judged"))
    return ", ".join(met) or ("–" if same else tr("none"))


def _rule(p: Progress) -> str:
    """The thresholds behind the table's judgements, for one questionnaire, with the source."""
    inst, parts = p.instrument, []
    if inst.meaningful_change is not None:
        parts.append(tr("meaningful change: {t} points or more").format(t=inst.meaningful_change))
    if inst.response_fall_percent is not None or inst.response_fall_points is not None:
        parts.append(tr("response: {rule}").format(rule=p.response_rule()))
    if inst.remission_below is not None:
        parts.append(tr("remission: a total below {r}").format(r=inst.remission_below))
    if not parts:
        return ""
    if inst.higher_is_better:
        parts.append(tr("a higher total is better"))
    said = tr("{name}: {rules}.").format(name=inst.short_name, rules="; ".join(parts))
    if not p.at_caseness and inst.caseness_min is not None:
        said += " " + tr(
            "Response and remission are judged only from a baseline of {c} or more."
        ).format(c=inst.caseness_min)
    if inst.change_source:
        said += " " + tr("(Source: {source}.)").format(source=inst.change_source)
    return said


def _side_effects(report: Report) -> list[str]:
    """Each rated line against each session: its strongest rating, 0 (barely) to 3 (strong)."""
    table = report.side_effects
    if not table:
        return []
    number = {s.uid: n for n, s in enumerate(report.course, 1)}
    columns = [
        tr("Session {n}, {day}").format(
            n=number.get(s.uid, "?"), day=format_skeleton(s.scheduled_at, "MMMd")
        )
        for s in table.sessions
    ]
    out = [
        heading(3, tr("Side effects by session")),
        "",
        escape(
            tr(
                "The strongest rating each side effect was given for each session in the chosen "
                "entries: 0 barely, 1 mild, 2 moderate, 3 strong; – not rated."
            )
        ),
        "",
        _row(tr("Side effect"), *columns),
        "|---" * (len(columns) + 1) + "|",
    ]
    for line, ratings in table.rows:
        out.append(_row(tr(line), *("–" if r is None else _rating(r) for r in ratings)))
    return [*out, ""]


def _rating(level: int) -> str:
    return tr("{level} ({label})").format(level=level, label=tr(SEVERITY_LABELS[level]))


def _notices(title: str, notices: tuple[Notice, ...], empty: str) -> list[str]:
    lines = [heading(3, title), ""]
    if not notices:
        return [*lines, escape(empty), ""]
    return [
        *lines,
        *(f"- {escape(_when(n))}: {escape(n.text)}" for n in notices),
        "",
    ]


def _when(n: Notice) -> str:
    return format_date(n.when, "medium") if n.private else format_short(n.when)


def _section(section: ReportSection) -> list[str]:
    s = section.session
    if s is None:
        title = tr("Not linked to a session")
    else:
        title = tr("Session of {when} ({kind}, {route})").format(
            when=format_short(s.scheduled_at), kind=s.kind.label, route=s.route.label
        )
    out = [heading(2, title), ""]
    for run in _runs(section.entries):
        out += _check_ins(run) if len(run) > 1 else _entry(run[0])
    return out


def _capped(text: str) -> str:
    """The patient's Markdown as written, unless it would take too long to format; then its
    words as typed (escaped, line breaks kept), after the sentence that says why."""
    why = too_slow(text)
    if why is None:
        return text
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    kept = ["  \n".join(escape(line) for line in p.splitlines()) for p in paragraphs]
    return "\n\n".join([f"*{escape(why)}*", *kept])


def _tabular(entry: ReportEntry) -> bool:
    """A check-in of answers alone fits a row; one with words below, tags, pictures or
    voice notes is shown as the entry it is."""
    return (
        entry.phase is Phase.CHECK_IN
        and not entry.body.strip()
        and not (entry.tags or entry.pictures or entry.voice_notes)
    )


def _runs(entries: tuple[ReportEntry, ...]) -> list[list[ReportEntry]]:
    """The entries in order, check-ins of one page written one after another grouped."""
    runs: list[list[ReportEntry]] = []
    for entry in entries:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and _tabular(entry)
            and _tabular(last)
            and entry.template_id == last.template_id
        ):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def _check_ins(run: list[ReportEntry]) -> list[str]:
    """Check-ins as one table, a row each: 75 of them read in a glance, not 75 headings."""
    prompts = list(dict.fromkeys(a.prompt for e in run for a in e.answers))
    ends = {a.prompt: a.ends for e in run for a in e.answers if a.ends}
    title = trn("{title}: {n} entry", "{title}: {n} entries", len(run)).format(
        title=run[0].title or tr("Check-in"), n=len(run)
    )
    out = [heading(3, title), "", _row(tr("Date"), *prompts), "|---" * (len(prompts) + 1) + "|"]
    for entry in run:
        by_prompt = {a.prompt: a for a in entry.answers}
        cells = [
            "–"
            if (a := by_prompt.get(p)) is None
            else format_number(a.number)
            if a.number is not None
            else a.text
            for p in prompts
        ]
        out.append(_row(format_skeleton(entry.written_at, "yMMMd"), *cells))
    scales = "; ".join(f"{p}: {e}" for p, e in ends.items())
    legend = tr("– not answered, or kept private.")
    return [*out, "", f"*{escape(f'{scales}. {legend}' if scales else legend)}*", ""]


def _entry(entry: ReportEntry) -> list[str]:
    out = [
        heading(3, entry.title or tr("Untitled entry")),
        "",
        f"*{escape(entry.phase.label)} · {escape(format_short(entry.written_at))}*",
        "",
    ]
    if entry.tags:
        out += [escape(tr("Tags: {tags}").format(tags=", ".join(entry.tags))), ""]
    for answer in entry.answers:
        out += [bold(answer.prompt), "", _capped(answer.text), ""]
    if entry.body.strip():
        out += [_capped(entry.body.strip()), ""]
    for picture in entry.pictures:  # the picture itself is in the PDF and HTML reports
        out += [f"*{escape(picture.caption)}*", ""]
    for note in entry.voice_notes:  # named with its length; the share file carries the audio
        out += [f"*{escape(note.caption)}*", ""]
    return out
