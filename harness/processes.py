"""Stopping processes so that none outlives the run that started it:
a process and all its descendants, SIGTERM first, SIGKILL after a grace period."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """Direct children of pid, from /proc (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 is the parent pid; the command name (field 2) may hold spaces.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """pid's children, grandchildren, ... (not pid itself)."""
    result: list[int] = []
    pending = [pid]
    while pending:
        kids = children(pending.pop())
        result.extend(kids)
        pending.extend(kids)
    return result


def alive(pid: int) -> bool:
    """True while pid exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rfind(")") + 2 :].split()[0] != "Z"


def _signal(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except (ChildProcessError, OSError):
        pass


def kill_tree(pid: int, grace: float = 3.0) -> None:
    """Stop pid and its descendants: SIGTERM, then SIGKILL whatever is left
    after `grace` seconds."""
    pids = [pid, *descendants(pid)]
    _signal(pids, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        for p in pids:
            _reap(p)
        if not any(alive(p) for p in pids):
            return
        time.sleep(0.05)  # allowed-sleep: no exit event exists for processes that are not our children
    _signal([p for p in pids if alive(p)], signal.SIGKILL)
    for p in pids:
        _reap(p)
