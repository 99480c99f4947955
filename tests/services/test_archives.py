"""The patient's own archive through the one door: export records history, import is whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kapjournal.errors import ArchiveError
from kapjournal.services.opening import OpenJournal, create_journal
from tests.services.conftest import Clock


def test_export_then_import_elsewhere(opened: OpenJournal, tmp_path: Path) -> None:
    j = opened.journal
    e = j.free_entry()
    e.body = "kept in the archive"
    j.save_entry(e)
    out = opened.archives.export_archive(tmp_path / "all.json")
    assert out.entries == 1 and json.loads(out.path.read_text())["entries"][0]["uid"] == e.uid
    with create_journal(tmp_path / "other.kapvault", "another passphrase") as other:
        counts = other.archives.import_file(out.path)
        assert counts["entries"] == 1
        assert other.journal.search("archive")[0].entry_uid == e.uid


def test_a_bad_file_changes_nothing(opened: OpenJournal, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kapjournal-archive", "version": 1, "entries": [{}]}')
    with pytest.raises(ArchiveError):
        opened.archives.import_file(bad)
    assert opened.journal.count_entries() == 0


def test_an_older_archive_never_undoes_a_later_edit(
    opened: OpenJournal, tmp_path: Path, clock: Clock
) -> None:
    j = opened.journal
    e = j.free_entry()
    e.body = "first words"
    j.save_entry(e)
    old = opened.archives.export_archive(tmp_path / "monday.json").path
    clock.advance(days=1)
    e.body = "words rewritten on Tuesday"
    j.save_entry(e)
    counts = opened.archives.import_file(old)
    assert counts["entries"] == 0 and counts["kept"] == 1
    assert j.entry(e.uid).body == "words rewritten on Tuesday"  # type: ignore[union-attr]
    again = opened.archives.import_file(opened.archives.export_archive(tmp_path / "t.json").path)
    assert again["entries"] == 0 and again["kept"] == 0 and again["exports"] == 0


def test_two_records_with_one_uid_count_once_and_the_newer_wins(
    opened: OpenJournal, tmp_path: Path
) -> None:
    j = opened.journal
    e = j.free_entry()
    e.body = "older"
    j.save_entry(e)
    data = json.loads(opened.archives.export_archive(tmp_path / "a.json").path.read_text())
    twin = dict(data["entries"][0], body="newer", updated_at="2099-01-01T00:00:00+00:00")
    data["entries"] = [twin, data["entries"][0]]
    src = tmp_path / "twins.json"
    src.write_text(json.dumps(data))
    with create_journal(tmp_path / "other.kapvault", "another passphrase") as other:
        counts = other.archives.import_file(src)
        assert counts["entries"] == 1
        assert other.journal.entry(e.uid).body == "newer"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[pack]\nid = "p"\nname = "P"\nversion = "1"\n', "no templates and no instruments"),
        (
            '[pack]\nid = "kapjournal.core"\nname = "Mine"\nversion = "9"\n'
            '[[templates]]\nid = "t"\nphase = "free"\ntitle = "T"\n',
            "built-in pack",
        ),
    ],
)
def test_a_pack_in_an_archive_is_validated_like_any_pack(
    opened: OpenJournal, tmp_path: Path, toml: str, expected: str
) -> None:
    data = json.loads(opened.archives.export_archive(tmp_path / "a.json").path.read_text())
    data["packs"] = [
        {"id": "p", "name": "P", "version": "1", "author": "", "toml": toml,
         "imported_at": "2026-01-01T00:00:00+00:00"}
    ]  # fmt: skip
    src = tmp_path / "with-pack.json"
    src.write_text(json.dumps(data))
    with pytest.raises(ArchiveError, match=expected):
        opened.archives.import_file(src)
    assert opened.packs.listing()[-1].pack.builtin  # nothing was added


def test_version_3_carries_the_flag_history_the_skips_and_the_acknowledgements(
    opened: OpenJournal, tmp_path: Path, clock: Clock
) -> None:
    """A flag whose answer was changed later, a page's own flag, a skipped Today item and an
    acknowledgement survive a move to a new computer, and a second import adds nothing."""
    from kapjournal.domain import Acknowledged
    from kapjournal.prompts.model import ItemRule

    j = opened.journal
    first = j.questionnaires.record_questionnaire("phq9", {"phq9_9": 1})
    j.questionnaires.record_questionnaire(
        "phq9", {"phq9_9": 0}, uid=first.result.uid
    )  # changed, same sitting
    page = j.free_entry()
    j.save_entry(page)
    j.safety.record_entry_rules(page, [ItemRule("urge-high", "Reach out now.", 7, "crisis")])
    clock.advance(days=1)
    due = j.schedule.due()
    assert due, "a new journal has something due (its first questionnaires)"
    j.schedule.dismiss(due[:1])
    j.safety.acknowledge_flags(Acknowledged.SAFETY_PLAN)
    flags, still_due, noted = (
        j.safety.flag_history(),
        [d.key for d in j.schedule.due()],
        j.safety.acknowledgements(),
    )
    assert len(flags) == 2 and due[0].key not in still_due and len(noted) == 1
    out = opened.archives.export_archive(tmp_path / "all.json").path
    data = json.loads(out.read_text())
    assert data["version"] == 3 and len(data["flags"]) == 2 and len(data["dismissals"]) == 1
    with create_journal(tmp_path / "new.kapvault", "another passphrase", clock=clock) as moved:
        counts = moved.archives.import_file(out)
        assert (counts["dismissals"], counts["acknowledgements"]) == (1, 1)
        m = moved.journal
        assert m.safety.flag_history() == flags, "the changed answer's flag and the page's flag"
        assert [d.key for d in m.schedule.due()] == still_due, "the skip came along"
        assert m.safety.acknowledgements() == noted and m.safety.safety_notice() is None
        again = moved.archives.import_file(out)
        assert (again["flags"], again["dismissals"], again["acknowledgements"]) == (0, 0, 0)
