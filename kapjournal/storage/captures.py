"""The key that notes captured while the journal was locked are sealed to, and the record
of those already brought in, in the vault."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from kapjournal.storage.timestamps import ts

if TYPE_CHECKING:
    from kapjournal.storage.vault import Vault


class CaptureRecords:
    """Records builds on this: the capture key and the merged captures."""

    vault: Vault

    def capture_key(self) -> tuple[bytes, bytes] | None:
        """The journal's capture key pair (private, public), or None before it is made."""
        row = self.vault.conn.execute(
            "SELECT private_key, public_key FROM capture_key WHERE id = 1"
        ).fetchone()
        return (bytes(row[0]), bytes(row[1])) if row else None

    def keep_capture_key(self, private: bytes, public: bytes, now: datetime) -> None:
        """Keep this key pair unless one is kept already."""
        with self.vault.transaction() as c:
            c.execute(
                "INSERT OR IGNORE INTO capture_key (id, private_key, public_key, created_at) "
                "VALUES (1,?,?,?)",
                (private, public, ts(now)),
            )

    def merged_captures(self) -> set[str]:
        return {r[0] for r in self.vault.conn.execute("SELECT name FROM captures_merged")}

    def mark_merged(self, name: str, entry_uid: str, now: datetime) -> None:
        """Inside the merge's transaction: this capture is in the journal now."""
        with self.vault.transaction() as c:
            c.execute(
                "INSERT INTO captures_merged (name, entry_uid, merged_at) VALUES (?,?,?)",
                (name, entry_uid, ts(now)),
            )
