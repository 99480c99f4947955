"""The core in Spanish: sentences, the built-in pack, dates and numbers; questionnaires not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kapjournal import i18n
from kapjournal.errors import StorageError, WrongPassphrase
from kapjournal.prompts.catalog import Catalog, builtin_packs
from kapjournal.prompts.loader import PackError, load_pack_text
from kapjournal.prompts.scoring import score
from kapjournal.services.opening import create_journal, open_journal
from tests.conftest import PASSPHRASE


@pytest.fixture
def spanish() -> Iterator[None]:
    i18n.install("es")
    yield
    i18n.install("en")


def instrument(catalog: Catalog, iid: str):  # type: ignore[no-untyped-def]
    return next(i for p in catalog.packs for i in p.instruments if i.id == iid)


def test_a_storage_error_reads_in_spanish(spanish: None, tmp_path: Path) -> None:
    vault = tmp_path / "j.kapvault"
    create_journal(vault, PASSPHRASE).lock()
    with pytest.raises(WrongPassphrase) as caught:
        open_journal(vault, passphrase="not the passphrase")
    assert str(caught.value).startswith("Esa frase de paso no desbloquea este diario")
    with pytest.raises(StorageError, match="No hay ningún diario en"):
        open_journal(tmp_path / "missing.kapvault", passphrase=PASSPHRASE)


def test_pack_problems_read_in_spanish(spanish: None) -> None:
    with pytest.raises(PackError) as caught:
        load_pack_text('[pack]\nid = "p"\nname = "P"\nversion = "1"\n', "p.toml")
    assert caught.value.errors == [
        "p.toml: no tiene plantillas ni instrumentos; un paquete necesita al menos uno."
    ]


def test_built_in_pages_translate_and_questionnaires_keep_their_wording(spanish: None) -> None:
    catalog = Catalog.load()
    preparation = catalog.template("kapjournal.core/preparation")
    assert preparation is not None and preparation.title == "Antes de la sesión"
    feeling = next(i for i in preparation.items if i.id == "feeling-about")
    assert feeling.choices[2] == "Nervous"  # the stored value stays as the pack wrote it
    assert feeling.choice_label(2) == "Con nervios"
    phq9 = instrument(catalog, "phq9")
    assert phq9.items[0].text == "Little interest or pleasure in doing things"
    assert phq9.options[1].label == "Several days"
    assert phq9.bands[0].meaning.startswith("Pocos o ningún síntoma de depresión")
    assert phq9.safety[0].message.startswith("Has dicho que has tenido pensamientos")
    result = score(phq9, {i.id: 1 for i in phq9.scored_items} | {"phq9_9": 0})
    assert result.summary(phq9) == "PHQ-9: 8 de 27 (Leve)."
    flagged = score(phq9, {i.id: 1 for i in phq9.scored_items}).summary(phq9)
    assert flagged.startswith("Se respondió una pregunta de seguridad") and "«Leve»" in flagged


def test_the_language_can_change_without_reloading_anything() -> None:
    i18n.install("es")
    try:
        assert builtin_packs()[-1].templates[0].title == "Antes de la sesión"
    finally:
        i18n.install("en")
    assert builtin_packs()[-1].templates[0].title == "Before the session"


def test_dates_and_numbers_follow_the_language(spanish: None) -> None:
    assert i18n.format_date(date(2026, 11, 27)) == "27 de noviembre de 2026"
    evening = datetime(2026, 11, 28, 18, 5, tzinfo=timezone(timedelta(hours=1)))
    assert i18n.format_skeleton(evening, "MMMEd").startswith("sáb")
    assert i18n.format_number(12345.5) == "12.345,5"


def test_a_language_without_a_catalogue_keeps_english_words_and_its_own_dates() -> None:
    i18n.install("fr")
    try:
        assert i18n.tr("Did this session happen?") == "Did this session happen?"
        assert i18n.format_date(date(2026, 11, 27)) == "27 novembre 2026"
    finally:
        i18n.install("en")


def test_the_system_language_ignores_the_c_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert i18n.system_language() == "es_MX"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.system_language() != "C"
