"""Voice notes recorded from a virtual microphone (a throwaway PulseAudio, tests/ui/virtual_mic.py)
into the vault: the right length, the level meter moving, playback, rename, delete, the
keyboard, a recording kept when the journal locks, and the audio's bytes nowhere on disk but
inside the encrypted vault."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.services.flac import clean_voice
from kapjournal.storage.repository import Repository
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from tests.ui.virtual_mic import recall_page, record, speak

PHRASE = "I remember the colours, and my grandmother's voice, and feeling safe."


def files_written_since(start: float, roots: list[Path]) -> Iterator[Path]:
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]
            for name in files:
                path = Path(folder, name)
                try:
                    if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= start:
                        yield path
                except OSError:
                    continue


def test_a_voice_note_is_recorded_into_the_vault_and_nowhere_else(
    qtbot: QtBot, unlocked: MainWindow, paths: Paths, microphone: dict[str, str]
) -> None:
    started = time.time() - 1
    voice = recall_page(unlocked)
    assert voice.findChild(object, "voiceLead") is not None, "the recall page leads with it"
    assert voice.record.accessibleName() == "Record a voice note"
    take = record(qtbot, voice, microphone, PHRASE)
    attachments = unlocked.editor.attachments
    entry = unlocked.editor.entry
    assert attachments is not None and entry is not None and entry.id is not None
    [note] = attachments.of_entry(entry.uid)
    assert note.kind == "audio" and note.mime == "audio/flac"
    assert note.duration_ms is not None
    stored = note.duration_ms / 1000
    # Physical bounds, none of them a widened tolerance (virtual_mic.Take says why the wall
    # clock from `listening` is not the note's length): the recorder's audio clock keeps time
    # with the wall clock while speech flows (a wrong sample rate would stretch or shrink it by
    # a third or more); the note keeps at least what was counted at Stop and what was heard;
    # and it holds no more audio than the time from Record to finished.
    said = f"{take.timeline=}, {stored=}, {take.longest=}"
    assert abs(take.audio - take.wall) < 0.5, said
    assert stored >= max(take.at_stop, take.wall) - 0.2, said
    assert stored <= take.longest, said
    data = attachments.data(note.uid)
    assert data is not None and clean_voice(data).duration_ms == note.duration_ms
    assert max(take.levels) > 0.5, "the meter heard the phrase"
    assert len(data) > 20_000, "speech, not silence (three seconds of silence is ~1.5 kB)"
    assert [r.attachment.uid for r in voice.rows] == [note.uid]
    assert "Kept “Recorded at " in voice.status.accessibleName()
    # The recording's bytes are in no file but the encrypted vault: not in the data folder,
    # /tmp or the home folder, in anything written since the test began.
    needles = [data[len(data) * k // 4 :][:48] for k in (1, 2, 3)]
    assert all(len(n) == 48 for n in needles)
    roots = [paths.home, Path(os.environ.get("TMPDIR", "/tmp")), Path.home()]
    for path in files_written_since(started, roots):
        with path.open("rb") as f:
            content = f.read(200 * 1024 * 1024)
        assert b"fLaC" not in content, f"a FLAC stream was written to {path}"
        hit = [n for n in needles if n in content]
        assert not hit, f"the voice note's audio is in {path}: {hit!r}"


def test_playing_renaming_and_deleting_a_voice_note(
    qtbot: QtBot, unlocked: MainWindow, microphone: dict[str, str]
) -> None:
    voice = recall_page(unlocked)
    record(qtbot, voice, microphone, "a short one")
    [row] = voice.rows
    with qtbot.waitSignal(voice.player.playing, timeout=10_000, check_params_cb=lambda p: p):
        row.play.click()
    assert row.play.accessibleName().startswith("Stop playing")
    with qtbot.waitSignal(voice.player.playing, timeout=10_000, check_params_cb=lambda p: not p):
        pass  # it plays to the end
    assert row.play.accessibleName().startswith("Play")
    voice.rename(row.attachment, "The morning after")
    [row] = voice.rows
    assert row.attachment.name == "The morning after" and "Renamed" in voice.status.text()
    voice.delete(row.attachment)
    assert voice.rows == [] and "Deleted The morning after" in voice.status.text()


def test_the_keyboard_records_and_a_lock_keeps_what_is_being_recorded(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, microphone: dict[str, str]
) -> None:
    unlocked.new_free_entry()
    editor = unlocked.editor
    voice = editor.voice
    assert voice is not None and editor.entry is not None
    uid = editor.entry.uid
    with qtbot.waitSignal(voice.recorder.listening, timeout=20_000):
        QTest.keyClick(editor.body.edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    speaker = speak(microphone, "locking now")
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    attachments = editor.attachments
    assert attachments is not None
    unlocked.save_pending()  # what locking and quitting do first
    [note] = attachments.of_entry(uid)
    assert note.duration_ms and note.duration_ms > 500
    controller.lock()


def test_without_a_microphone_the_control_says_so_in_one_sentence(tmp_path: Path) -> None:
    """In a process of its own: Qt reads the audio devices once per process."""
    env = dict(
        os.environ, PULSE_SERVER=f"unix:{tmp_path}/nothing-here", QT_QPA_PLATFORM="offscreen"
    )
    code = (
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from kapjournal.ui.audio import no_microphone_reason; print(no_microphone_reason())"
    )
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=60)  # fmt: skip
    assert r.stdout.strip() == "No microphone was found. Connect one, then try again.", r.stderr


def test_start_up_and_an_open_entry_do_not_load_qt_multimedia(tmp_path: Path) -> None:
    """QtMultimedia (and its FFmpeg) load when a recording or playback starts, not before:
    the app, an entry with its voice-note control, and a kept note listed, in a fresh process."""
    code = """
