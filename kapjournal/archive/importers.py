"""Other journals' exports in: jrnl's and Day One's JSON, as entries (all-or-nothing)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from kapjournal.archive.contents import ArchiveContents
from kapjournal.archive.reading import Reader
from kapjournal.domain import Entry, Phase
from kapjournal.errors import ArchiveError
from kapjournal.i18n import tr

# Entries from another journal get a stable uid from their content, so a second import of the
# same file finds them instead of adding them again.
_NS = uuid.UUID("6f9d3a4e-52b1-4c1e-9a57-1d0b6c2f7e11")


def parse_jrnl(data: Any, source: str) -> ArchiveContents:
    """jrnl's `--export json`: {"tags": {...}, "entries": [{title, body, date, time, ...}]}."""
    r = Reader(source)
    top = r.obj(data, tr("the file"))
    if "entries" not in top:
        raise ArchiveError(
            tr('{source} is not a jrnl JSON export (it has no "entries").').format(source=source)
        )
    entries = []
    for w, d in r.items(top, "entries"):
        date, time = r.string(d, "date", w), r.string(d, "time", w, "00:00")
        try:
            created = datetime.fromisoformat(f"{date}T{time}").astimezone()
            created.astimezone(UTC)
        except (ValueError, OverflowError):
            raise r.fail(
                w,
                tr("has a date {date} {time} that cannot be read"),
                date=repr(date),
                time=repr(time),
            ) from None
        title, body = r.string(d, "title", w, ""), r.string(d, "body", w, "")
        tags = [t.lstrip("@") for t in r.strings(d, "tags", w)]
        if d.get("starred"):
            tags.append("starred")
        uid = uuid.uuid5(_NS, f"jrnl\x00{date}\x00{time}\x00{title}\x00{body}").hex
        entries.append(
            Entry(
                uid=uid,
                phase=Phase.FREE,
                title=title,
                body=body.strip(),
                tags=tags,
                created_at=created,
                updated_at=created,
            )
        )
    return ArchiveContents(entries=entries)


def parse_dayone(data: Any, source: str) -> ArchiveContents:
    """Day One's JSON export: {"metadata": ..., "entries": [{uuid, creationDate, text, ...}]}."""
    r = Reader(source)
    top = r.obj(data, tr("the file"))
    if "entries" not in top:
        raise ArchiveError(
            tr('{source} is not a Day One JSON export (it has no "entries").').format(source=source)
        )
    entries = []
    for w, d in r.items(top, "entries"):
        created = r.when(d, "creationDate", w)
        modified = r.when(d, "modifiedDate", w) if "modifiedDate" in d else created
        text = r.string(d, "text", w, "")
        first, _, rest = text.strip().partition("\n")
        title = first.lstrip("#").strip() if first.startswith("#") else ""
        body = rest.strip() if title else text.strip()
        tags = r.strings(d, "tags", w)
        if d.get("starred"):
            tags.append("starred")
        raw_uid = r.string(d, "uuid", w, "")
        uid = uuid.uuid5(_NS, f"dayone\x00{raw_uid or text}\x00{created.isoformat()}").hex
        entries.append(
            Entry(
                uid=uid,
                phase=Phase.FREE,
                title=title,
                body=body,
                tags=tags,
                created_at=created,
                updated_at=modified,
            )
        )
    return ArchiveContents(entries=entries)
