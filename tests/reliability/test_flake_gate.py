"""Point 7: the flake gate runs a suite N times with -n 2, lists every failure and error with its
pytest test id, records one JSON line per run, and stops (exit 1) at the first failing run unless
told to keep going. Run here on a small inner suite whose tests fail only in the gate's second run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import ROOT, TELL, InnerRun, Listener

from harness.timeouts import multiplier

GATE = ROOT / "scripts" / "flake_gate.py"

CONFTEST = '''
import re
import pytest

@pytest.fixture
def gate_run(request):
    """Which run of the gate this is, from its JUnit report's name (run-002.xml)."""
    return int(re.search(r"run-(\\d+)\\.xml", request.config.option.xmlpath).group(1))

@pytest.fixture
def breaks_in_run_2(gate_run):
    if gate_run == 2:
        raise RuntimeError("fixture broke in run 2")
'''

TESTS = """
def test_steady():
    pass


def test_with_a_fixture(breaks_in_run_2):
    pass


class TestFlaky:
    def test_second_run_fails(self, gate_run):
        assert gate_run != 2, "failed in run 2"
"""


def gate(inner: InnerRun, tmp_path: Path, *args: str) -> tuple[int, str, list[dict[str, object]]]:
    (inner.path / "conftest.py").write_text(CONFTEST)
    (inner.path / "test_inner.py").write_text(TESTS)
    out = tmp_path / "out"
    command = [sys.executable, str(GATE), "--out", str(out), "--dir", str(inner.path), *args]
    done = subprocess.run(
        command, env=inner.env, capture_output=True, text=True, timeout=120 * multiplier(), check=False
    )
    print(done.stdout, done.stderr)  # shown when the test fails
    records = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
    return done.returncode, done.stdout, records


FAILED_IN_RUN_2 = [
    'error: test_inner.py::test_with_a_fixture: failed on setup with "RuntimeError: fixture broke in run 2"',
    "failure: test_inner.py::TestFlaky::test_second_run_fails: AssertionError: failed in run 2",
]


def test_the_gate_stops_at_the_first_failing_run_and_names_each_failure(inner: InnerRun, tmp_path: Path) -> None:
    code, out, records = gate(inner, tmp_path, "--runs", "3", "--", "-p", "no:randomly")
    assert code == 1
    assert [r["run"] for r in records] == [1, 2], "the gate went on after a failing run"
    first, second = records
    assert (first["exit"], first["tests"], first["failed"]) == (0, 3, [])
    assert (second["exit"], second["tests"], second["failures"], second["errors"]) == (1, 3, 1, 1)
    assert sorted(second["failed"]) == FAILED_IN_RUN_2  # type: ignore[type-var]
    assert "1 of 2 runs passed" in out
    for line in FAILED_IN_RUN_2:
        assert f"run 2: {line}" in out


def test_keep_going_runs_every_time_and_still_fails(inner: InnerRun, tmp_path: Path) -> None:
    code, out, records = gate(inner, tmp_path, "--runs", "3", "--keep-going")
    assert code == 1
    assert [(r["run"], r["exit"]) for r in records] == [(1, 0), (2, 1), (3, 0)]
    assert "2 of 3 runs passed" in out


def test_a_green_gate_exits_0(inner: InnerRun, tmp_path: Path) -> None:
    code, out, records = gate(inner, tmp_path, "--runs", "1")
    assert code == 0
    assert [(r["run"], r["exit"], r["failed"]) for r in records] == [(1, 0, [])]
    assert "1 of 1 runs passed" in out


@pytest.mark.parametrize(
    ("classname", "name", "expected"),
    [
        ("test_inner", "test_steady", "test_inner.py::test_steady"),
        ("test_inner.TestFlaky", "test_second_run_fails", "test_inner.py::TestFlaky::test_second_run_fails"),
        ("nowhere.test_x", "test_y[a.b]", "nowhere/test_x.py::test_y[a.b]"),  # no such file: the dotted guess
    ],
)
def test_junit_names_become_pytest_test_ids(inner: InnerRun, classname: str, name: str, expected: str) -> None:
    (inner.path / "test_inner.py").write_text(TESTS)
    sys.path.insert(0, str(GATE.parent))
    try:
        import flake_gate
    finally:
        sys.path.remove(str(GATE.parent))
    assert flake_gate.node_id(classname, name, inner.path) == expected


WAITS_FOREVER = (
    TELL
    + """
import threading
import pytest

@pytest.fixture(scope="session")
def session_teardown():
    yield
    tell(event="torn down")

def test_waits_forever(session_teardown):
    tell(event="in the test")
    threading.Event().wait()  # until the gate's Ctrl-C arrives
"""
)


@pytest.mark.parametrize("how", ["Ctrl-C", "SIGTERM"])
def test_an_interrupted_gate_lets_the_suite_tear_down(
    inner: InnerRun, listener: Listener, tmp_path: Path, how: str
) -> None:
    """Ctrl-C (SIGINT to the gate's process group, as a terminal sends it) or SIGTERM to the gate
    alone (a CI runner): the running suite gets one Ctrl-C, tears down, and the gate exits 130."""
    (inner.path / "test_inner.py").write_text(WAITS_FOREVER)
    command = [sys.executable, str(GATE), "--out", str(tmp_path / "out"), "--dir", str(inner.path), "--runs", "3"]
    gate = subprocess.Popen(
        command, env=inner.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        assert listener.receive("the inner test to start") == {"event": "in the test"}
        if how == "Ctrl-C":
            os.killpg(gate.pid, signal.SIGINT)
        else:
            gate.send_signal(signal.SIGTERM)
        assert listener.receive("the inner run's session teardown") == {"event": "torn down"}
        out, _ = gate.communicate(timeout=10 * multiplier())
    finally:
        if gate.poll() is None:
            os.killpg(gate.pid, signal.SIGKILL)
    print(out)
    assert gate.returncode == 130
    assert "interrupted during run 1; 0 runs finished" in out
    assert inner.running() == []
    assert inner.temp_left() == []
