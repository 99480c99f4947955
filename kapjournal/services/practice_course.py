"""One patient's course merged across every report they shared: each session, result, flag
and answer once, the latest report's word winning where two reports say the same thing.

Pure functions over the reports' checked heads (archive/shared.py), oldest report first; what
they return is plain data, the same for the command line's JSON and the practice window.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from kapjournal.storage.practice import StoredReport

Row = dict[str, Any]
SUMMARY_SCORE = ("instrument", "instrument_id", "latest", "baseline", "change", "higher_is_better")


def _merge(rows: Iterable[Row], key: Any) -> list[Row]:
    """Rows by `key`, a later report's row replacing an earlier one's, in first-seen order."""
    merged: dict[Any, Row] = {}
    for row in rows:
        merged[key(row)] = row
    return list(merged.values())


def _all(reports: list[StoredReport], *path: str) -> list[Row]:
    """The rows of one list in every report's head (at `path`), oldest report first."""
    out: list[Row] = []
    for report in reports:
        value: Any = report.head
        for part in path[:-1]:
            value = value.get(part) or {}
        out.extend(value.get(path[-1]) or [])
    return out


def results(reports: list[StoredReport]) -> list[Row]:
    """Every questionnaire result once, oldest first. Version 2 gives each its uid; version 1
    had none, so its totals (from its trends) are matched by questionnaire and time, and a
    version 2 result at the same time replaces one. A result that a later one amends is kept,
    marked `amended`, and is left out of the scores."""
    rows: list[Row] = []
    for report in reports:
        if report.version >= 2:
            rows.extend(report.head["results"])
            continue
        for trend in report.head["trends"]:
            for point in trend["totals"]:
                rows.append({"uid": None, "instrument_id": None, "instrument": trend["instrument"],
                             "at": point["at"], "total": point["total"], "band": None,
                             "band_label": None, "safety_answers": {}, "session_uid": None,
                             "amends": None})  # fmt: skip
    merged = _merge(rows, lambda r: (r["instrument"], r["at"]))
    merged = _merge(merged, lambda r: r["uid"] or (r["instrument"], r["at"]))
    amended = {r["amends"] for r in merged if r["amends"]}
    for r in merged:
        r["amended"] = r["uid"] in amended
    return sorted(merged, key=lambda r: r["at"])


def scores(reports: list[StoredReport], merged: list[Row]) -> list[Row]:
    """Per questionnaire: the first result shared (the baseline here), the latest, and the
    change between them; `higher_is_better` as the reports said (WHO-5)."""
    better = {c["instrument"]: bool(c["higher_is_better"])
              for c in _all(reports, "at_a_glance", "changes")}  # fmt: skip
    by: dict[str, list[Row]] = {}
    for r in merged:
        if not r["amended"] and r["total"] is not None:
            by.setdefault(r["instrument"], []).append(r)
    out = []
    for instrument, rows in by.items():
        first, last = rows[0], rows[-1]
        out.append(
            {
                "instrument": instrument,
                "instrument_id": last["instrument_id"],
                "count": len(rows),
                "baseline": {"at": first["at"], "total": first["total"]},
                "latest": {"at": last["at"], "total": last["total"],
                           "band_label": last["band_label"]},
                "change": last["total"] - first["total"],
                "higher_is_better": better.get(instrument, False),
                "points": [{"at": r["at"], "total": r["total"]} for r in rows],
            }
        )  # fmt: skip
    return sorted(out, key=lambda s: s["instrument"])


def _notices(reports: list[StoredReport], key: str) -> list[Row]:
    rows = _merge(_all(reports, key), lambda n: (n["at"], n["text"]))
    return sorted(rows, key=lambda n: n["at"])


def flags(reports: list[StoredReport]) -> list[Row]:
    """The safety flags, each once, oldest first; `open` until the patient noted, on a later
    day, that the flags before it are being taken care of. An acknowledgement carries its
    (local) date alone, so a flag raised on the same day stays open, and a flag's time in UTC
    is taken at the latest local day it could be anywhere: a flag is never closed by guess."""
    last_ack = max((n["at"][:10] for n in _all(reports, "acknowledged")), default="")
    return [
        {**n, "open": _latest_day(n["at"]) >= last_ack} for n in _notices(reports, "safety_flags")
    ]


