"""Point 3: a pytest run interrupted in the middle of a test (SIGINT as from
Ctrl-C, SIGTERM as from a CI runner, or one xdist worker killed) ends within
10 s and leaves no browser process and no temporary profile behind."""

from __future__ import annotations

import os
import signal

import pytest
from reliability_helpers import InnerRun, Listener

from harness import processes

# Seconds the interrupted run has to exit (the bound; scaled by HARNESS_TIMEOUT_MULTIPLIER).
EXIT_WITHIN = 10.0

INNER = """
import os

def test_in_the_middle(browser):
    tell(pytest_pid=os.getpid(), firefox=browser.browser_pid, geckodriver=browser.driver_pid)
    browser.execute("await new Promise(() => {});", timeout=600)
"""


@pytest.mark.parametrize(
    ("sig", "target", "xdist"),
    [
        pytest.param(signal.SIGINT, "group", False, id="SIGINT-to-the-process-group"),
        pytest.param(signal.SIGTERM, "pytest", False, id="SIGTERM-to-pytest"),
        pytest.param(signal.SIGTERM, "controller", True, id="SIGTERM-to-the-xdist-controller"),
        pytest.param(signal.SIGINT, "group", True, id="SIGINT-to-an-xdist-process-group"),
    ],
)
def test_an_interrupted_run_exits_and_leaves_nothing(
    inner: InnerRun, listener: Listener, sig: signal.Signals, target: str, xdist: bool
) -> None:
    inner.write("test_inner.py", INNER)
    proc = inner.start("-q", *(["-n", "1"] if xdist else []))
    info = listener.receive("the inner test to be in the middle of its browser call")
    if target == "group":
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    code, out = inner.finish(timeout=EXIT_WITHIN)
    assert code == 2, f"expected pytest's 'interrupted' exit code 2:\n{out}"
    assert inner.running() == [], out
    assert inner.temp_left() == [], out
    assert not {info["firefox"], info["geckodriver"]} & set(processes.tagged(inner.tag))


def test_a_killed_xdist_worker_leaves_nothing(inner: InnerRun, listener: Listener) -> None:
    inner.write("test_inner.py", INNER)
    inner.start("-q", "-n", "1")
    info = listener.receive("the inner test to be in the middle of its browser call")
    os.kill(info["pytest_pid"], signal.SIGKILL)
    code, out = inner.finish(timeout=EXIT_WITHIN)
    assert code == 1, out
    assert "worker 'gw0' crashed" in out or "crashed" in out, out
    assert "harness: stopped what crashed workers left" in out, out
    assert f"(pid {info['firefox']})" in out and f"(pid {info['geckodriver']})" in out, out
    assert inner.running() == [], out
    assert inner.temp_left() == [], out
