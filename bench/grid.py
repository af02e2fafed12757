"""(e) Grid throughput: a local Selenium Grid (hub + 2 nodes) for the suite
runs (bench/suite.py), its start-up, and one call through it against the
same call on a local browser."""

from __future__ import annotations

import statistics
import time
from contextlib import ExitStack

import harness
from harness.grid import Grid

from .calls import WARM_UP, keyed, timed
from .stats import Figure, figure, ratios

# 2 nodes of 4 slots for -n 4: a worker holds a session, and a test that launches a
# browser of its own needs one more at the same time (twice the workers in slots).
NODES, SLOTS = 2, 4


def start(log_dir: str) -> tuple[Grid, Figure]:
    """A running Grid, and how long it took until every node had registered."""
    started = time.perf_counter()
    grid = Grid(NODES, max_sessions=SLOTS, log_dir=log_dir)
    seconds = time.perf_counter() - started
    return grid, figure("grid.start_s", f"Grid start: hub + {NODES} nodes registered", "s", [seconds])


def calls(url: str | None, runs: int, count: int, browser: str = "firefox") -> list[Figure]:
    """Per run, `count` getRecentlyClosed() calls on a `browser` through the Grid at
    `url` (None: a Grid of one node of that browser, started for this) and on a local
    one, interleaved one for one; each side's value is its median."""
    remote_ms: list[float] = []
    local_ms: list[float] = []
    with ExitStack() as stack:
        if url is None:
            url = stack.enter_context(Grid(1, browser=browser, max_sessions=1)).url
        remote = stack.enter_context(harness.launch(browser=browser, remote_url=url))
        local = stack.enter_context(harness.launch(browser=browser))
        title = local.engine.title
        sides = (remote.sessions.get_recently_closed, local.sessions.get_recently_closed)
        for running in (remote, local):
            running.reset()
        for _ in range(WARM_UP):
            for call in sides:
                call()
        for _ in range(runs):
            remote_s: list[float] = []
            local_s: list[float] = []
            for i in range(count):
                order = [(sides[0], remote_s), (sides[1], local_s)]
                for call, times in order if i % 2 == 0 else order[::-1]:
                    times.append(timed(call))
            remote_ms.append(1000 * statistics.median(remote_s))
            local_ms.append(1000 * statistics.median(local_s))
    return [
        figure(keyed(browser, "grid.call_ms"), f"{title}: call through the Grid (getRecentlyClosed)", "ms", remote_ms),
        figure(keyed(browser, "grid.local_call_ms"), f"{title}: same call, local browser", "ms", local_ms),
        figure(keyed(browser, "grid.call_ratio"), f"{title}: call: Grid / local", "x", ratios(remote_ms, local_ms)),
    ]
