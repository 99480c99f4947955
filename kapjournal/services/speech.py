"""Voice notes into words, entirely offline, with a speech model the person installed.

A model is a Vosk model folder (https://alphacephei.com/vosk/models) put in the data
folder's `speech-models/`. kapjournal never downloads one, and only ever hands Vosk a folder
(never a model name, which is what would make it fetch one). Recognition reads 16 kHz mono
16-bit PCM, which the front door decodes from the note's FLAC in memory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Any

from kapjournal.errors import StorageError
from kapjournal.i18n import current_language, tr

RATE = 16_000
CHUNK = RATE * 2 * 4  # four seconds of samples at a time
_loaded: dict[Path, Any] = {}
_loading = Lock()


class SpeechError(StorageError):
    """One sentence: no model, or one that does not load."""


@dataclass(frozen=True)
class SpeechModel:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


def is_model(folder: Path) -> bool:
    """A Vosk model: its acoustic model and its configuration are there."""
    return (folder / "am" / "final.mdl").is_file() and (folder / "conf").is_dir()


def find_model(folder: Path, language: str = "") -> SpeechModel | None:
    """The installed model to use: one whose name has the language's code
    ("vosk-model-small-es-0.42" for Spanish) when there is one, else the first by name."""
    try:
        found = sorted(p for p in folder.iterdir() if p.is_dir() and is_model(p))
    except OSError:
        return None
    if not found:
        return None
    code = (language or current_language()).split("_")[0].lower()
    for p in found:
        if code and code in p.name.lower().replace("_", "-").split("-"):
            return SpeechModel(p)
    return SpeechModel(found[0])


def engine() -> str:
    """For `kapjournal --version`: the speech engine, found from its package's files (so a
    package missing its library says so) without importing it: importing Vosk imports
    `requests`, whose urllib3 opens an IPv6 socket, and the app opens no network socket."""
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    try:
        spec = find_spec("vosk")
        folders = list(spec.submodule_search_locations or []) if spec else []
        found = any(
            Path(folder, name).is_file()
            for folder in folders
            for name in ("libvosk.so", "libvosk.dylib", "libvosk.dll")
        )
        if found:
            return tr("Vosk {version} (offline speech recognition)").format(version=version("vosk"))
    except (ImportError, ValueError, PackageNotFoundError):
        pass
    return tr("Vosk not available: voice notes cannot be written out")


def how_to_add(folder: Path) -> str:
    return tr(
        "To write voice notes out as text, put an offline speech model (a Vosk model folder, "
        "such as vosk-model-small-en-us from alphacephei.com/vosk/models) in {folder}. "
        "kapjournal never downloads one, and nothing you say leaves this computer."
    ).format(folder=folder)


def transcribe(model: SpeechModel, pcm: bytes) -> str:
    """The words heard in 16 kHz mono 16-bit PCM ("" when none were). Slow (seconds): run it
    off the UI thread. The model is loaded once per process."""
    try:
        from vosk import KaldiRecognizer, Model, SetLogLevel
    except ImportError:
        raise SpeechError(tr("Transcription needs the vosk package, which is missing.")) from None
    with _loading:
        loaded = _loaded.get(model.path)
        if loaded is None:
            SetLogLevel(-1)
            try:
                loaded = Model(model_path=str(model.path))
            except Exception:  # Vosk raises a bare Exception for a model it cannot read
                raise SpeechError(
                    tr("The speech model in {folder} could not be loaded.").format(
                        folder=model.path
                    )
                ) from None
            _loaded[model.path] = loaded
    recognizer = KaldiRecognizer(loaded, RATE)
    words = []
    for at in range(0, len(pcm), CHUNK):
        if recognizer.AcceptWaveform(pcm[at : at + CHUNK]):
            words.append(json.loads(recognizer.Result()).get("text", ""))
    words.append(json.loads(recognizer.FinalResult()).get("text", ""))
    return " ".join(w for w in words if w).strip()
