"""The run guard (harness/runcheck.py) is a good guest: off in an extension author's run unless
asked for (`harness_run_guard = true` or `--harness-run-guard`); when on, its end-of-run check
counts only processes the harness started; without /proc it turns itself off and says so.
Each run is a pytest subprocess: the guard changes process-wide state (SIGTERM's handler)."""

from __future__ import annotations

import pytest

from harness import processes

# The inner runs' conftest: os.environ as it was before any plugin's pytest_configure.
CONFTEST = """
import os
from pathlib import Path
import pytest

AT_START = {}

@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    AT_START.update(os.environ)  # copied: pytest changes PYTEST_CURRENT_TEST in os.environ

@pytest.fixture
def environ_at_start():
    return AT_START
"""

# The guard never changes os.environ (it tags only what the harness starts), on or off.
INNER = """
import os, signal, subprocess
from pathlib import Path
from harness import processes

SLEEPER = ["sleep", "600"]  # allowed-sleep: a process that runs until it is stopped

def test_environment_untouched(environ_at_start):
    now = dict(os.environ)
    for env in (now, environ_at_start):
        env.pop("PYTEST_CURRENT_TEST", None)  # pytest's own
    assert now == environ_at_start
    Path("sigterm.txt").write_text("default" if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL else "handled")

def test_leaves_processes():
    own = subprocess.Popen(SLEEPER)  # the author's own
    harness = subprocess.Popen(SLEEPER, env=processes.with_tag(os.environ, "a-browser"))  # as the harness starts one
    Path("pids.txt").write_text(f"{own.pid} {harness.pid}")
"""


def run(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, int, int]:
    """The inner run, and the pids of the two processes its test left: the author's own, the harness's."""
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)
    own, harness = (int(pid) for pid in (pytester.path / "pids.txt").read_text().split())
    return result, own, harness


def sigterm(pytester: pytest.Pytester) -> str:
    return (pytester.path / "sigterm.txt").read_text()


def test_off_by_default_in_an_authors_run(pytester: pytest.Pytester) -> None:
    result, own, harness = run(pytester)
    try:
        result.assert_outcomes(passed=2)
        assert result.ret == 0
        assert sigterm(pytester) == "default"
        assert "harness: processes left running" not in result.stdout.str()
        assert processes.alive(own) and processes.alive(harness)  # no one checked
    finally:
        processes.stop([own, harness])


@pytest.mark.parametrize("how", ["ini", "option"])
def test_on_when_asked_and_it_counts_only_what_the_harness_started(pytester: pytest.Pytester, how: str) -> None:
    if how == "ini":
        pytester.makeini("[pytest]\nharness_run_guard = true\n")
    result, own, harness = run(pytester, *(["--harness-run-guard"] if how == "option" else []))
    try:
        result.assert_outcomes(passed=2)
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert sigterm(pytester) == "handled"
        result.stdout.fnmatch_lines(
            ["*harness: processes left running by this run (now stopped)*", f"sleep (pid {harness})"]
        )
        assert f"(pid {own})" not in result.stdout.str()
        assert not processes.alive(harness)
        assert processes.alive(own), "the guard stopped the author's own process"
    finally:
        processes.stop([own, harness])


def test_without_process_listing_the_guard_turns_itself_off(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nharness_run_guard = true\n")
    # Imported before pytest_configure, where the plugin decides on the guard.
    pytester.makeconftest(CONFTEST + "\nfrom harness import processes\nprocesses.ENABLED = False\n")
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    own, harness = (int(pid) for pid in (pytester.path / "pids.txt").read_text().split())
    try:
        result.assert_outcomes(passed=2)
        assert result.ret == 0
        result.stdout.fnmatch_lines(["harness: run guard off: this platform cannot list*"])
        assert sigterm(pytester) == "default"
    finally:
        processes.stop([own, harness])
