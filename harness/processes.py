"""Stopping processes so that none outlives the run that started it:
a process and all its descendants, SIGTERM first, SIGKILL after a grace period.

Finding processes (children, descendants, tags) reads Linux's /proc. Without it
(macOS, Windows) nothing is found and nothing crashes: `available()` says so,
and the run guard turns itself off (harness.runcheck)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from .timeouts import DEFAULT

PROC = Path("/proc")


def available() -> bool:
    """Whether this platform has /proc, which finding processes needs."""
    return (PROC / "self" / "stat").is_file()


def _pids() -> list[int]:
    """Every pid in /proc; none without it."""
    try:
        return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]
    except OSError:
        return []


def children(pid: int) -> list[int]:
    """Direct children of pid, from /proc (Linux)."""
    found = []
    for child in _pids():
        try:
            stat = (PROC / str(child) / "stat").read_text()
        except OSError:
            continue
        # Field 4 is the parent pid; the command name (field 2) may hold spaces.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(child)
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
    """True while pid exists and is not a zombie (without /proc: while it exists, on POSIX)."""
    if not available():
        if os.name != "posix":
            return False  # no signal 0 there: os.kill would end the process
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        state = (PROC / str(pid) / "stat").read_text()
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


def kill_tree(pid: int, grace: float | None = None) -> None:
    """Stop pid and its descendants: SIGTERM, then SIGKILL whatever is left
    after `grace` seconds."""
    stop([pid, *descendants(pid)], grace)


def stop(pids: list[int], grace: float | None = None) -> None:
    """SIGTERM every pid, then SIGKILL whatever is left after `grace` seconds
    (default: the stop grace of harness.timeouts)."""
    _signal(pids, signal.SIGTERM)
    deadline = time.monotonic() + (DEFAULT.scaled(DEFAULT.stop_grace) if grace is None else grace)
    while time.monotonic() < deadline:
        for p in pids:
            _reap(p)
        if not any(alive(p) for p in pids):
            return
        time.sleep(0.05)  # allowed-sleep: no exit event exists for processes that are not our children
    _signal([p for p in pids if alive(p)], signal.SIGKILL)
    for p in pids:
        _reap(p)


def interrupt_group(process: subprocess.Popen[bytes], grace: float) -> None:
    """Stop a child started with `start_new_session=True` (e.g. a pytest run, xdist workers included)
    as Ctrl-C would: one SIGINT to its process group, time to tear down, then SIGKILL what is left.
    Its own session means a terminal's Ctrl-C reaches it once, from here, not twice (a second
    KeyboardInterrupt would cut pytest's teardown short)."""
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        print(f"pid {process.pid} did not stop within {grace:g}s of Ctrl-C: killing it", file=sys.stderr, flush=True)
    except ProcessLookupError:
        pass  # it had already ended
    try:
        os.killpg(process.pid, signal.SIGKILL)  # whatever of its group outlived it
    except ProcessLookupError:
        pass
    process.wait()


# -- tags: finding every process the harness started, wherever it was re-parented --
#
# Each process the harness starts (a Browser's geckodriver, hence Firefox and
# its helpers) gets, in its environment, a comma-separated list of tags: one
# per Browser it descends from and, while the run guard is on, the tags of the
# guarded pytest process (controller, worker) that started it. Environment
# variables are inherited by every child, including Firefox helpers that
# re-parent themselves to pid 1 (crashhelper), so a tag finds them where the
# process tree does not. The pytest process's own environment is not tagged:
# subprocesses a test author starts are not the harness's and carry no run tag.

TAGS_ENV = "HARNESS_PROCESS_TAGS"

# Set by the run guard (harness.orphans.RunGuard) for the pytest process it guards.
_run_tags: tuple[str, ...] = ()


def set_run_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Make `tags` the ones with_tag adds for the run guard; return the previous ones."""
    global _run_tags
    previous, _run_tags = _run_tags, tags
    return previous


def with_tag(environ: Mapping[str, str], tag: str) -> dict[str, str]:
    """A copy of `environ` for a process the harness starts: its tag list also
    holds `tag` and, while the run guard is on, the run's tags."""
    tags = [t for t in environ.get(TAGS_ENV, "").split(",") if t]
    tags += [t for t in (*_run_tags, tag) if t not in tags]
    return {**environ, TAGS_ENV: ",".join(tags)}


def _tags_of(pid: int) -> list[str]:
    try:
        environ = (PROC / str(pid) / "environ").read_bytes()
    except OSError:  # gone, or not ours to read
        return []
    for entry in environ.split(b"\0"):
        if entry.startswith(TAGS_ENV.encode() + b"="):
            return entry.split(b"=", 1)[1].decode(errors="replace").split(",")
    return []


def tagged(tag: str) -> list[int]:
    """Running processes (not zombies) whose environment carries `tag`, except
    this one. A zombie has exited: the kernel empties its environment, and it
    holds nothing but a pid until its parent reaps it."""
    me = os.getpid()
    found = [pid for pid in _pids() if pid != me and tag in _tags_of(pid)]
    return [pid for pid in found if alive(pid)]


def describe(pid: int) -> str:
    """`name (pid N)`, for reports."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        name = stat[stat.find("(") + 1 : stat.rfind(")")]
    except OSError:
        name = "?"
    return f"{name} (pid {pid})"


def kill_tagged(tag: str, grace: float | None = None) -> list[str]:
    """Stop every running process carrying `tag`; return what was running."""
    pids = tagged(tag)
    described = [describe(pid) for pid in pids]
    stop(pids, grace)
    return described
