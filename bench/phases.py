"""A pytest plugin the benchmark loads into the suite it runs
(`-p bench.phases`): how long each test's setup, call and teardown took,
how many times a browser was started (`Browser._start`: launches and
restarts), and how long the harness's own work took (`reset()`, and the
worker's shared browser: its launch and close), written as JSON to
$BENCH_PHASES_OUT when the session ends (by the controller only, under
pytest-xdist, which relays the workers' reports, launch counts and harness
seconds). The rest of a test's setup and teardown is its own fixtures'."""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import pytest

from harness.browser import Browser
from harness.plugin import BrowserHolder

ENV = "BENCH_PHASES_OUT"
_phases: list[dict[str, Any]] = []
_launches = [0]  # this process's browser starts, then the workers' added in
_harness_s = [0.0]  # this process's seconds in the harness's own work, then the workers' added in


def timed(owner: Any, name: str, config: pytest.Config) -> None:
    """Add the time spent in `owner.name` to the harness's own seconds."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _harness_s[0] += time.perf_counter() - started

    setattr(owner, name, wrapper)
    config.add_cleanup(lambda: setattr(owner, name, original))


def pytest_configure(config: pytest.Config) -> None:
    start = Browser._start

    def counted(self: Browser, **kwargs: Any) -> None:
        _launches[0] += 1
        start(self, **kwargs)

    Browser._start = counted  # type: ignore[method-assign]
    config.add_cleanup(lambda: setattr(Browser, "_start", start))
    timed(Browser, "reset", config)
    timed(BrowserHolder, "get", config)  # launches the worker's browser on first use
    timed(BrowserHolder, "close", config)


def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist: a worker's counts, from its workeroutput."""
    output = getattr(node, "workeroutput", {})
    _launches[0] += int(output.get("bench_launches", 0))
    _harness_s[0] += float(output.get("bench_harness_s", 0.0))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _phases.append({"test": report.nodeid, "when": report.when, "seconds": report.duration})


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["bench_launches"] = _launches[0]
        workeroutput["bench_harness_s"] = _harness_s[0]
        return
    out = os.environ.get(ENV)
    if out:
        Path(out).write_text(json.dumps({"phases": _phases, "launches": _launches[0], "harness_s": _harness_s[0]}))


def summarise(written: dict[str, Any]) -> dict[str, float]:
    """Seconds in each phase, summed over the tests; the median setup; the launches; the
    harness's own seconds (`harness`) and the tests' (`tests`: every phase but those)."""
    phases = written["phases"]
    totals = {"setup": 0.0, "call": 0.0, "teardown": 0.0, "launches": float(written["launches"])}
    totals["harness"] = float(written.get("harness_s", 0.0))
    for p in phases:
        totals[p["when"]] = totals.get(p["when"], 0.0) + p["seconds"]
    setups = [p["seconds"] for p in phases if p["when"] == "setup"]
    totals["tests"] = totals["setup"] + totals["call"] + totals["teardown"] - totals["harness"]
    return {**totals, "median_setup": statistics.median(setups) if setups else 0.0}
