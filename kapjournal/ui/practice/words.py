"""One patient's course in sentences: what the patient view shows and the summary PDF prints,
written once. Patient text goes in as written (plain text) or, for the entries, through the
one sanitizer (export/render.py); nothing here is the therapist's notes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kapjournal.domain import Phase, SessionKind
from kapjournal.export.render import escape, render_markdown
from kapjournal.export.report import ScoreTrend
from kapjournal.i18n import format_date, format_number, format_short, tr, trn
from kapjournal.prompts.answers import SEVERITY_LABELS
from kapjournal.ui.practice.model import change_text

Course = dict[str, Any]


def when(iso: str) -> datetime:
    """A time or a date (a private flag carries its date alone) as a datetime."""
    value = datetime.fromisoformat(iso)
    return value if value.tzinfo else value.astimezone()


def day(iso: str | None) -> str:
    return format_date(when(iso), "medium") if iso else ""


def reports_line(course: Course) -> str:
    reports = course["reports"]
    n = len(reports)
    latest = day(reports[-1]["generated_at"]) if reports else ""
    return trn(
        "{n} report shared, the latest on {day}.", "{n} reports shared, the latest on {day}.", n
    ).format(n=n, day=latest)


def flag_line(flag: dict[str, Any]) -> str:
    return tr("{day}: {text}").format(day=day(flag["at"]), text=flag["text"])


def score_line(score: dict[str, Any]) -> str:
    """ "PHQ-9: 4 (Minimal) on 26 Nov 2026; first 17 on 1 Sep 2026; change −13, over 8
    results." """
    band = score["latest"].get("band_label")
    latest = format_number(score["latest"]["total"])
    if band:
        latest = tr("{total} ({band})").format(total=latest, band=band)
    return trn(
        "{instrument}: {latest} on {day}; first {first} on {first_day}; change {change}, "
        "over {n} result.",
        "{instrument}: {latest} on {day}; first {first} on {first_day}; change {change}, "
        "over {n} results.",
        score["count"],
    ).format(
        instrument=score["instrument"],
        latest=latest,
        day=day(score["latest"]["at"]),
        first=format_number(score["baseline"]["total"]),
        first_day=day(score["baseline"]["at"]),
        change=change_text(score["change"]),
        n=score["count"],
    )


def _instruments() -> dict[str, Any]:
    from kapjournal.prompts.catalog import builtin_packs

    return {i.id: i for p in builtin_packs() for i in p.instruments}


def score_trend(score: dict[str, Any]) -> ScoreTrend:
    """A score's points as the chart the Trends view and the PDF draw, with the severity
    bands of a questionnaire this app knows (a clinic's own: the line alone)."""
    points = tuple((when(p["at"]), float(p["total"])) for p in score["points"])
    known = _instruments().get(score.get("instrument_id") or "")
    if known is not None:
        bands = tuple((b.min, b.max, b.label) for b in known.bands)
        top = known.max_total
    else:
        bands, top = (), int(max((v for _w, v in points), default=1))
    return ScoreTrend(score["instrument"], top, bands, points, bool(score["higher_is_better"]))


def session_marks(course: Course) -> list[tuple[datetime, SessionKind]]:
    out = []
    for s in course["sessions"]:
        try:
            out.append((when(s["scheduled_at"]), SessionKind(s["kind"])))
        except ValueError:
            continue  # a kind a newer app knows: left off the chart, still listed
    return out


def _session_names(course: Course) -> dict[str, str]:
    return {
        s["uid"]: tr("Session {n}, {day}").format(n=s["number"], day=day(s["scheduled_at"]))
        for s in course["sessions"]
    }


def side_effect_lines(course: Course) -> list[str]:
    """One line a session: each side effect with its strongest rating."""
    names = _session_names(course)
    by: dict[str, list[str]] = {}
    for row in course["side_effects"]:
        for s in row["sessions"]:
            level = s["strongest"]
            rated = (
                tr("{effect} {level} of 3 ({label})").format(
                    effect=row["effect"], level=level, label=tr(SEVERITY_LABELS[level])
                )
                if isinstance(level, int) and 0 <= level < len(SEVERITY_LABELS)
                else row["effect"]
            )
            by.setdefault(s["session_uid"], []).append(rated)
    order = [s["uid"] for s in course["sessions"]]
    ordered = sorted(by, key=lambda u: order.index(u) if u in order else len(order))
    return [
        tr("{session}: {effects}").format(
            session=names.get(uid, tr("A session")), effects="; ".join(by[uid])
        )
        for uid in ordered
    ]


def goal_line(goal: dict[str, Any]) -> str:
    line = tr("{n}. {text}: {summary}").format(
        n=goal["number"], text=goal["text"], summary=goal["text_summary"]
    )
    if goal.get("ended_at"):
        line += " " + tr("(ended {day})").format(day=day(goal["ended_at"]))
    return line


def question_line(q: dict[str, Any]) -> str:
    return tr("{day}, {prompt}: {text}").format(
        day=day(q["at"]), prompt=q["prompt"], text=q["text"]
    )


def report_label(report: dict[str, Any]) -> str:
    """ "Report of 2 Dec 2026 (79 entries)" for the choice of a report's entries."""
    n = len(report["entries"])
    return trn("Report of {day} ({n} entry)", "Report of {day} ({n} entries)", n).format(
        day=day(report["report"]), n=n
    )


def _phase(value: str) -> str:
    try:
        return Phase(value).label
    except ValueError:
        return value


def entries_html(entries: list[dict[str, Any]]) -> str:
    """A report's entries as HTML: the app's own headings escaped, every text the patient
    wrote through render_markdown (the one sanitizer), each capped on its own."""
    if not entries:
        none = tr("This report carried no entries.")
        return f"<p>{escape(none)}</p>"
    parts: list[str] = []
    for e in entries:
        title = e["title"] or _phase(e["phase"])
        parts.append(f"<h3>{escape(title)}</h3>")
        meta = [format_short(when(e["written_at"])), _phase(e["phase"])]
        if e["tags"]:
            meta.append(", ".join(e["tags"]))
        parts.append(f"<p><em>{escape(' · '.join(meta))}</em></p>")
        for a in e["answers"]:
            parts.append(f"<p><b>{escape(a['prompt'])}</b></p>")
            parts.append(render_markdown(a["text"], links=False))
        if e["body"]:
            parts.append(render_markdown(e["body"], links=False))
        extra = len(e["pictures"]) + len(e["voice_notes"])
        if extra:
            said = trn(
                "{n} picture or voice note came with this entry; it is not shown here.",
                "{n} pictures or voice notes came with this entry; they are not shown here.",
                extra,
            ).format(n=extra)
            parts.append(f"<p><em>{escape(said)}</em></p>")
    return "".join(parts)
