"""The report as JSON for tools a clinic may use: the same selection as the PDF, the same
summary, private answers withheld and counted. Documented in docs/share-format.md.

Unlike the archive (the patient's complete copy), this is a report: it holds only what the
patient chose, and never an answer they marked private.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from kapjournal.domain import MeasureResult, Phase
from kapjournal.export.report import Report
from kapjournal.export.safety import Notice

FORMAT = "kapjournal-report"
VERSION = 2  # 1 is still documented (docs/share-format.md): it had no journal_id and no data


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _notice(n: Notice) -> dict[str, Any]:
    """A private flag carries its date alone, not the time of day."""
    at = n.when.astimezone().date().isoformat() if n.private else _when(n.when)
    return {"at": at, "text": n.text, "private": n.private}


def to_share(
    report: Report, *, patient: str = "", journal_id: str = "", recipient: str = ""
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "journal_id": journal_id,
        "recipient": recipient,
        "generated_at": _when(report.generated_at),
        "patient": patient,
        "entries_from": _when(report.first),
        "entries_until": _when(report.last),
        "entry_count": report.entry_count,
        "private_answers_withheld": report.withheld,
        "private_questionnaires_withheld": report.withheld_results,
        "sessions": [
            {
                "number": n,
                "uid": s.uid,
                "scheduled_at": _when(s.scheduled_at),
                "kind": s.kind.value,
                "route": s.route.value,
                "status": s.status.value,
            }
            for n, s in enumerate(report.course, 1)
        ],
        "at_a_glance": _at_a_glance(report),
        "results": [_result(m, report) for m in report.results],
        "check_ins": [
            {
                "at": _when(e.written_at),
                "entry_uid": e.uid,
                "item": a.item_id,
                "prompt": a.prompt,
                "value": a.number,
            }
            for section in report.sections
            for e in section.entries
            if e.phase is Phase.CHECK_IN
            for a in e.answers
            if a.number is not None
        ],
        "questionnaires": [
            {"at": _when(s.when), "instrument": s.instrument, "summary": s.summary}
            for s in report.scores
        ],
        "trends": [
            {
                "instrument": t.instrument,
                "max_total": t.max_total,
                "bands": [{"min": lo, "max": hi, "label": label} for lo, hi, label in t.bands],
                "totals": [{"at": _when(at), "total": total} for at, total in t.points],
            }
            for t in report.trends
        ],
        "for_therapist": [
            {"at": _when(t.when), "prompt": t.prompt, "text": t.text} for t in report.topics
        ],
        "safety_flags": [_notice(n) for n in report.flags],
        "concerns": [_notice(n) for n in report.concerns],
        "acknowledged": [_notice(n) for n in report.acknowledged],
        "strong_side_effects": [_notice(n) for n in report.severe_side_effects],
        "strong_side_effects_complete": report.severe_complete,
        "entries": [
            {
                "uid": e.uid,
                "session_uid": section.session.uid if section.session else None,
                "phase": e.phase.value,
                "written_at": _when(e.written_at),
                "title": e.title,
                "tags": list(e.tags),
                "answers": [{"prompt": a.prompt, "text": a.text} for a in e.answers],
                "body": e.body,
                "pictures": [
                    {
                        "name": p.name,
                        "mime": p.mime,
                        "width": p.width,
                        "height": p.height,
                        "data": base64.b64encode(p.data).decode("ascii"),
                    }
                    for p in e.pictures
                ],
                "voice_notes": [
                    {
                        "name": v.name,
                        "mime": v.mime,
                        "duration_ms": v.duration_ms,
                        "data": base64.b64encode(v.data).decode("ascii"),
                    }
                    for v in e.voice_notes
                ],
            }
            for section in report.sections
            for e in section.entries
        ],
    }


def to_share_json(
    report: Report, *, patient: str = "", journal_id: str = "", recipient: str = ""
) -> str:
    found = to_share(report, patient=patient, journal_id=journal_id, recipient=recipient)
    return json.dumps(found, ensure_ascii=False, indent=2) + "\n"


def _at_a_glance(report: Report) -> dict[str, Any]:
    """Page 1 of the report as data: the safety questions, the change since the baseline,
    the side effects by session, the goals agreed with the therapist and how long each lift
    lasted."""
    return {
        "safety_items": list(report.safety_items),
        "changes": [
            {
                "instrument": p.instrument.short_name,
                "baseline": {
                    "at": _when(p.baseline.completed_at),
                    "total": p.baseline.total,
                    "before_first_session": p.before_course,
                },
                "latest": {"at": _when(p.latest.completed_at), "total": p.latest.total},
                "change": p.change,
                "higher_is_better": p.instrument.higher_is_better,
                "meaningful": p.meaningful,
                "response": p.response,
                "remission": p.remission,
            }
            for p in report.changes
        ],
        "side_effects": [
            {
                "effect": line,
                "sessions": [
                    {"session_uid": session.uid, "strongest": rating}
                    for session, rating in zip(report.side_effects.sessions, ratings, strict=True)
                    if rating is not None
                ],
            }
            for line, ratings in report.side_effects.rows
        ],
        "goals": [
            {
                "number": g.number,
                "text": g.text,
                "ratings": [{"at": _when(at), "value": value} for at, value in g.ratings],
                "ended_at": _when(g.ended_at),
                "text_summary": g.sentence(),
            }
            for g in report.goals
        ],
        "private_goals_withheld": report.withheld_goals,
        "lifts": [
            {
                "session_uid": lift.session.uid,
                "before": lift.before,
                "before_days": lift.before_days,
                "days": lift.days,
                "until_next_session": lift.until_next,
                "rose": lift.rose,
                "unclear": lift.unclear,
                "text": lift.sentence(),
            }
            for lift in report.lifts
        ],
    }


def _result(m: MeasureResult, report: Report) -> dict[str, Any]:
    """A questionnaire result shared: its uid (a tool matches results across reports by it),
    total, band and the answers to its safety questions."""
    instrument = next((i for i in report.instruments if i.id == m.instrument), None)
    safety = {rule.item for rule in instrument.safety} if instrument else set()
    band = next((b for b in instrument.bands if b.id == m.band), None) if instrument else None
    return {
        "uid": m.uid,
        "instrument_id": m.instrument,
        "instrument": instrument.short_name if instrument else m.instrument,
        "at": _when(m.completed_at),
        "total": m.total,
        "band": m.band or None,
        "band_label": band.label if band else None,
        "safety_answers": {item: v for item, v in m.answers.items() if item in safety},
        "session_uid": m.session_uid,
        "amends": m.amends,
    }
