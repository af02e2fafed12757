"""A pytest plugin the benchmark loads into the suite it runs
(`-p bench.phases`): how long each test's setup, call and teardown took,
and how many times a browser was started (`Browser._start`: launches and
restarts), written as JSON to $BENCH_PHASES_OUT when the session ends (by
the controller only, under pytest-xdist, which relays the workers' reports
and their launch counts)."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path
from typing import Any

import pytest

from harness.browser import Browser

ENV = "BENCH_PHASES_OUT"
_phases: list[dict[str, Any]] = []
_launches = [0]  # this process's browser starts, then the workers' added in


def pytest_configure(config: pytest.Config) -> None:
    start = Browser._start

    def counted(self: Browser, *, restarting: bool = False) -> None:
        _launches[0] += 1
        start(self, restarting=restarting)

    Browser._start = counted  # type: ignore[method-assign]
    config.add_cleanup(lambda: setattr(Browser, "_start", start))


def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist: a worker's count, from its workeroutput."""
    _launches[0] += int(getattr(node, "workeroutput", {}).get("bench_launches", 0))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _phases.append({"test": report.nodeid, "when": report.when, "seconds": report.duration})


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["bench_launches"] = _launches[0]
        return
    out = os.environ.get(ENV)
    if out:
        Path(out).write_text(json.dumps({"phases": _phases, "launches": _launches[0]}))


def summarise(written: dict[str, Any]) -> dict[str, float]:
    """Seconds in each phase, summed over the tests; the median setup; the launches."""
    phases = written["phases"]
    totals = {"setup": 0.0, "call": 0.0, "teardown": 0.0, "launches": float(written["launches"])}
    for p in phases:
        totals[p["when"]] = totals.get(p["when"], 0.0) + p["seconds"]
    setups = [p["seconds"] for p in phases if p["when"] == "setup"]
    return {**totals, "median_setup": statistics.median(setups) if setups else 0.0}