import sys
from kapjournal.services.opening import create_journal
from kapjournal.paths import Paths
from kapjournal.storage.repository import Repository
from kapjournal.settings import Settings
from kapjournal.ui.app import AppController, create_application
app = create_application([])
paths = Paths.from_environment()
opened = create_journal(paths.default_vault, "a long enough passphrase here")
controller = AppController(paths, Settings(crisis_region="US"))
controller.start()
controller.on_unlocked(opened, False)
window = controller.main
window.start_entry("kapjournal.core/recall")
uid = window.editor._ensure_saved()
opened.attachments.add_file(uid, __import__("pathlib").Path(sys.argv[1]))
window.new_free_entry()
window.open_uid(uid)
assert window.editor.voice is not None and len(window.editor.voice.rows) == 1
print(sorted(m for m in sys.modules if "QtMultimedia" in m))
controller.lock()
"""
    env = dict(os.environ, KAPJOURNAL_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    recall = Path(__file__).parents[1] / "fixtures" / "audio" / "recall.flac"
    r = subprocess.run(
        [sys.executable, "-c", code, str(recall)], env=env, capture_output=True, text=True,
        timeout=120, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]", r.stdout


def test_opening_another_entry_keeps_the_recording_and_the_next_one_works(
    qtbot: QtBot, unlocked: MainWindow, microphone: dict[str, str]
) -> None:
    """The entry's page, and its recorder, go when another entry opens: what was being
    recorded is kept first, and the new page records."""
    voice = recall_page(unlocked)
    attachments = unlocked.editor.attachments
    first = unlocked.editor.entry
    assert attachments is not None and first is not None
    with qtbot.waitSignal(voice.recorder.listening, timeout=20_000):
        voice.record.click()
    speaker = speak(microphone, "the first one")
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    unlocked.new_free_entry()
    assert [a.kind for a in attachments.of_entry(first.uid)] == ["audio"], "kept on the way"
    again = unlocked.editor.voice
    assert again is not None and again is not voice
    record(qtbot, again, microphone, "and the second")
    assert len(again.rows) == 1


def test_a_recorder_dropped_right_after_recording_does_not_break_the_next(
    qtbot: QtBot, microphone: dict[str, str]
) -> None:
    """Dropping a Recorder (Python owning it) right after `wait()` once deleted its capture
    parts at once, and the next recording in the process died of SIGBUS."""
    from kapjournal.ui.audio import Recorder

    for _ in range(3):
        recorder = Recorder()
        with qtbot.waitSignal(recorder.listening, timeout=20_000):
            recorder.start()
        kept: list[int] = []
        recorder.finished.connect(lambda _data, ms, kept=kept: kept.append(ms))
        recorder.wait()
        assert kept and kept[0] > 0
        del recorder


def test_speaking_is_not_idle_time(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, microphone: dict[str, str]
) -> None:
    voice = recall_page(unlocked)
    with qtbot.waitSignal(voice.recorder.listening, timeout=20_000):
        voice.record.click()
    controller.idle.idle.emit()  # the idle time has run out while the patient speaks
    assert controller.main is not None and voice.recorder.is_recording(), "still recording"
    with qtbot.waitSignal(voice.recorder.finished, timeout=20_000):
        voice.record.click()
    controller.idle.idle.emit()
    assert controller.main is None, "once it is kept, idle time locks as before"


def test_a_recording_the_journal_cannot_take_yet_is_held_and_kept_on_retry(
    qtbot: QtBot, unlocked: MainWindow, side_repo: Repository, microphone: dict[str, str]
) -> None:
    voice = recall_page(unlocked)
    attachments = unlocked.editor.attachments
    assert attachments is not None
    # Another kapjournal holds the write lock; the app waits only briefly for it here.
    unlocked.service._repo.vault.conn.execute("PRAGMA busy_timeout = 50")  # noqa: SLF001
    with side_repo.vault.transaction():
        record(qtbot, voice, microphone, "held for a moment")
    assert voice.rows == [] and voice.unkept is not None
    assert "held in memory" in voice.error.accessibleName() and voice.retry.isVisibleTo(voice)
    voice.retry.click()
    assert len(voice.rows) == 1 and voice.unkept is None and not voice.retry.isVisibleTo(voice)
    entry = unlocked.editor.entry
    assert entry is not None and [a.kind for a in attachments.of_entry(entry.uid)] == ["audio"]
