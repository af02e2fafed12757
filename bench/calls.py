"""(a) Call overhead: a sessions call through the harness against the same
call as a bare `driver.execute_async_script` on the same extension page."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import harness

from .js import script
from .stats import Figure, figure, ratios

WARM_UP = 20


def timed(fn: Callable[[], Any]) -> float:
    """Seconds `fn()` took."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def keyed(browser: str, key: str) -> str:
    """A figure's key: Firefox's keep their names (the doc's history), others get the browser first."""
    return key if browser == "firefox" else f"{browser}.{key}"


def measure(runs: int, calls: int, browser: str = "firefox") -> list[Figure]:
    """Per run, `calls` calls of each kind, interleaved one for one (taking
    turns at going first) so that a slow moment hits both sides alike; each
    side's value is its median call (a stall caused by another process on the
    machine moves a mean, hardly a median)."""
    harness_ms: list[float] = []
    bare_ms: list[float] = []
    with harness.launch(browser=browser) as running:
        title = running.engine.title
        running.reset()
        driver = running.driver  # switched to the extension page the bridge uses
        source = script("bare_get_recently_closed.js")

        def through_harness() -> Any:
            return running.sessions.get_recently_closed()

        def bare() -> Any:
            return driver.execute_async_script(source)

        for _ in range(WARM_UP):
            if through_harness() != [] or bare() != []:
                raise RuntimeError("the closed list is not empty after reset(): the two calls would differ")
        for _ in range(runs):
            harness_s: list[float] = []
            bare_s: list[float] = []
            for i in range(calls):
                if i % 2 == 0:
                    harness_s.append(timed(through_harness))
                    bare_s.append(timed(bare))
                else:
                    bare_s.append(timed(bare))
                    harness_s.append(timed(through_harness))
            harness_ms.append(1000 * statistics.median(harness_s))
            bare_ms.append(1000 * statistics.median(bare_s))
    return [
        figure(
            keyed(browser, "calls.harness_ms"),
            f"{title}: call through the harness (getRecentlyClosed)",
            "ms",
            harness_ms,
        ),
        figure(keyed(browser, "calls.bare_ms"), f"{title}: same call, bare execute_async_script", "ms", bare_ms),
        figure(
            keyed(browser, "calls.ratio"), f"{title}: call overhead: harness / bare", "x", ratios(harness_ms, bare_ms)
        ),
    ]
