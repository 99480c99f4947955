"""The passphrase strength rule, one for every front door: zxcvbn's score, its advice in the
reader's language, and the least score a new passphrase or PDF password may have.

zxcvbn writes its advice in English through the default gettext domain, which no catalogue of
ours reaches, so its sentences are listed here for our catalogue and translated when shown.
zxcvbn itself is imported on the first check, not at start-up (start-up time).
"""

from __future__ import annotations

from kapjournal.i18n import N_, tr

STRENGTH = [N_("Very weak"), N_("Weak"), N_("Fair"), N_("Strong"), N_("Very strong")]
MIN_SCORE = 2

# Every sentence zxcvbn 4.5's feedback.py can return, word for word.
ADVICE = (
    N_("Add another word or two. Uncommon words are better."),
    N_("Capitalization doesn't help very much."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("This is a top-10 common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Dates are often easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Avoid dates and years that are associated with you."),
)


def strength(passphrase: str) -> tuple[int, str]:
    """A 0-4 score and one line of advice; zxcvbn looks only at the first 100 characters."""
    if not passphrase:
        return 0, ""
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:100])
    fb = result["feedback"]
    advice = fb.get("warning") or " ".join(fb.get("suggestions", [])[:1])
    return int(result["score"]), tr(advice) if advice else ""


def strong_enough(secret: str) -> bool:
    """Whether a new passphrase or a PDF password passes the app's rule (score >= MIN_SCORE)."""
    return strength(secret)[0] >= MIN_SCORE
