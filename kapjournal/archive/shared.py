"""Reports a patient shared, read by the therapist's practice store: the `kapjournal-report`
JSON (docs/share-format.md), versions 1 and 2, checked key by key against the format.

An untrusted file, read like an archive (archive/reading.py: an ordinary file of bounded size,
UTF-8, JSON, no lone surrogates), then every key the practice uses is checked for its type
and put into one normal form: times in UTC, keys a later version added filled with their
empty value, keys nobody reads dropped. What comes out is safe to store and to merge;
Markdown in it is still the patient's own and is shown only through export/render.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kapjournal.archive.reading import Reader, load_json
from kapjournal.errors import ArchiveError
from kapjournal.i18n import tr

FORMAT = "kapjournal-report"
VERSIONS = (1, 2)
MAX_ATTACHMENT = 64 * 1024 * 1024  # decoded bytes, as in an archive
JOURNAL_ID = re.compile(r"[0-9a-f]{32}")

# A spec: "str", "time", "int", "num", "bool", "b64", "date-or-time", "numbers" (an object of
# numbers), a trailing "?" for null allowed; a dict for an object; a one-item list for a list.
NOTICE = {"at": "date-or-time", "text": "str", "private": "bool"}
FILE = {"name": "str", "mime": "str", "data": "b64"}
HEAD: dict[str, Any] = {
    "version": "int",
    "journal_id": "str?",
    "recipient": "str?",
    "generated_at": "time",
    "patient": "str",
    "entries_from": "time?",
    "entries_until": "time?",
    "entry_count": "int",
    "private_answers_withheld": "int",
    "private_questionnaires_withheld": "int",
    "sessions": [
        {"number": "int?", "uid": "str", "scheduled_at": "time", "kind": "str",
         "route": "str", "status": "str"}
    ],
    "at_a_glance": {
        "safety_items": ["str"],
        "changes": [
            {"instrument": "str",
             "baseline": {"at": "time", "total": "num?", "before_first_session": "bool?"},
             "latest": {"at": "time", "total": "num?"},
             "change": "num?", "higher_is_better": "bool?", "meaningful": "bool?",
             "response": "bool?", "remission": "bool?"}
        ],
        "side_effects": [
            {"effect": "str", "sessions": [{"session_uid": "str", "strongest": "int?"}]}
        ],
        "goals": [
            {"number": "int", "text": "str", "ratings": [{"at": "time", "value": "num?"}],
             "ended_at": "time?", "text_summary": "str"}
        ],
        "private_goals_withheld": "int?",
        "lifts": [
            {"session_uid": "str", "before": "num?", "before_days": "int?", "days": "int?",
             "until_next_session": "bool?", "rose": "bool?", "unclear": "bool?", "text": "str"}
        ],
    },
    "results": [
        {"uid": "str", "instrument_id": "str", "instrument": "str", "at": "time",
         "total": "num?", "band": "str?", "band_label": "str?", "safety_answers": "numbers",
         "session_uid": "str?", "amends": "str?"}
    ],
    "check_ins": [
        {"at": "time", "entry_uid": "str", "item": "str", "prompt": "str", "value": "num?"}
    ],
    "questionnaires": [{"at": "time", "instrument": "str", "summary": "str"}],
    "trends": [
        {"instrument": "str", "max_total": "num?",
         "bands": [{"min": "num?", "max": "num?", "label": "str"}],
         "totals": [{"at": "time", "total": "num?"}]}
    ],
    "for_therapist": [{"at": "time", "prompt": "str", "text": "str"}],
    "safety_flags": [NOTICE],
    "concerns": [NOTICE],
    "acknowledged": [NOTICE],
    "strong_side_effects": [NOTICE],
    "strong_side_effects_complete": "bool?",
}  # fmt: skip
ENTRY: dict[str, Any] = {
    "uid": "str",
    "session_uid": "str?",
    "phase": "str",
    "written_at": "time",
    "title": "str",
    "tags": ["str"],
    "answers": [{"prompt": "str", "text": "str"}],
    "body": "str",
    "pictures": [{**FILE, "width": "int?", "height": "int?"}],
    "voice_notes": [{**FILE, "duration_ms": "int?"}],
}


@dataclass(frozen=True)
class SharedReport:
    """One report, checked: `head` is everything but the entries (what the practice merges),
    `entries` the chosen entries with their pictures and voice notes."""

    version: int
    journal_id: str  # "" in version 1
    patient: str
    generated_at: datetime
    digest: str  # the same report, however it was saved again, has the same digest
    head: dict[str, Any]
    entries: list[dict[str, Any]]


def read_shared(path: Path) -> SharedReport:
    """Read and check one shared report; ArchiveError with one sentence when it is not one."""
    path = Path(path)
    return parse_shared(load_json(path), path.name)


def parse_shared(data: Any, source: str) -> SharedReport:
    r = Reader(source)
    top = r.obj(data, tr("the file"))
    if top.get("format") != FORMAT:
        raise ArchiveError(
            tr("{source} is not a report a patient shared from kapjournal; nothing was added.")
            .format(source=source)
        )  # fmt: skip
    version = top.get("version")
    if version not in VERSIONS:
        raise ArchiveError(
            tr(
                "{source} is a shared report of version {version}, which this kapjournal does "
                "not know; update kapjournal to read it. Nothing was added."
            ).format(source=source, version=version)
        )
    head = _check(r, top, HEAD, "")
    entries = _check(r, top.get("entries", []), [ENTRY], "entries")
    journal_id = head["journal_id"] or ""
    if version >= 2 and not JOURNAL_ID.fullmatch(journal_id):
        raise r.fail("journal_id", tr("should be 32 hexadecimal digits"))
    digest = hashlib.sha256(
        json.dumps([head, entries], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return SharedReport(
        version=version,
        journal_id=journal_id,
        patient=head["patient"],
        generated_at=datetime.fromisoformat(head["generated_at"]),
        digest=digest,
        head=head,
        entries=entries,
    )


def _check(r: Reader, value: Any, spec: Any, where: str) -> Any:
    if isinstance(spec, list):
        items = r.lst([] if value is None else value, where)
        return [_check(r, v, spec[0], f"{where}[{i}]") for i, v in enumerate(items)]
    if isinstance(spec, dict):
        obj = r.obj({} if value is None else value, where or tr("the file"))
        return {
            k: _check(r, obj.get(k), s, f"{where}.{k}" if where else k) for k, s in spec.items()
        }
    return _scalar(r, value, spec, where)


def _scalar(r: Reader, value: Any, spec: str, where: str) -> Any:
    """A missing list or object is empty, a missing optional value null, a missing required
    value an error."""
    kind, optional = spec.rstrip("?"), spec.endswith("?")
    if value is None:
        if kind == "numbers":
            return {}
        if optional:
            return None
        raise r.fail(where, tr("is missing"))
    parent, _, key = where.rpartition(".")
    holder = {key: value}
    if kind == "str":
        return r.string(holder, key, parent)
    if kind == "int":
        return r.integer(holder, key, parent)
    if kind == "num":
        number = r.number(holder, key, parent)
        return value if isinstance(value, int) else number  # a score stays a whole number
    if kind == "bool":
        if not isinstance(value, bool):
            raise r.fail(where, tr("should be true or false"))
        return value
    if kind == "time":
        return r.when(holder, key, parent).astimezone(UTC).isoformat(timespec="seconds")
    if kind == "date-or-time":
        return _date_or_time(r, holder, key, parent)
    if kind == "numbers":
        obj = r.obj(value, where)
        return {k: r.number(obj, k, where) for k in obj}
    if kind == "b64":
        return _base64(r, value, where)
    raise AssertionError(spec)


def _date_or_time(r: Reader, holder: dict[str, Any], key: str, parent: str) -> str:
    """A private notice carries its date alone; a shared one its time."""
    value = holder[key]
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    return r.when(holder, key, parent).astimezone(UTC).isoformat(timespec="seconds")


def _base64(r: Reader, value: Any, where: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_ATTACHMENT * 4 // 3 + 4:
        raise r.fail(where, tr("should be base64 of at most 64 MB"))
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise r.fail(where, tr("is not valid base64")) from None
    return value
