"""Keep the journal out of crash dumps: the process holds the key and, while unlocked, the text.

Called first thing by every front door; each platform takes the steps it has (STEPS), and a
step that fails is skipped: nothing here may stop the app from starting.

- Linux: no core file (RLIMIT_CORE 0) and not dumpable (PR_SET_DUMPABLE 0, as KeePassXC does),
  which also keeps other processes of the same user from attaching a debugger or reading
  /proc/<pid>/mem.
- macOS: no core file (RLIMIT_CORE 0). There is no prctl; other programs of the same user are
  kept out by the system's own rules for signed apps, not by this code.
- Windows: no crash dialog, and Windows Error Reporting told to leave the heap, where the key
  and the text are, out of any report it makes of this process (SetErrorMode, WerSetFlags
  with WER_FAULT_REPORTING_FLAG_NOHEAP). Windows has no core-file limit, and a dump an
  administrator's LocalDumps policy asks for is not this process's to refuse.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
WER_FAULT_REPORTING_FLAG_NOHEAP = 0x1

Loader = Callable[[str], Any]  # a system library by name: ctypes' loader, or a test's stand-in


def no_core_files(load: Loader) -> bool:
    if sys.platform == "win32":
        return False  # Windows writes no core files, and has no limit to set
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, OSError, ValueError):
        return False
    return True


def not_dumpable(load: Loader) -> bool:
    try:
        return bool(load("c").prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def no_error_report_dumps(load: Loader) -> bool:
    try:
        kernel32 = load("kernel32")
        kernel32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)
        return bool(kernel32.WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP) == 0)  # S_OK
    except (OSError, AttributeError):
        return False


STEPS: dict[str, tuple[Callable[[Loader], bool], ...]] = {
    "linux": (no_core_files, not_dumpable),
    "darwin": (no_core_files,),
    "win32": (no_error_report_dumps,),
}


def platform_key(platform: str) -> str:
    return "linux" if platform.startswith("linux") else platform


def harden_process(platform: str | None = None, load: Loader | None = None) -> list[str]:
    """Take this platform's steps; the names of those that held."""
    key = platform_key(sys.platform if platform is None else platform)
    steps = STEPS.get(key, (no_core_files,))
    return [step.__name__ for step in steps if step(load or system_library)]


def dumpable() -> bool | None:
    """Whether this process may be dumped or attached to (None where it cannot be told)."""
    if platform_key(sys.platform) != "linux":
        return None
    try:
        return bool(system_library("c").prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    except (OSError, AttributeError):
        return None


def system_library(name: str) -> Any:
    """A system library: "c" is the C library the interpreter already has loaded (its
    symbols, without looking for the library on disk: ctypes.util.find_library runs ldconfig
    in a subprocess, 8 ms at every start of the command line); others by name (Windows)."""
    import ctypes

    if name == "c":
        return ctypes.CDLL(None, use_errno=True)
    if sys.platform == "win32":
        return ctypes.WinDLL(name, use_last_error=True)
    raise OSError(f"no {name} library here")
