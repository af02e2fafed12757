"""The benchmark's suite plugin (bench/phases.py) counts every browser start
of the run it measures, also those of pytest-xdist workers (the "browser
launches per conformance run" figure of the speed issue)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# The shared `browser` (one per worker), one test's own browser, and one restart.
SHARED = """
def test_shared(browser):
    assert browser.sessions.get_recently_closed() == []
"""
OWN = """
def test_own_and_restarted(launch, browser):
    own = launch()
    own.restart()
    assert isinstance(own.sessions.get_recently_closed(), list)
"""


@pytest.mark.parametrize(("workers", "launches"), [(0, 3), (2, 4)])
def test_every_browser_start_is_counted(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, workers: int, launches: int
) -> None:
    out = pytester.path / "phases.json"
    monkeypatch.setenv("BENCH_PHASES_OUT", str(out))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(test_shared=SHARED, test_own=OWN)
    args = ["-p", "bench.phases", "-p", "no:cacheprovider"]
    if workers:  # one file per worker: each launches its shared browser
        args += ["-n", str(workers), "--dist", "loadfile"]
    result = pytester.runpytest_subprocess(*args)
    result.assert_outcomes(passed=2)
    written = json.loads(out.read_text())
    assert written["launches"] == launches
    assert {p["when"] for p in written["phases"]} == {"setup", "call", "teardown"}
