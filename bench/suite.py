"""(c) The suite, serial and with `-n 2`, as `pytest` subprocesses, with
(d) the browsers' memory sampled meanwhile, and (e) through a local Selenium
Grid (hub + 2 nodes) with `-n 4`."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from harness import processes
from harness.grid import Grid

from . import phases
from .calls import keyed
from .memory import Peak, Sampler
from .per_test import fresh_launch
from .stats import Figure, figure, ratios

ROOT = Path(__file__).resolve().parent.parent
SUITE_TIMEOUT = 3600.0  # seconds for one run of the whole suite
DEFAULT_PATHS = ("harness/conformance", "tests/integration")
GRID_WORKERS = 4  # through the Grid (bench/grid.py starts it)


def default_path(root: Path = ROOT) -> str:
    """harness/conformance when it holds tests, else tests/integration."""
    for path in DEFAULT_PATHS:
        if any((root / path).glob("test_*.py")) or any((root / path).glob("**/test_*.py")):
            return path
    raise FileNotFoundError(f"no tests in any of {', '.join(DEFAULT_PATHS)} under {root}; pass --suite PATH")


@dataclass(frozen=True)
class Counts:
    tests: int
    failures: int
    errors: int
    skipped: int

    @property
    def passed(self) -> int:
        return self.tests - self.failures - self.errors - self.skipped


def parse_junit(text: str) -> Counts:
    """Test counts from pytest's --junitxml report."""
    root = ET.fromstring(text)
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")

    def total(attribute: str) -> int:
        return sum(int(s.get(attribute, 0)) for s in suites)

    return Counts(total("tests"), total("failures"), total("errors"), total("skipped"))


@dataclass(frozen=True)
class SuiteRun:
    workers: int
    seconds: float
    counts: Counts
    memory: Peak
    phases: dict[str, float]  # seconds in setup, call, teardown (summed), and the median setup
    log: Path


def run(
    path: str, workers: int, out_dir: Path, label: str, extra: Sequence[str] = (), browsers_below: int | None = None
) -> SuiteRun:
    """Run the suite once (`-n workers` when workers > 1, with `extra` pytest
    arguments) and time it from start to exit, sampling the memory of the
    browsers below pytest (or below `browsers_below`: a Grid's nodes) meanwhile."""
    out_dir.mkdir(parents=True, exist_ok=True)
    junit, log, phases_out = (out_dir / f"{label}.{ext}" for ext in ("xml", "log", "phases.json"))
    junit.unlink(missing_ok=True)
    phases_out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", path, "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
    command += ["-p", "bench.phases"]
    if workers > 1:
        command += ["-n", str(workers), "--dist", "loadscope"]  # a module's own browser is launched once
    command += extra
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        phases.ENV: str(phases_out),
    }
    with log.open("w") as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        sampler = Sampler(browsers_below or child.pid).start()
        try:
            finished = wait_exit(child, SUITE_TIMEOUT)
            seconds = time.perf_counter() - start
            if not finished:
                raise RuntimeError(f"pytest {path} did not finish within {SUITE_TIMEOUT:g}s; see {log}")
        except BaseException:
            stop(child)
            raise
        finally:
            peak = sampler.stop()
    if not junit.exists() or not phases_out.exists():
        raise RuntimeError(f"pytest {path} (exit {child.returncode}) did not finish its reports; see {log}")
    summary = phases.summarise(json.loads(phases_out.read_text()))
    return SuiteRun(workers, seconds, parse_junit(junit.read_text()), peak, summary, log)


def wait_exit(child: subprocess.Popen[bytes], timeout: float) -> bool:
    """Wait for the child to exit, woken by the kernel (a pidfd becomes
    readable), not by polling; False after `timeout` seconds."""
    fd = os.pidfd_open(child.pid)
    try:
        readable, _, _ = select.select([fd], [], [], timeout)
    finally:
        os.close(fd)
    if readable:
        child.wait()
    return bool(readable)


