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

from kapjournal.export.report import Report
from kapjournal.export.safety import Notice

FORMAT = "kapjournal-report"
VERSION = 1


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _notice(n: Notice) -> dict[str, Any]:
    """A private flag carries its date alone, not the time of day."""
    at = n.when.astimezone().date().isoformat() if n.private else _when(n.when)
    return {"at": at, "text": n.text, "private": n.private}


def to_share(report: Report, *, patient: str = "") -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": _when(report.generated_at),
        "patient": patient,
        "entries_from": _when(report.first),
        "entries_until": _when(report.last),
        "entry_count": report.entry_count,
        "private_answers_withheld": report.withheld,
        "private_questionnaires_withheld": report.withheld_results,
        "sessions": [
            {
                "uid": s.uid,
                "scheduled_at": _when(s.scheduled_at),
                "kind": s.kind.value,
                "route": s.route.value,
                "status": s.status.value,
            }
            for s in report.course
        ],
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


def to_share_json(report: Report, *, patient: str = "") -> str:
    return json.dumps(to_share(report, patient=patient), ensure_ascii=False, indent=2) + "\n"
