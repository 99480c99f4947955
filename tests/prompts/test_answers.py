"""Answers to every item type of the built-in pack round-trip through the vault and archive."""

from __future__ import annotations

from pathlib import Path

from kapjournal.archive import portable as archive
from kapjournal.domain import Answer, Entry, Session
from kapjournal.prompts.answers import is_blank, new_entry, problems
from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.model import Item, ItemType
from kapjournal.prompts.scoring import to_result
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Vault
from tests.conftest import archive_of, import_file

CAT = Catalog.load()


def filled(item: Item, n: int) -> Answer:
    a = Answer(item_id=item.id, prompt=item.prompt, kind=item.type.value, private=n % 2 == 0)
    if item.type is ItemType.TEXT:
        a.text = f"- first thought {n}\n- **second** ✨"
    elif item.type is ItemType.SCALE:
        a.number = item.min + item.step * 3
    elif item.type is ItemType.SINGLE:
        a.choices = [item.choices[-1]]
    elif item.type is ItemType.MULTIPLE:
        a.choices = list(item.choices[:2])
    elif item.type is ItemType.CHECKLIST:
        a.choices = list(item.choices[:2])
        if item.severity:
            a.severities = {item.choices[0]: 3, item.choices[1]: 0}
    elif item.type is ItemType.QUESTIONNAIRE:
        a.text = "completed"
    assert problems(item, a) == [], (item.id, problems(item, a))
    return a


def written_entries(session_uid: str) -> list[Entry]:
    out = []
    for t in CAT.templates:
        if t.pack_id != "kapjournal.core":
            continue
        e = new_entry(t, session_uid)
        items = {i.id: i for i in t.items}
        e.answers = [filled(items[a.item_id], n) for n, a in enumerate(e.answers)]
        out.append(e)
    return out


def test_every_item_type_is_in_the_builtin_pack() -> None:
    kinds = {i.type for t in CAT.templates for i in t.items}
    assert kinds == set(ItemType)


def test_every_item_type_round_trips_through_vault_and_archive(
    vault: Vault, tmp_path: Path
) -> None:
    repo = Repository(vault)
    s = repo.save_session(Session(scheduled_at=Entry().created_at))
    entries = written_entries(s.uid)
    for e in entries:
        repo.save_entry(e)
    phq9 = CAT.instruments["phq9"]
    repo.save_measure(
        to_result(
            phq9,
            {f"phq9_{n}": 1 for n in range(1, 10)},
            completed_at=s.scheduled_at,
            session_uid=s.uid,
            entry_uid=entries[0].uid,
        )
    )
    for e in entries:
        back = repo.entry(e.uid)
        assert back is not None and back.answers == e.answers
        assert back.template_id == e.template_id and back.template_version == "3.0"
    out = tmp_path / "a.json"
    out.write_text(archive.to_json(archive_of(repo)), encoding="utf-8")
    other = Vault.create(tmp_path / "o.kapvault", "other")
    try:
        orepo = Repository(other)
        import_file(orepo, out)
        for e in entries:
            back = orepo.entry(e.uid)
            assert back is not None and back.answers == e.answers
        [m] = orepo.measures("phq9")
        assert m.total == 9 and m.flags == ["phq9-item9"] and m.band == "mild"
    finally:
        other.lock()


def test_entry_keeps_prompt_text_after_the_pack_changes(vault: Vault) -> None:
    repo = Repository(vault)
    t = CAT.template("kapjournal.core/recall")
    assert t is not None
    e = new_entry(t)
    e.answers[0].text = "violet"
    repo.save_entry(e)
    back = repo.entry(e.uid)
    assert back and back.answers[0].prompt == t.items[0].prompt


def test_problems_catch_bad_answers() -> None:
    t = CAT.template("kapjournal.core/recall")
    assert t is not None
    scale = next(i for i in t.items if i.type is ItemType.SCALE)
    check = next(i for i in t.items if i.type is ItemType.CHECKLIST)
    assert problems(scale, Answer(scale.id, number=11))
    assert problems(scale, Answer(scale.id, number=2.5))
    assert problems(check, Answer(check.id, choices=["Flying"]))
    assert problems(check, Answer(check.id, choices=["Nausea"], severities={"Nausea": 4}))
    assert problems(check, Answer(check.id, choices=[], severities={"Nausea": 1}))
    assert is_blank(Answer(scale.id)) and not is_blank(Answer(scale.id, number=0))
