"""kapjournal: an encrypted, offline journal for ketamine-assisted psychotherapy."""

__version__ = "0.1.0"
