"""Portable JSON: our own lossless archive, and reading jrnl and Day One exports.

Pure functions over domain objects: a file is parsed and validated completely into
`ArchiveContents` before anything is written, and the journal service writes it in one
transaction, so a malformed or hostile file changes nothing. The format is documented in
docs/archive-format.md.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from kapjournal.archive import FORMATS
from kapjournal.domain import (
    Answer,
    Entry,
    ExportRecord,
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

FORMAT = "kapjournal-archive"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024
_NS = uuid.UUID("6f9d3a4e-52b1-4c1e-9a57-1d0b6c2f7e11")


@dataclass
class ArchiveContents:
    """Everything an archive carries, as domain objects."""

    sessions: list[Session] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    measures: list[MeasureResult] = field(default_factory=list)
    exports: list[ExportRecord] = field(default_factory=list)
    packs: list[StoredPack] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "sessions": len(self.sessions),
            "entries": len(self.entries),
            "measures": len(self.measures),
            "exports": len(self.exports),
            "packs": len(self.packs),
        }


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
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


# -- reading -----------------------------------------------------------------------------------
def load_json(path: Path) -> Any:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise ArchiveError(tr("{path} cannot be read; check the path.").format(path=path)) from None
    if size > MAX_BYTES:
        raise ArchiveError(
            tr("{path} is larger than 512 MB, too large to be a journal export.").format(path=path)
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError(
            tr("{path} is not UTF-8 text (byte {byte}); export it again as JSON.").format(
                path=path, byte=exc.start
            )
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveError(
            tr("{path} is not valid JSON (line {line}, column {column}: {problem}).").format(
                path=path, line=exc.lineno, column=exc.colno, problem=exc.msg
            )
        ) from None
    except RecursionError:
        raise ArchiveError(
            tr("{path} is nested too deeply to be a journal export.").format(path=path)
        ) from None


class _Reader:
    """Typed access to untrusted JSON, with errors that name where the problem is."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str, **values: object) -> ArchiveError:
        """`what` is translated already; `values` fill its {names}."""
        problem = what.format(**values) if values else what
        return ArchiveError(
            tr("{source}: {where} {problem}; nothing was imported.").format(
                source=self.source, where=where, problem=problem
            )
        )

    def items(self, top: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each object in the list `key`, with the place to name in messages."""
        for i, raw in enumerate(self.lst(top.get(key, []), key)):
            where = f"{key}[{i}]"
            yield where, self.obj(raw, where)

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, tr("should be an object"))
        return value

    def lst(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, tr("should be a list"))
        return value

    def string(self, d: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = d.get(key, default)
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", tr("should be text"))
        if len(value) > 10_000_000:
            raise self.fail(f"{where}.{key}", tr("is too long"))
        return value

    def opt_string(self, d: dict[str, Any], key: str, where: str) -> str | None:
        return None if d.get(key) is None else self.string(d, key, where)

    def number(self, d: dict[str, Any], key: str, where: str) -> float | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{where}.{key}", tr("should be a number"))
        return float(value)

    def integer(self, d: dict[str, Any], key: str, where: str, default: int | None = None) -> int:
        value = d.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where}.{key}", tr("should be a whole number"))
        return value

    def strings(self, d: dict[str, Any], key: str, where: str) -> list[str]:
        values = self.lst(d.get(key, []), f"{where}.{key}")
        if not all(isinstance(v, str) for v in values):
            raise self.fail(f"{where}.{key}", tr("should be a list of text"))
        return values

    def when(self, d: dict[str, Any], key: str, where: str) -> datetime:
        text = self.string(d, key, where)
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(
                f"{where}.{key}", tr("is not a date and time ({value})"), value=repr(text[:40])
            ) from None
        return value if value.tzinfo else value.astimezone()

    def enum(self, d: dict[str, Any], key: str, where: str, kind: type[Enum]) -> Any:
        text = self.string(d, key, where)
        try:
            return kind(text)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in kind)
            raise self.fail(
                f"{where}.{key}",
                tr("is {value}, not one of {allowed}"),
                value=repr(text[:40]),
                allowed=allowed,
            ) from None


def parse_archive(data: Any, source: str) -> ArchiveContents:
    r = _Reader(source)
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
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in sev.values()):
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
            if isinstance(v, bool) or not isinstance(v, int):
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
    return ArchiveContents(sessions, entries, measures, exports, packs)


def parse_jrnl(data: Any, source: str) -> ArchiveContents:
    """jrnl's `--export json`: {"tags": {...}, "entries": [{title, body, date, time, ...}]}."""
    r = _Reader(source)
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
        except ValueError:
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
    r = _Reader(source)
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


PARSERS = {"kapjournal": parse_archive, "jrnl": parse_jrnl, "dayone": parse_dayone}


def read_file(path: Path, fmt: str = "kapjournal") -> ArchiveContents:
    """Read and validate a whole file in one of FORMATS; nothing is written."""
    if fmt not in PARSERS:
        raise ArchiveError(
            tr("Unknown import format {format}; use one of {allowed}.").format(
                format=repr(fmt), allowed=", ".join(FORMATS)
            )
        )
    return PARSERS[fmt](load_json(path), str(path))
