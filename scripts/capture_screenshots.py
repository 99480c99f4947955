"""Photograph capturing a note while the journal stays locked (issue 28) from the real windows.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/capture_screenshots.py
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/capture_screenshots.py \\
        --theme dark

Writes docs/screenshots/27-lock-capture.png (the lock screen and its "Capture a note"),
26-capture.png (the dialog with a note typed and a recording finished, from a virtual
microphone as in the tests), 27-lock-capture-sealed.png (the lock screen after sealing), with
-dark for the dark theme; and the main window saying what the next unlock brought in, to
/tmp/kapjournal-capture-unlocked<suffix>.png for a look (not a documented screen).
Uses a throwaway data folder with an empty journal; nothing personal is involved.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import OUT, PASS, NoKeychain, settle, shoot  # noqa: E402

from kapjournal.paths import Paths  # noqa: E402
from kapjournal.services.opening import create_journal  # noqa: E402
from kapjournal.settings import Settings  # noqa: E402
from kapjournal.ui.app import AppController, create_application  # noqa: E402

NOTE = (
    "Just back from the session. The colours came first, then my grandmother's kitchen. "
    "I want to remember how safe that felt."
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--theme", default="light")
    args = ap.parse_args()
    suffix = "" if args.theme == "light" else f"-{args.theme}"
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb" or not os.environ.get("DISPLAY"):
        raise SystemExit("run under xvfb-run so the real window is photographed")
    from tests.ui.virtual_mic import speak, virtual_microphone

    OUT.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="kapjournal-shots-"))
    os.environ["KAPJOURNAL_HOME"] = str(home)
    with virtual_microphone() as env:
        os.environ.update(env)  # before Qt first asks for audio devices
        app = create_application([])
        paths = Paths.from_environment()
        paths.ensure()
        create_journal(paths.default_vault, PASS).lock()  # unlocked once: it has its key
        settings = Settings(theme=args.theme, crisis_region="US")
        settings.remember_vault(paths.default_vault)
        controller = AppController(paths, settings, keys=NoKeychain())
        controller.start()
        window = controller.unlock_window
        assert window is not None
        settle(600)
        window.capture.button.setFocus()
        shoot(window, "27-lock-capture", suffix)

        window.capture.button.click()
        dialog = window.capture.dialog
        assert dialog is not None
        settle()
        dialog.text.setPlainText(NOTE)
        heard: list[bool] = []
        dialog.recorder.listening.connect(lambda: heard.append(True))
        dialog.record.click()
        while not heard:
            settle(100)
        speaker = speak(env, "The light was warm, and I felt my grandmother close by.")
        while speaker.poll() is None:
            settle(100)
        kept: list[bool] = []
        dialog.recorder.finished.connect(lambda *_: kept.append(True))
        dialog.record.click()
        while not kept:
            settle(100)
        dialog.seal.setFocus()
        shoot(dialog, "26-capture", suffix)

        dialog.seal.click()
        while window.capture.dialog is not None:
            settle(100)
        shoot(window, "27-lock-capture-sealed", suffix)

        window.passphrase.setText(PASS)
        window.submit()
        while controller.main is None:
            settle(100)
        settle(800)
        main = controller.main  # looked at, not kept: the notice in the status bar
        assert main is not None
        main.grab().save(
            str(Path(tempfile.gettempdir()) / f"kapjournal-capture-unlocked{suffix}.png")
        )
        controller.quit()
        del app


if __name__ == "__main__":
    main()