def _latest_day(at: str) -> str:
    """The latest calendar day a time (or a date) could be in some time zone (UTC+14)."""
    if len(at) == 10:
        return at
    return (datetime.fromisoformat(at) + timedelta(hours=14)).date().isoformat()


def side_effects(reports: list[StoredReport]) -> list[Row]:
    """Each side effect with its strongest rating per session, a later report's word winning."""
    by: dict[str, dict[str, Any]] = {}
    for row in _all(reports, "at_a_glance", "side_effects"):
        sessions = by.setdefault(row["effect"], {})
        for s in row["sessions"]:
            sessions[s["session_uid"]] = s["strongest"]
    return [
        {"effect": effect, "sessions": [{"session_uid": u, "strongest": v} for u, v in s.items()]}
        for effect, s in by.items()
    ]


def lifts(reports: list[StoredReport]) -> list[Row]:
    """How long each session's lift lasted, a later report's word winning only where it had
    the check-ins to say it: a report of the last weeks has none before the early sessions."""
    by: dict[str, Row] = {}
    for lift in _all(reports, "at_a_glance", "lifts"):
        known = by.get(lift["session_uid"])
        if known is None or lift["before"] is not None or known["before"] is None:
            by[lift["session_uid"]] = lift
    return list(by.values())


def goals(reports: list[StoredReport]) -> list[Row]:
    """The goals agreed with the therapist: each (by number and words) once, its ratings from
    every report together, oldest first."""
    by: dict[tuple[int, str], Row] = {}
    for g in _all(reports, "at_a_glance", "goals"):
        kept = by.setdefault((g["number"], g["text"]), {**g, "ratings": []})
        kept.update({k: v for k, v in g.items() if k != "ratings"})
        known = {r["at"] for r in kept["ratings"]}
        kept["ratings"] += [r for r in g["ratings"] if r["at"] not in known]
        kept["ratings"].sort(key=lambda r: r["at"])
    return sorted(by.values(), key=lambda g: (g["ended_at"] is not None, g["number"]))


def course(reports: list[StoredReport]) -> Row:
    """Everything the reports say, merged (the practice's `show --json`, without entries and
    notes, which the service adds)."""
    merged = results(reports)
    sessions = sorted(
        _merge(_all(reports, "sessions"), lambda s: s["uid"]), key=lambda s: s["scheduled_at"]
    )
    return {
        "reports": [
            {
                "generated_at": r.head["generated_at"],
                "added_at": r.added_at.isoformat(timespec="seconds"),
                "version": r.version,
                "entries_from": r.head["entries_from"],
                "entries_until": r.head["entries_until"],
                "entry_count": r.head["entry_count"],
                "private_answers_withheld": r.head["private_answers_withheld"],
                "private_questionnaires_withheld": r.head["private_questionnaires_withheld"],
                "private_goals_withheld": r.head["at_a_glance"]["private_goals_withheld"],
            }
            for r in reports
        ],
        "sessions": [{**s, "number": n} for n, s in enumerate(sessions, 1)],
        "results": merged,
        "scores": scores(reports, merged),
        "flags": flags(reports),
        "concerns": _notices(reports, "concerns"),
        "acknowledged": _notices(reports, "acknowledged"),
        "side_effects": side_effects(reports),
        "strong_side_effects": _notices(reports, "strong_side_effects"),
        "lifts": lifts(reports),
        "goals": goals(reports),
        "questions": sorted(
            _merge(_all(reports, "for_therapist"), lambda t: (t["at"], t["prompt"], t["text"])),
            key=lambda t: t["at"],
        ),
        "check_ins": sorted(
            _merge(_all(reports, "check_ins"), lambda c: (c["entry_uid"], c["item"])),
            key=lambda c: c["at"],
        ),
    }


def summary(reports: list[StoredReport]) -> Row:
    """The patients list's row: kept in the store, so the list never reads a report."""
    merged = results(reports)
    open_flags = [f for f in flags(reports) if f["open"]]
    return {
        "reports": len(reports),
        "latest_report": reports[-1].head["generated_at"] if reports else None,
        "scores": [{k: s[k] for k in SUMMARY_SCORE} for s in scores(reports, merged)],
        "open_flags": len(open_flags),
        "latest_flag": open_flags[-1]["at"] if open_flags else None,
    }
