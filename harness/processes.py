"""Stopping processes so that none outlives the run that started it:
a process and all its descendants, SIGTERM first, SIGKILL after a grace period.

Finding processes (children, descendants, tags) goes through psutil, which
works on Linux, macOS and Windows. Where psutil cannot list processes,
`available()` says so and the run guard turns itself off (harness.runcheck)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping

import psutil

from .timeouts import DEFAULT

# False turns process finding off (tests plant it to check the guard's fallback).
ENABLED = True


def available() -> bool:
    """Whether processes can be listed on this platform."""
    if not ENABLED:
        return False
    try:
        psutil.pids()
    except (psutil.Error, OSError, NotImplementedError):
        return False
    return True


def _process(pid: int) -> psutil.Process | None:
    try:
        return psutil.Process(pid)
    except (psutil.Error, ValueError):
        return None


def children(pid: int) -> list[int]:
    """Direct children of pid."""
    process = _process(pid) if available() else None
    if process is None:
        return []
    try:
        return [child.pid for child in process.children()]
    except psutil.Error:
        return []


def descendants(pid: int) -> list[int]:
    """pid's children, grandchildren, ... (not pid itself)."""
    process = _process(pid) if available() else None
    if process is None:
        return []
    try:
        return [child.pid for child in process.children(recursive=True)]
    except psutil.Error:
        return []


def alive(pid: int) -> bool:
    """True while pid exists and is not a zombie."""
    process = _process(pid)
    if process is None:
        return False
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _wait(found: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait up to `timeout` seconds for `found` to exit; return those still running.
    A zombie counts as gone: a non-child one (a Firefox helper re-parented to pid 1)
    may stay one for as long as pid 1 pleases, and psutil would wait for it."""
    deadline = time.monotonic() + timeout
    left = found
    while left:
        _, left = psutil.wait_procs(left, timeout=max(0.0, min(DEFAULT.zombie_check, deadline - time.monotonic())))
        left = [p for p in left if alive(p.pid)]
        if time.monotonic() >= deadline:
            break
    return left


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait up to `timeout` seconds for `pids` to exit; return those still running."""
    return [p.pid for p in _wait([p for p in (_process(pid) for pid in pids) if p is not None], timeout)]


def kill_tree(pid: int, grace: float | None = None) -> None:
    """Stop pid and its descendants: SIGTERM, then SIGKILL whatever is left
    after `grace` seconds."""
    stop_family([pid], None, grace)


def stop_family(roots: list[int], tag: str | None, grace: float | None = None) -> None:
    """Stop a family of processes at once, with one grace period: the roots,
    all their descendants, and whatever else carries `tag` (helpers that were
    re-parented away from the roots). What a Connection and a Grid stop."""
    family = {pid for root in roots for pid in (root, *descendants(root))}
    if tag:
        family.update(tagged(tag))
    stop(sorted(family), grace)


def stop(pids: list[int], grace: float | None = None) -> None:
    """SIGTERM every pid, then SIGKILL whatever is left after `grace` seconds
    (default: the stop grace of harness.timeouts). Zombies that are our
    children are reaped."""
    found = [p for p in (_process(pid) for pid in pids) if p is not None]
    for process in found:
        try:
            process.terminate()
        except psutil.Error:
            pass
    timeout = DEFAULT.scaled(DEFAULT.stop_grace) if grace is None else grace
    left = _wait(found, timeout)
    for process in left:
        try:
            process.kill()
        except psutil.Error:
            pass
    _wait(left, timeout)


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


def _tags_of(process: psutil.Process | None) -> list[str]:
    if process is None:
        return []
    try:
        value = process.environ().get(TAGS_ENV, "")
    except (psutil.Error, OSError):  # gone, or not ours to read
        return []
    return value.split(",") if value else []


def tagged(tag: str) -> list[int]:
    """Running processes (not zombies) whose environment carries `tag`, except
    this one. A zombie has exited: the kernel empties its environment, and it
    holds nothing but a pid until its parent reaps it."""
    if not available():
        return []
    me = os.getpid()
    # Fresh Process objects, not psutil.process_iter()'s cache: a cached one of a pid that
    # has since been reused describes the old process.
    found = [pid for pid in psutil.pids() if pid != me and tag in _tags_of(_process(pid))]
    return [pid for pid in found if alive(pid)]


def describe(pid: int) -> str:
    """`name (pid N)`, for reports."""
    process = _process(pid) if available() else None
    try:
        name = process.name() if process is not None else "?"
    except psutil.Error:
        name = "?"
    return f"{name} (pid {pid})"


def kill_tagged(tag: str, grace: float | None = None) -> list[str]:
    """Stop every running process carrying `tag`; return what was running."""
    pids = tagged(tag)
    described = [describe(pid) for pid in pids]
    stop(pids, grace)
    return described
