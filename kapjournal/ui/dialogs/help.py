"""Help menu texts: about, privacy, no medical advice, and the user guide shipped in the package."""

from __future__ import annotations

from importlib import resources

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from kapjournal import __version__
from kapjournal.i18n import N_
from kapjournal.ui.widgets import MarkdownView, fit_to_screen, named, tr

NO_ADVICE = N_(
    "kapjournal is a journal, not a medical device. It gives no medical or dosing advice: "
    "questions about your treatment, medication or doses belong with your clinic."
)

PRIVACY = N_(
    "## Privacy\n\n"
    "- kapjournal works entirely offline. It makes **no network connection** of any kind: no "
    "telemetry, no update checks, no remote fonts or images.\n"
    "- Your journal is **encrypted** on disk (SQLCipher, AES-256). Without your passphrase it "
    "cannot be read, and nobody can recover a forgotten passphrase.\n"
    "- **You decide what leaves.** An export for your therapist contains only the entries you "
    "choose; answers you mark private never leave. The journal keeps a list of what was "
    "exported, when, and in which format.\n"
    "- **Nobody monitors this journal.** If you are in crisis, use Help → Crisis resources."
)


def _shipped(name: str) -> str | None:
    try:
        return (resources.files("kapjournal") / "docs" / name).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None


def user_guide() -> str:
    return _shipped("user-guide.md") or tr("The user guide is missing from this installation.")


def privacy_text() -> str:
    return tr(PRIVACY)


def about_text() -> str:
    return (
        tr(
            "## kapjournal {version}\n\n"
            "An encrypted, offline journal for ketamine-assisted psychotherapy: preparation before "
            "each session, recall right after it, integration in the days that follow.\n\n"
            "{advice}\n\n"
            "Questionnaires: PHQ-9 and GAD-7 (Spitzer, Williams, Kroenke and colleagues, with an "
            "educational grant from Pfizer; no permission required) and PCL-5 (National Center for "
            "PTSD, public domain)."
        ).format(version=__version__, advice=tr(NO_ADVICE))
        + "\n\n"
        + (
            _shipped("third-party.md")
            or tr("The licence notices are missing from this installation.")
        )
    )


class TextDialog(QDialog):
    def __init__(
        self, name: str, title: str, markdown_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        named(self, name, title)
        self.setWindowTitle(title)
        fit_to_screen(self, 640, 560)
        layout = QVBoxLayout(self)
        self.view = MarkdownView(f"{name}Text", title, self)
        self.view.set_markdown_text(markdown_text)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), f"{name}Close", tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def help_dialog(kind: str, parent: QWidget | None) -> TextDialog:
    """The user guide, the privacy page or About, by `kind`."""
    title, text = {
        "guide": (tr("User guide"), user_guide()),
        "privacy": (tr("Privacy"), privacy_text()),
        "about": (tr("About kapjournal"), about_text()),
    }[kind]
    return TextDialog(f"help_{kind}", title, text, parent)
