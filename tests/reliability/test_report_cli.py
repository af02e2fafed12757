"""`sessions-conformance run` interrupted (Ctrl-C, or a CI runner's SIGTERM): the suite it runs gets one
Ctrl-C, tears down (its browsers stopped, nothing left), what it wrote of its results is kept, and the
command exits 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import TELL, InnerRun, Listener

from harness.timeouts import multiplier

SUITE_CONFTEST = """
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        item.user_properties.append(("spec", [a for m in item.iter_markers("spec") for a in m.args]))
"""

WAITS_WITH_A_BROWSER = (
    TELL
    + """
import threading
import pytest

@pytest.fixture(scope="session")
def session_teardown():
    yield
    tell(event="torn down")

@pytest.mark.spec("A-1")
def test_passes():
    pass

@pytest.mark.spec("A-2")
def test_waits_forever(session_teardown, browser):
    tell(event="in the test", firefox=browser.browser_pid)
    threading.Event().wait()  # until the Ctrl-C arrives
"""
)


@pytest.mark.parametrize("how", ["Ctrl-C", "SIGTERM"])
def test_an_interrupted_run_stops_the_suite_and_keeps_its_results(
    inner: InnerRun, listener: Listener, tmp_path: Path, how: str
) -> None:
    (inner.path / "CATALOGUE.md").write_text("## Items\n- A-1 passes\n- A-2 waits\n")
    (inner.path / "conftest.py").write_text(SUITE_CONFTEST)
    (inner.path / "test_inner.py").write_text(WAITS_WITH_A_BROWSER)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "harness.cli", "run", "--suite", str(inner.path), "--out", str(out), "-n", "0"]
    cli = subprocess.Popen(
        command, env=inner.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        news = listener.receive("the inner test to start, with its browser", timeout=120)
        assert news["event"] == "in the test" and news["firefox"]
        if how == "Ctrl-C":
            os.killpg(cli.pid, signal.SIGINT)  # as a terminal sends it: to the command's process group
        else:
            cli.send_signal(signal.SIGTERM)
        assert listener.receive("the inner run's session teardown") == {"event": "torn down"}
        output, _ = cli.communicate(timeout=60 * multiplier())
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
    print(output)
    assert cli.returncode == 130
    assert "interrupted during run 1; results files written: 1" in output
    [written] = out.glob("*.json")
    data = json.loads(written.read_text())
    assert data["run"]["exit_status"] == 2  # pytest's "interrupted"
    assert {i["id"]: i["outcome"] for i in data["items"]} == {"A-1": "passed", "A-2": "not_run"}
    assert inner.running() == []
    assert inner.temp_left() == []
