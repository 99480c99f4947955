"""Reading an untrusted JSON file costs memory in proportion to it: a file of millions of
tiny values is refused before it is parsed (it took 2.2 GB for 30 MB), a real archive is not,
and the lone-surrogate check walks without a string per value."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from kapjournal.archive import portable as archive
from kapjournal.archive.reading import COUNTED_ABOVE, MAX_EXPANSION, load_json, parsed_size
from kapjournal.errors import ArchiveError
from tests.conftest import PYTHON, child_env

PEAK = """
import json, resource, sys
from pathlib import Path
from kapjournal.archive.portable import read_file
from kapjournal.errors import ArchiveError
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_file(Path(sys.argv[1]))
    said = ""
except ArchiveError as exc:
    said = str(exc)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grew": (peak - base) * 1024, "said": said}))
"""

SHAPES = {
    "empty objects": "{}",
    "objects with a key": '{"a":1}',
    "short strings": '"ab"',
    "floats": "1.5",
    "empty lists": "[]",
}


def peak_of(path: Path) -> dict[str, object]:
    r = subprocess.run(
        [PYTHON, "-c", PEAK, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=child_env(),
    )
    assert r.returncode == 0, r.stderr
    out: dict[str, object] = json.loads(r.stdout)
    return out


def test_thirty_megabytes_of_tiny_values_stay_under_ten_times_their_size(tmp_path: Path) -> None:
    for name, value in SHAPES.items():
        path = tmp_path / "tiny.json"
        count = 30_000_000 // (len(value) + 1)
        path.write_text('{"format": "kapjournal-archive", "version": 3, "entries": [' + ",".join(
            [value] * count) + "]}")  # fmt: skip
        got = peak_of(path)
        assert "far more tiny values" in str(got["said"]), (name, got)
        assert int(str(got["grew"])) < 10 * path.stat().st_size, (name, got)


def real_archive(entries: int) -> dict[str, object]:
    """Daily check-ins as the app exports them, the densest real archive: small answers."""
    answer = {"prompt": "Mood", "kind": "scale", "text": "", "number": 4.0, "choices": [],
              "severities": {}, "private": False}  # fmt: skip
    return {
        "format": "kapjournal-archive",
        "version": 3,
        "entries": [
            {
                "uid": f"{n:032x}",
                "phase": "check-in",
                "title": "Daily check-in",
                "body": "",
                "tags": [],
                "created_at": "2026-11-02T20:00:00+00:00",
                "updated_at": "2026-11-02T20:00:00+00:00",
                "answers": [{**answer, "item_id": i} for i in ("mood", "anxiety", "sleep")],
            }
            for n in range(entries)
        ],
    }


def test_a_real_archive_is_inside_the_bound(tmp_path: Path) -> None:
    """As the app writes it (indent=1) well inside; written as tightly as JSON allows, still
    inside (by this count 6.8 times; parsed, it took 3.8)."""
    data = real_archive(4000)
    for name, text, share in (
        ("the app's own", archive.to_json(data), 0.6),
        ("spaced", json.dumps(data), 0.9),
        ("compact", json.dumps(data, separators=(",", ":")), 0.9),
    ):
        raw = text.encode()
        assert len(raw) > COUNTED_ABOVE
        assert parsed_size(raw) < share * MAX_EXPANSION * len(raw), name
        path = tmp_path / "real.json"
        path.write_bytes(raw)
        assert len(load_json(path)["entries"]) == 4000


def test_a_lone_surrogate_is_still_found_and_placed(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"entries": [{"title": "fine \\ud83d\\ude00"}, {"tags": ["x", "\\udc00"]}]}')
    try:
        load_json(path)
    except ArchiveError as exc:
        assert "entries[1].tags[1]" in str(exc)
    else:
        raise AssertionError("a lone surrogate was accepted")
    path.write_text('{"entries": [{"title": "fine \\ud83d\\ude00"}]}')
    assert load_json(path)["entries"][0]["title"] == "fine 😀"
