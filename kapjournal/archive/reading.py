"""Untrusted files in: an ordinary file of bounded size, valid UTF-8 and JSON without lone
surrogates, then typed access that names the place of every problem in one sentence."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from kapjournal.errors import ArchiveError
from kapjournal.i18n import tr

MAX_BYTES = 512 * 1024 * 1024
MAX_NUMBER = 10**12  # far beyond any score, count or scale in a journal


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of an ordinary file of at most `limit` bytes. A folder, a pipe (which would
    wait forever) or a device (a symlink to /dev/zero never ends) is refused before it is
    opened, and the read itself stops at the limit whatever the size said."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        raise ArchiveError(tr("{path} cannot be read; check the path.").format(path=path)) from None
    if not stat.S_ISREG(st.st_mode):
        raise ArchiveError(
            tr(
                "{path} is not an ordinary file (it is a folder, a device or a pipe); choose "
                "the exported file itself."
            ).format(path=path)
        )
    too_big = ArchiveError(
        tr("{path} is larger than 512 MB, too large to be a journal export.").format(path=path)
    )
    if st.st_size > limit:
        raise too_big
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ArchiveError(
            tr("{path} cannot be read ({problem}).").format(path=path, problem=exc.strerror)
        ) from None
    if len(data) > limit:
        raise too_big
    return data


# Python's objects take far more memory than the JSON that describes them: "{}," is 3 bytes of
# file and a 64-byte dict with its pointer in a list. A file over 1 MB whose values would take
# more than 8 times its size is refused before it is parsed, so reading one never takes more
# than about 10 times (its text is held too). The bound counts the file's punctuation, each
# kind at what it measured in CPython 3.11 (or more): an empty object 74 bytes, one with keys
# 200 and 34 a key (keys end in '":' and are shared, so not counted as strings), a list 74, a
# string 60 (an empty one is shared too), a pointer after a comma 12, a float 32 (a '.', in
# text too). Two years of daily
# check-ins exported come to about 4 times by this count (2.2 in fact); 30 MB of empty objects
# to 29 times (it took 2.2 GB before).
MAX_EXPANSION = 8
COUNTED_ABOVE = 1024 * 1024


def parsed_size(raw: bytes) -> int:
    """An upper bound on the memory, in bytes, that parsing `raw` as JSON takes."""
    empty = raw.count(b"{}")
    keys = raw.count(b'":') + raw.count(b'" :')
    blank = raw.count(b'""')  # one shared empty string
    strings = max(raw.count(b'"') // 2 - keys - blank, 0)
    return (
        74 * empty
        + 200 * (raw.count(b"{") - empty)
        + 34 * keys
        + 74 * raw.count(b"[")
        + 60 * strings
        + 12 * raw.count(b",")
        + 32 * raw.count(b".")
    )


def load_json(path: Path) -> Any:
    path = Path(path)
    raw = read_regular_file(path, MAX_BYTES)
    if len(raw) > COUNTED_ABOVE and parsed_size(raw) > MAX_EXPANSION * len(raw):
        raise ArchiveError(
            tr(
                "{path} holds far more tiny values than a journal export could; nothing was "
                "imported."
            ).format(path=path)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError(
            tr("{path} is not UTF-8 text (byte {byte}); export it again as JSON.").format(
                path=path, byte=exc.start
            )
        ) from None
    del raw  # the text is all that parsing needs
    try:
        data = json.loads(text)
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
    except ValueError:  # a number of thousands of digits
        raise ArchiveError(
            tr("{path} holds a number too long to be part of a journal export.").format(path=path)
        ) from None
    where = _unpaired_surrogate(data, "") if _ESCAPED_SURROGATE.search(text) else None
    if where is not None:
        raise ArchiveError(
            tr(
                "{path}: {where} holds text that is not valid Unicode (a lone surrogate); "
                "nothing was imported."
            ).format(path=path, where=where or tr("the file"))
        )
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")
# Decoded UTF-8 holds no surrogate: a lone one can only come from a JSON escape like \udc00.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _unpaired_surrogate(value: Any, where: str) -> str | None:
    """Where a string (or a key) holds a half of a UTF-16 pair, which no file can store.
    Depth first with one iterator per level and the path so far, so a file of millions of
    values costs no memory beyond its own (a place string per value cost 40 bytes each)."""
    path: list[str] = []
    stack: list[Iterator[tuple[str, Any]]] = [iter([(where, value)])]
    while stack:
        for label, item in stack[-1]:
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    return _place([*path, label])
            elif isinstance(item, dict):
                if any(_SURROGATE.search(k) for k in item):
                    return _place([*path, label])
                path.append(label)
                stack.append(iter(item.items()))
                break
            elif isinstance(item, list):
                path.append(label)
                stack.append((f"[{i}]", v) for i, v in enumerate(item))
                break
        else:
            stack.pop()
            if path:
                path.pop()
    return None


def _place(labels: list[str]) -> str:
    place = ""
    for label in labels:
        place += label if label.startswith("[") or not place else f".{label}"
    return place


def whole(value: object) -> bool:
    """A whole number a journal could hold (SQLite's integers end at 2**63)."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_NUMBER


class Reader:
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

    @staticmethod
    def at(where: str, key: str) -> str:
        """The place of `key` in the object at `where` ("" for the file's top level)."""
        return f"{where}.{key}" if where else key

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
            raise self.fail(self.at(where, key), tr("should be text"))
        if len(value) > 10_000_000:
            raise self.fail(self.at(where, key), tr("is too long"))
        return value

    def opt_string(self, d: dict[str, Any], key: str, where: str) -> str | None:
        return None if d.get(key) is None else self.string(d, key, where)

    def number(self, d: dict[str, Any], key: str, where: str) -> float | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(self.at(where, key), tr("should be a number"))
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise self.fail(self.at(where, key), tr("is a number far out of range"))
        return float(value)

    def integer(self, d: dict[str, Any], key: str, where: str, default: int | None = None) -> int:
        value = d.get(key, default)
        if not whole(value):
            raise self.fail(self.at(where, key), tr("should be a whole number within range"))
        assert isinstance(value, int)
        return value

    def strings(self, d: dict[str, Any], key: str, where: str) -> list[str]:
        values = self.lst(d.get(key, []), self.at(where, key))
        if not all(isinstance(v, str) for v in values):
            raise self.fail(self.at(where, key), tr("should be a list of text"))
        return values

    def when(self, d: dict[str, Any], key: str, where: str) -> datetime:
        text = self.string(d, key, where)
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return value.astimezone(UTC) if value.tzinfo else value.astimezone()
        except (ValueError, OverflowError):  # also a year 1 or 9999 that an offset pushes out
            raise self.fail(
                self.at(where, key), tr("is not a date and time ({value})"), value=repr(text[:40])
            ) from None

    def enum(self, d: dict[str, Any], key: str, where: str, kind: type[Enum]) -> Any:
        text = self.string(d, key, where)
        try:
            return kind(text)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in kind)
            raise self.fail(
                self.at(where, key),
                tr("is {value}, not one of {allowed}"),
                value=repr(text[:40]),
                allowed=allowed,
            ) from None
