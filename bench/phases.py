"""A pytest plugin the benchmark loads into the suite it runs
(`-p bench.phases`): how long each test's setup, call and teardown took,
written as JSON to $BENCH_PHASES_OUT when the session ends (by the
controller only, under pytest-xdist, which relays the workers' reports)."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path
from typing import Any

import pytest

ENV = "BENCH_PHASES_OUT"
_phases: list[dict[str, Any]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _phases.append({"test": report.nodeid, "when": report.when, "seconds": report.duration})


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = os.environ.get(ENV)
    if out and not hasattr(session.config, "workerinput"):
        Path(out).write_text(json.dumps(_phases))


def summarise(phases: list[dict[str, Any]]) -> dict[str, float]:
    """Seconds in each phase, summed over the tests; and the median setup."""
    totals = {"setup": 0.0, "call": 0.0, "teardown": 0.0}
    for p in phases:
        totals[p["when"]] = totals.get(p["when"], 0.0) + p["seconds"]
    setups = [p["seconds"] for p in phases if p["when"] == "setup"]
    return {**totals, "median_setup": statistics.median(setups) if setups else 0.0}
