"""(b) Per-test overhead: `browser.reset()` plus a trivial test, against
launching and quitting a fresh Firefox with the fixture extension, as a
suite with a browser per test (pytest-selenium's way) does before every test."""

from __future__ import annotations

import subprocess
import time

from selenium import webdriver
from selenium.webdriver.firefox.service import Service

import harness
from harness import processes
from harness.browsers.firefox import Firefox
from harness.extensions import fixture_extension_path

from .calls import timed
from .js import script
from .stats import Figure, figure, ratios

WARM_UP = 3


def fresh_launch() -> float:
    """Seconds to launch plain Selenium Firefox (headless), install the
    fixture extension and quit: the baseline a browser-per-test suite pays."""
    options = webdriver.FirefoxOptions()
    options.binary_location = Firefox().find_binary(None)
    options.add_argument("-headless")
    service = Service(executable_path=Firefox().find_driver(None), log_output=subprocess.DEVNULL)
    start = time.perf_counter()
    driver = webdriver.Firefox(options=options, service=service)
    firefox_pid = driver.capabilities.get("moz:processID")
    try:
        driver.install_addon(str(fixture_extension_path()), temporary=True)
    finally:
        driver.quit()
    seconds = time.perf_counter() - start
    # quit() returns once geckodriver has stopped Firefox; make sure of it.
    if firefox_pid and processes.alive(firefox_pid):
        processes.kill_tree(firefox_pid)
    return seconds


def harness_launch() -> float:
    """Seconds for `harness.launch()` (until the extension answers) and close():
    what the first test of each worker pays."""
    start = time.perf_counter()
    with harness.launch():
        pass
    return time.perf_counter() - start


def trivial_test(browser: harness.Browser) -> None:
    if browser.sessions.get_recently_closed() != []:
        raise RuntimeError("reset() left entries in the closed list")


def blank_tab_cycle(browser: harness.Browser) -> float:
    """Milliseconds the browser takes to open and close a blank tab, measured inside it."""
    answer = browser.driver.execute_async_script(script("blank_tab_cycle.js"))
    if not isinstance(answer, int | float):
        raise RuntimeError(f"opening and closing a blank tab failed: {answer!r}")
    return float(answer)


def measure(runs: int, resets: int) -> list[Figure]:
    """Per run: one fresh launch, one harness launch, then `resets` times
    reset() plus a trivial test on a running browser (its mean), and the
    browser's own time to open and close a blank tab (reset() does that once)."""
    fresh_s: list[float] = []
    harness_s: list[float] = []
    reset_ms: list[float] = []
    tab_cycle_ms: list[float] = []
    with harness.launch() as browser:
        for _ in range(WARM_UP):
            browser.reset()
            trivial_test(browser)

        def one_test() -> None:
            browser.reset()
            trivial_test(browser)

        for _ in range(runs):
            fresh_s.append(fresh_launch())
            harness_s.append(harness_launch())
            reset_ms.append(1000 * sum(timed(one_test) for _ in range(resets)) / resets)
            tab_cycle_ms.append(sum(blank_tab_cycle(browser) for _ in range(resets)) / resets)
    return [
        figure("reset.reset_ms", "reset() + a trivial test", "ms", reset_ms),
        figure("reset.fresh_launch_s", "fresh Firefox + extension, launch and quit (plain Selenium)", "s", fresh_s),
        figure("reset.share", "per-test overhead: reset / fresh launch", "%", ratios(reset_ms, fresh_s, 0.1)),
        figure("reset.harness_launch_s", "harness.launch() until the extension answers, and close", "s", harness_s),
        figure("reset.tab_cycle_ms", "floor: the browser opens + closes a blank tab", "ms", tab_cycle_ms),
    ]
