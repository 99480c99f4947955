"""Portable JSON: our own lossless archive, written and read; other journals' exports are
read by archive/importers.py, and every untrusted file goes through archive/reading.py.

Pure functions over domain objects: a file is parsed and validated completely into
`ArchiveContents` before anything is written, and the journal service writes it in one
transaction, so a malformed or hostile file changes nothing. The format is documented in
docs/archive-format.md.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from kapjournal.archive import FORMATS, importers
from kapjournal.archive.contents import ArchiveContents
from kapjournal.archive.reading import Reader, load_json, whole
from kapjournal.domain import (
    GOAL_MAX,
    Answer,
    Attachment,
    Entry,
    ExportRecord,
    FlagAcknowledgement,
    FlagRecord,
    Goal,
    GoalRating,
    MeasureResult,
    Phase,
    Route,
    Session,
    SessionKind,
    SessionStatus,
    StoredPack,
    utcnow,
)
from kapjournal.errors import ArchiveError
from kapjournal.i18n import tr

__all__ = ["ArchiveContents", "build_archive", "parse_archive", "read_file", "to_json"]

FORMAT = "kapjournal-archive"
# 2: attachments (pictures, voice notes); 3: the flag history, the items skipped on Today
# and the acknowledged flags. Versions 1 and 2 are still read (they have none of these).
VERSION = 3
ATTACHMENT_KINDS = {"picture", "audio"}
MAX_ATTACHMENT = 64 * 1024 * 1024  # decoded bytes: far above what the app lets in


# -- writing -----------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _record(obj: Any) -> dict[str, Any]:
    d = _plain(asdict(obj))
    if not isinstance(d.get("id"), str):
        d.pop("id", None)  # a database row number means nothing outside this vault
    return d  # type: ignore[no-any-return]


def build_archive(contents: ArchiveContents) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _plain(utcnow()),
        "sessions": [_record(s) for s in contents.sessions],
        "entries": [_record(e) for e in contents.entries],
        "measures": [_record(m) for m in contents.measures],
        "exports": [_record(x) for x in contents.exports],
        "packs": [_record(p) for p in contents.packs],
        "attachments": [_attachment(a) for a in contents.attachments],
        "flags": [_record(f) for f in contents.flags],
        "dismissals": [
            {"item": i, "kind": k, "key": key, "dismissed_at": _plain(at)}
            for i, k, key, at in contents.dismissals
        ],
        "acknowledgements": [_record(a) for a in contents.acknowledgements],
        "goals": [_record(g) for g in contents.goals],
        "goal_ratings": [_record(g) for g in contents.goal_ratings],
    }


def _attachment(a: Attachment) -> dict[str, Any]:
    d = _record(replace(a, data=None))
    d["data"] = base64.b64encode(a.data or b"").decode("ascii")
    return d


def _parse_attachment(r: Reader, d: dict[str, Any], w: str) -> Attachment:
    kind = r.string(d, "kind", w)
    if kind not in ATTACHMENT_KINDS:
        raise r.fail(f"{w}.kind", tr("is not one of {allowed}"), allowed="picture, audio")
    text = d.get("data")
    if not isinstance(text, str) or len(text) > MAX_ATTACHMENT * 4 // 3 + 4:
        raise r.fail(f"{w}.data", tr("should be the attachment's bytes in base64"))
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        raise r.fail(f"{w}.data", tr("is not base64")) from None
    size = r.integer(d, "size", w)
    if size != len(data):
        raise r.fail(f"{w}.size", tr("does not match its data ({n} bytes)"), n=len(data))
    optional = {k: (r.integer(d, k, w) if d.get(k) is not None else None)
                for k in ("width", "height", "duration_ms")}  # fmt: skip
    return Attachment(
        entry_uid=r.string(d, "entry_uid", w),
        kind=kind,
        name=r.string(d, "name", w),
        mime=r.string(d, "mime", w),
        size=size,
        data=data,
        uid=r.string(d, "uid", w),
        created_at=r.when(d, "created_at", w),
        **optional,
    )


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def parse_archive(data: Any, source: str) -> ArchiveContents:
    r = Reader(source)
    top = r.obj(data, tr("the file"))
    if top.get("format") != FORMAT:
        raise ArchiveError(
            tr('{source} is not a kapjournal archive (no "format": "{format}").').format(
                source=source, format=FORMAT
            )
        )
    version = r.integer(top, "version", tr("the file"))
    if version > VERSION:
        raise ArchiveError(
            tr("{source} was written by a newer kapjournal; update to import it.").format(
                source=source
            )
        )
    sessions = []
    for w, d in r.items(top, "sessions"):
        sessions.append(
            Session(
                uid=r.string(d, "uid", w),
                scheduled_at=r.when(d, "scheduled_at", w),
                duration_minutes=r.integer(d, "duration_minutes", w, 60),
                route=r.enum(d, "route", w, Route),
                kind=r.enum(d, "kind", w, SessionKind),
                status=r.enum(d, "status", w, SessionStatus),
                dose=r.string(d, "dose", w, ""),
                clinic=r.string(d, "clinic", w, ""),
                notes=r.string(d, "notes", w, ""),
                created_at=r.when(d, "created_at", w),
                updated_at=r.when(d, "updated_at", w),
            )
        )
    entries = []
    for w, d in r.items(top, "entries"):
        answers = []
        for j, raw_a in enumerate(r.lst(d.get("answers", []), f"{w}.answers")):
            wa = f"{w}.answers[{j}]"
            a = r.obj(raw_a, wa)
            sev = r.obj(a.get("severities", {}), f"{wa}.severities")
            if not all(whole(v) for v in sev.values()):
                raise r.fail(f"{wa}.severities", tr("should map lines to whole numbers"))
            answers.append(
                Answer(
                    item_id=r.string(a, "item_id", wa),
                    prompt=r.string(a, "prompt", wa, ""),
                    kind=r.string(a, "kind", wa, "text"),
                    text=r.string(a, "text", wa, ""),
                    number=r.number(a, "number", wa),
                    choices=r.strings(a, "choices", wa),
                    severities=dict(sev),
                    private=bool(a.get("private", False)),
                )
            )
        entries.append(
            Entry(
                uid=r.string(d, "uid", w),
                phase=r.enum(d, "phase", w, Phase),
                title=r.string(d, "title", w, ""),
                body=r.string(d, "body", w, ""),
                body_private=bool(d.get("body_private", False)),
                tags=r.strings(d, "tags", w),
                answers=answers,
                session_uid=r.opt_string(d, "session_uid", w),
                template_id=r.string(d, "template_id", w, ""),
                template_version=r.string(d, "template_version", w, ""),
                created_at=r.when(d, "created_at", w),
                updated_at=r.when(d, "updated_at", w),
            )
        )
    measures = []
    for w, d in r.items(top, "measures"):
        answers_map = r.obj(d.get("answers", {}), f"{w}.answers")
        subs = r.obj(d.get("subscores", {}), f"{w}.subscores")
        for k, v in [*answers_map.items(), *subs.items()]:
            if not whole(v):
                raise r.fail(f"{w}.{k}", tr("should be a whole number"))
        total = d.get("total")
        if total is not None:
            total = r.integer(d, "total", w)
        measures.append(
            MeasureResult(
                uid=r.string(d, "uid", w),
                instrument=r.string(d, "instrument", w),
                answers=dict(answers_map),
                total=total,
                band=r.string(d, "band", w, ""),
                flags=r.strings(d, "flags", w),
                subscores=dict(subs),
                session_uid=r.opt_string(d, "session_uid", w),
                entry_uid=r.opt_string(d, "entry_uid", w),
                completed_at=r.when(d, "completed_at", w),
                amends=r.opt_string(d, "amends", w),  # absent before schema 6: None
            )
        )
    exports = []
    for w, d in r.items(top, "exports"):
        exports.append(
            ExportRecord(
                format=r.string(d, "format", w),
                entry_count=r.integer(d, "entry_count", w),
                withheld_count=r.integer(d, "withheld_count", w, 0),
                destination=r.string(d, "destination", w, ""),
                at=r.when(d, "at", w),
            )
        )
    packs = []
    for w, d in r.items(top, "packs"):
        packs.append(
            StoredPack(
                id=r.string(d, "id", w),
                name=r.string(d, "name", w),
                version=r.string(d, "version", w),
                author=r.string(d, "author", w, ""),
                toml=r.string(d, "toml", w),
                imported_at=r.when(d, "imported_at", w),
            )
        )
    attachments = [_parse_attachment(r, d, w) for w, d in r.items(top, "attachments")]
    entry_uids = {e.uid for e in entries}
    for att in attachments:
        if att.entry_uid not in entry_uids:
            where, what = "attachments", tr("name an entry ({uid}) not in the file")
            raise r.fail(where, what, uid=att.entry_uid)
    goals, ratings = _goal_records(r, top)
    return ArchiveContents(
        sessions, entries, measures, exports, packs, attachments, *_safety_records(r, top),
        goals, ratings,
    )  # fmt: skip


def _goal_records(r: Reader, top: dict[str, Any]) -> tuple[list[Goal], list[GoalRating]]:
    """The goals agreed with the therapist and their ratings (absent before schema 11)."""
    goals = [
        Goal(
            r.string(d, "text", w),
            d.get("private") is True,
            r.string(d, "uid", w),
            r.when(d, "created_at", w),
            r.when(d, "ended_at", w) if d.get("ended_at") is not None else None,
        )
        for w, d in r.items(top, "goals")
    ]
    known = {g.uid for g in goals}
    ratings = []
    for w, d in r.items(top, "goal_ratings"):
        value = r.integer(d, "value", w)
        if not 0 <= value <= GOAL_MAX:
            raise r.fail(f"{w}.value", tr("should be a whole number from 0 to 10"))
        uid = r.string(d, "goal_uid", w)
        if uid not in known:
            raise r.fail(f"{w}.goal_uid", tr("names a goal ({uid}) not in the file"), uid=uid)
        ratings.append(GoalRating(uid, value, r.when(d, "rated_at", w)))
    return goals, ratings


def _safety_records(
    r: Reader, top: dict[str, Any]
) -> tuple[list[FlagRecord], list[tuple[str, str, str, datetime]], list[FlagAcknowledgement]]:
    """Version 3's flag history, skips on Today and acknowledgements (absent before: empty)."""
    flags = [
        FlagRecord(
            r.string(d, "result_uid", w),
            r.string(d, "instrument", w),
            r.string(d, "rule", w),
            r.when(d, "raised_at", w),
        )
        for w, d in r.items(top, "flags")
    ]
    dismissals = [
        (r.string(d, "item", w), r.string(d, "kind", w), r.string(d, "key", w),
         r.when(d, "dismissed_at", w))
        for w, d in r.items(top, "dismissals")
    ]  # fmt: skip
    acknowledged = [
        FlagAcknowledgement(r.when(d, "at", w), r.string(d, "reason", w))
        for w, d in r.items(top, "acknowledgements")
    ]
    return flags, dismissals, acknowledged


PARSERS = {
    "kapjournal": parse_archive,
    "jrnl": importers.parse_jrnl,
    "dayone": importers.parse_dayone,
}


def read_file(path: Path, fmt: str = "kapjournal") -> ArchiveContents:
    """Read and validate a whole file in one of FORMATS; nothing is written."""
    if fmt not in PARSERS:
        raise ArchiveError(
            tr("Unknown import format {format}; use one of {allowed}.").format(
                format=repr(fmt), allowed=", ".join(FORMATS)
            )
        )
    return PARSERS[fmt](load_json(path), str(path))
