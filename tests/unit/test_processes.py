"""harness.processes on psutil: finding processes, the stop escalation (SIGTERM, then SIGKILL
after the grace), nothing found and nothing crashing where processes cannot be listed; and the
run guard's tags go only into the environments the harness makes (processes.with_tag).
stop reaps what it ends, so a Popen's own wait no longer sees the exit status: these tests ask alive()."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from harness import processes

# Ignores SIGTERM, so only SIGKILL ends it; prints once the handler is in place.
STUBBORN = (
    "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\n"
    "time.sleep(60)"  # allowed-sleep: idles until stopped
)
SLEEPER = "import time\nprint('ready', flush=True)\ntime.sleep(60)"  # allowed-sleep: idles until stopped

# Starts a STUBBORN child and prints once that child is ready: a process tree of two.
PARENT = (
    "import subprocess,sys\n"
    f"kid = subprocess.Popen([sys.executable, '-c', {STUBBORN!r}], stdout=subprocess.PIPE, text=True)\n"
    "kid.stdout.readline()\nprint('ready', flush=True)\nkid.wait()"
)


@pytest.fixture
def spawn() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start `python -c code` and wait until it prints `ready`; stopped and closed afterwards."""
    started: list[subprocess.Popen[str]] = []

    def start(code: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        started.append(child)
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        return child

    yield start
    for child in started:
        child.kill()
        child.wait()
        assert child.stdout is not None
        child.stdout.close()


def test_without_process_listing_nothing_is_found_and_nothing_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "ENABLED", False)
    assert not processes.available()
    me = os.getpid()
    assert processes.children(os.getppid()) == []
    assert processes.descendants(me) == []
    assert processes.tagged("any") == []
    assert processes.kill_tagged("any") == []
    assert processes.describe(me) == f"? (pid {me})"
    assert processes.alive(me)


def test_this_process_is_found() -> None:
    assert processes.available()
    assert os.getpid() in processes.children(os.getppid())
    assert processes.alive(os.getpid())


def test_stop_ends_a_willing_process_within_the_grace(spawn: Callable[..., subprocess.Popen[str]]) -> None:
    child = spawn(SLEEPER)
    assert child.pid in processes.children(os.getpid())
    started = time.monotonic()
    processes.stop([child.pid], grace=10)
    assert time.monotonic() - started < 5  # SIGTERM sufficed: no wait for the grace
    assert not processes.alive(child.pid)


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM cannot be ignored on Windows")
def test_stop_kills_what_ignores_sigterm_after_the_grace(spawn: Callable[..., subprocess.Popen[str]]) -> None:
    child = spawn(STUBBORN)
    started = time.monotonic()
    processes.stop([child.pid], grace=0.3)
    assert time.monotonic() - started >= 0.3
    assert not processes.alive(child.pid)


def test_kill_tree_stops_the_descendants(spawn: Callable[..., subprocess.Popen[str]]) -> None:
    parent = spawn(PARENT)
    (grandchild,) = processes.descendants(parent.pid)
    processes.kill_tree(parent.pid, grace=0.3)
    assert not processes.alive(parent.pid)
    assert not processes.alive(grandchild)


def test_stop_of_gone_pids_returns(spawn: Callable[..., subprocess.Popen[str]]) -> None:
    child = spawn("print('ready', flush=True)")
    child.wait()
    processes.stop([child.pid], grace=0.1)


def test_run_tags_go_into_the_environments_with_tag_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "_run_tags", ())
    assert processes.with_tag({}, "browser-1") == {processes.TAGS_ENV: "browser-1"}
    previous = processes.set_run_tags(("run-1", "run-1/gw0"))
    try:
        env = processes.with_tag({processes.TAGS_ENV: "outer", "PATH": "/bin"}, "browser-1")
        assert env == {processes.TAGS_ENV: "outer,run-1,run-1/gw0,browser-1", "PATH": "/bin"}
        assert processes.with_tag(env, "browser-1") == env  # no tag twice
        assert processes.TAGS_ENV not in os.environ or "run-1" not in os.environ[processes.TAGS_ENV]
    finally:
        assert processes.set_run_tags(previous) == ("run-1", "run-1/gw0")


def test_tagged_finds_a_process_by_its_environment(spawn: Callable[..., subprocess.Popen[str]]) -> None:
    env = processes.with_tag(dict(os.environ), "unit-tag-check")
    child = spawn(SLEEPER, env)
    assert processes.tagged("unit-tag-check") == [child.pid]
    assert processes.kill_tagged("unit-tag-check", grace=1)[0].endswith(f"(pid {child.pid})")


def test_stop_family_stops_roots_descendants_and_the_tagged(spawn: Callable[..., subprocess.Popen[str]]) -> None:
    """One stop for what a Connection or a Grid started: a root with a child, and a helper
    outside the tree that only carries the tag (as Firefox's re-parented crashhelper does)."""
    root = spawn(PARENT)
    (child,) = processes.descendants(root.pid)
    helper = spawn(SLEEPER, processes.with_tag(dict(os.environ), "unit-family"))
    bystander = spawn(SLEEPER)
    processes.stop_family([root.pid], "unit-family", grace=0.3)
    assert not any(processes.alive(pid) for pid in (root.pid, child, helper.pid))
    assert processes.alive(bystander.pid)