def measure(
    path: str, runs: int, out_dir: Path, grid: Grid | None = None, browser: str = "firefox"
) -> tuple[list[Figure], dict[str, Any]]:
    """`runs` times the suite on `browser` serial and with -n 2 (and through
    `grid` with -n 4), taking turns at going first, each time with one fresh
    browser launch just before, for the browser-per-test comparison (paired
    run by run, as the machine's load changes over minutes)."""
    serial: list[SuiteRun] = []
    parallel: list[SuiteRun] = []
    remote: list[SuiteRun] = []
    launch_s: list[float] = []
    kinds: list[tuple[str, list[SuiteRun]]] = [("serial", serial), ("n2", parallel)]
    if grid is not None:
        kinds.append(("grid-n4", remote))
    on_browser = ["--browser", browser]
    name = "" if browser == "firefox" else f"{browser}-"
    for i in range(runs):
        launch_s.append(fresh_launch(browser)[1])
        shift = i % len(kinds)
        for kind, done in kinds[shift:] + kinds[:shift]:
            label = f"{name}{kind}-{i + 1}"
            print(f"bench: suite run {label} ({path}) ...", file=sys.stderr, flush=True)
            if kind == "grid-n4":
                assert grid is not None
                extra = [*on_browser, "--selenium-remote-url", grid.url]
                result = run(path, GRID_WORKERS, out_dir, label, extra, browsers_below=os.getpid())
            else:
                result = run(path, 1 if kind == "serial" else 2, out_dir, label, on_browser)
            print(f"bench:   {result.seconds:.1f}s, {describe(result.counts)}", file=sys.stderr, flush=True)
            done.append(result)
    serial_s = [r.seconds for r in serial]
    parallel_s = [r.seconds for r in parallel]
    ran = [r.counts.tests - r.counts.skipped for r in serial]
    figures = [
        figure("suite.serial_s", "suite, serial", "s", serial_s),
        figure("suite.parallel_s", "suite, -n 2", "s", parallel_s),
        figure("suite.parallel_ratio", "suite: -n 2 / serial", "x", ratios(parallel_s, serial_s)),
        figure(
            "suite.speedup",
            "suite: (tests x fresh launch) / serial wall time",
            "x",
            [n * launch / s for n, launch, s in zip(ran, launch_s, serial_s, strict=True)],
        ),
        figure(
            "suite.setup_ms",
            "suite: median test setup (the fixture's reset)",
            "ms",
            [1000 * r.phases["median_setup"] for r in serial],
        ),
        figure(
            "suite.body_share",
            "suite, serial: share of wall time in test bodies",
            "%",
            [100 * r.phases["call"] / r.seconds for r in serial],
        ),
        figure(
            "suite.harness_share",
            "suite, serial: wall time / the tests' own time (bodies and their own fixtures)",
            "x",
            [r.seconds / r.phases["tests"] for r in serial],
        ),
        figure(
            "suite.launches",
            "suite, serial: browser starts (launches, restarts)",
            "",
            [r.phases["launches"] for r in serial],
        ),
        figure("suite.parallel_launches", "suite, -n 2: browser starts", "", [r.phases["launches"] for r in parallel]),
        figure("memory.serial_rss_mib", "peak browser RSS, 1 worker", "MiB", [r.memory.rss_mib for r in serial]),
        figure("memory.parallel_rss_mib", "peak browser RSS, 2 workers", "MiB", [r.memory.rss_mib for r in parallel]),
        figure("memory.serial_pss_mib", "browser PSS at peak RSS, 1 worker", "MiB", [r.memory.pss_mib for r in serial]),
        figure(
            "memory.parallel_pss_mib", "browser PSS at peak RSS, 2 workers", "MiB", [r.memory.pss_mib for r in parallel]
        ),
    ]
    if browser != "firefox":  # Firefox's keep their names (the doc's history)
        figures = [replace(f, key=keyed(browser, f.key), label=f"{browser.title()}: {f.label}") for f in figures]
    if grid is not None:
        remote_s = [r.seconds for r in remote]
        figures += [
            figure("grid.suite_s", f"suite through a local Grid, -n {GRID_WORKERS}", "s", remote_s),
            figure("grid.vs_serial", "suite: Grid -n 4 / local serial", "x", ratios(remote_s, serial_s)),
            figure("grid.vs_parallel", "suite: Grid -n 4 / local -n 2", "x", ratios(remote_s, parallel_s)),
            figure(
                "grid.rss_mib", "peak browser RSS, Grid -n 4 (on the nodes)", "MiB", [r.memory.rss_mib for r in remote]
            ),
        ]
    details: dict[str, Any] = {
        "suite_path": path,
        "suite_tests": max(ran),
        "suite_fresh_launch_s": launch_s,
        "suite_runs": [
            {
                "label": r.log.stem,
                "workers": r.workers,
                "seconds": r.seconds,
                "tests": r.counts.tests,
                "failures": r.counts.failures,
                "errors": r.counts.errors,
                "skipped": r.counts.skipped,
                "peak_rss_mib": r.memory.rss_mib,
                "peak_pss_mib": r.memory.pss_mib,
                "browser_processes": r.memory.processes,
                "memory_samples": r.memory.samples,
                "phases_s": r.phases,
                "log": str(r.log),
            }
            for r in serial + parallel + remote
        ],
    }
    if browser != "firefox":
        details = {f"{browser}_{key}": value for key, value in details.items()}
    failing = [r.log.stem for r in serial + parallel + remote if r.counts.failures or r.counts.errors]
    if failing:
        details["suite_failures"] = ", ".join(failing)
    return figures, details


def describe(counts: Counts) -> str:
    return f"{counts.passed} passed, {counts.failures} failed, {counts.errors} errors, {counts.skipped} skipped"


def stop(child: subprocess.Popen[bytes]) -> None:
    """A timeout, a crash or Ctrl-C here: let pytest close its browsers
    (SIGINT, as Ctrl-C would), then stop whatever is left of its process tree."""
    tree = [child.pid, *processes.descendants(child.pid)]
    if child.poll() is None:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            pass
    for pid in tree:
        if processes.alive(pid):
            processes.kill_tree(pid)
    child.wait()
