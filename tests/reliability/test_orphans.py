"""Point 8: at the end of every run under the run guard the plugin checks that no
process the harness started is left (stopping and reporting any, and failing the
run); zombies and processes the harness did not start (a test author's own) are
not counted."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from reliability_helpers import InnerRun

from harness import processes
from harness.orphans import new_tag

# allowed-sleep: a process that runs until it is stopped.
SLEEPER = ["sleep", "600"]


@pytest.fixture
def tag() -> str:
    return new_tag("unit")


@pytest.fixture
def sleeper(tag: str) -> Iterator[subprocess.Popen[bytes]]:
    """A process carrying `tag`, as one a run started would."""
    proc = subprocess.Popen(SLEEPER, env=processes.with_tag(dict(os.environ), tag))
    yield proc
    proc.kill()
    proc.wait()


def test_a_tagged_process_is_found_and_stopped(tag: str, sleeper: subprocess.Popen[bytes]) -> None:
    assert processes.tagged(tag) == [sleeper.pid]
    described = processes.describe(sleeper.pid)
    assert described == f"sleep (pid {sleeper.pid})"
    assert processes.kill_tagged(tag) == [described]
    assert sleeper.poll() is not None  # stopped (and reaped by stop())
    assert processes.tagged(tag) == []


def test_a_zombie_is_not_counted(tag: str) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"], env=processes.with_tag(dict(os.environ), tag))
    # Wait for it to exit without reaping it (WNOWAIT leaves it a zombie).
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    try:
        assert not processes.alive(proc.pid)
        assert processes.tagged(tag) == []
    finally:
        proc.wait()


def test_tags_accumulate_down_the_tree() -> None:
    env = processes.with_tag(processes.with_tag({"PATH": "/bin"}, "outer"), "inner")
    tags = env[processes.TAGS_ENV].split(",")
    assert tags.index("outer") < tags.index("inner") == len(tags) - 1
    assert env["PATH"] == "/bin"


INNER = """
import os, subprocess, sys
from harness import processes

SLEEPER = ["sleep", "600"]  # allowed-sleep: a process that runs until it is stopped
kept = []

def test_leaks_a_process_the_harness_started():
    # Started the way the harness starts a browser's driver: tagged by processes.with_tag.
    proc = subprocess.Popen(SLEEPER, env=processes.with_tag(os.environ, "a-browser"))
    kept.append(proc)
    tell(leaked=proc.pid)

def test_leaves_a_zombie_and_a_process_of_its_own():
    zombie = subprocess.Popen([sys.executable, "-c", "pass"], env=processes.with_tag(os.environ, "a-browser"))
    os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)
    kept.append(zombie)
    own = subprocess.Popen(SLEEPER)  # the test's own subprocess: not the harness's business
    kept.append(own)
    tell(zombie=zombie.pid, own=own.pid)
"""


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["no-xdist", "xdist"])
def test_a_run_that_leaves_a_process_fails_and_stops_it(inner: InnerRun, listener, workers: list[str]) -> None:  # type: ignore[no-untyped-def]
    inner.write("test_inner.py", INNER)
    inner.start("-q", *workers)
    news = {}
    for _ in range(2):
        news.update(listener.receive("the inner tests' pids"))
    code, out = inner.finish()
    try:
        assert code == 1, out
        assert "2 passed" in out, out
        assert "harness: processes left running by this run (now stopped)" in out, out
        assert f"(pid {news['leaked']})" in out, out
        assert f"(pid {news['zombie']})" not in out, out
        assert f"(pid {news['own']})" not in out, out
        assert not processes.alive(news["leaked"])
        assert processes.alive(news["own"]), "a process the harness did not start was stopped"
    finally:
        processes.stop([news["own"]])
