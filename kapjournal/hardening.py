"""Keep the journal out of crash dumps: the process holds the key and, while unlocked, the text.

As KeePassXC does: no core file (RLIMIT_CORE 0) and, on Linux, not dumpable (PR_SET_DUMPABLE
0), which also keeps other processes of the same user from attaching a debugger or reading
/proc/<pid>/mem. Called first thing by every front door. Where a step is not available (macOS
has no prctl, Windows neither) it is skipped; nothing here may stop the app from starting.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def harden_process() -> None:
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            _libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def dumpable() -> bool | None:
    """Whether this process may be dumped or attached to (None where it cannot be told)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return bool(_libc().prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    except (OSError, AttributeError):
        return None


def _libc() -> Any:
    """The C library the interpreter already has loaded: its symbols, without looking for the
    library on disk (ctypes.util.find_library runs ldconfig in a subprocess, 8 ms at every
    start of the command line)."""
    import ctypes

    return ctypes.CDLL(None, use_errno=True)
