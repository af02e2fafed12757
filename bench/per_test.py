"""(b) Per-test overhead: `browser.reset()` plus a trivial test, against
launching and quitting a fresh browser with the fixture extension, as a
suite with a browser per test (pytest-selenium's way) does before every test."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.firefox.service import Service

import harness
from harness import processes
from harness.browsers.chromium import Chromium
from harness.browsers.firefox import Firefox
from harness.extensions import fixture_extension_path

from .calls import keyed, timed
from .js import script
from .stats import Figure, figure, ratios

WARM_UP = 3
# A user's extension for the test that uses one (`browser.extension(id)`); any browser.
USER_EXTENSION = Path(__file__).resolve().parents[1] / "tests" / "integration" / "user_extensions" / "mv3_any"
USER_EXTENSION_ID = "any-probe@tests.invalid"


def fresh_launch(browser: str = "firefox") -> tuple[float, float]:
    """Seconds to launch plain Selenium (headless) and install the fixture
    extension; and to that and quit: the baseline a browser-per-test suite pays."""
    return fresh_chromium() if browser == "chromium" else fresh_firefox()


def timed_launch(
    start_driver: Callable[[], Any], install: Callable[[Any], object], pid_key: str
) -> tuple[float, float]:
    """Seconds from starting a driver (`start_driver`) until `install` returned on it; and
    until its quit() returned. The browser (its pid in capability `pid_key`) is stopped for sure."""
    start = time.perf_counter()
    driver = start_driver()
    pid = driver.capabilities.get(pid_key)
    try:
        install(driver)
        launched = time.perf_counter() - start
    finally:
        driver.quit()
    seconds = time.perf_counter() - start
    # quit() returns once the driver has stopped the browser; make sure of it.
    if pid and processes.alive(pid):
        processes.kill_tree(pid)
    return launched, seconds


def fresh_firefox() -> tuple[float, float]:
    options = webdriver.FirefoxOptions()
    options.binary_location = Firefox().find_binary(None)
    options.add_argument("-headless")
    # geckodriver writes the add-on it is sent to $TMPDIR/addon-*.xpi and never removes it.
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        env = {**os.environ, "TMPDIR": tmp}
        service = Service(executable_path=Firefox().find_driver(None), log_output=subprocess.DEVNULL, env=env)
        return timed_launch(
            lambda: webdriver.Firefox(options=options, service=service),
            lambda driver: driver.install_addon(str(fixture_extension_path()), temporary=True),
            "moz:processID",
        )


def fresh_chromium() -> tuple[float, float]:
    """The same with Chromium: chromedriver's own temporary profile, the fixture
    installed over BiDi (its Manifest V3 form, assembled beforehand, not timed)."""
    engine = Chromium()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        fixture = engine.fixture(Path(tmp))
        options = webdriver.ChromeOptions()
        options.binary_location = engine.find_binary(None)
        options.enable_bidi = True
        options.enable_webextensions = True
        options.add_argument("--headless")
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")
        # Chromium leaves its singleton socket folder (org.chromium.Chromium.*) in $TMPDIR.
        env = {**os.environ, "TMPDIR": tmp}
        service = ChromeService(executable_path=engine.find_driver(None), log_output=subprocess.DEVNULL, env=env)
        return timed_launch(
            lambda: webdriver.Chrome(options=options, service=service),
            lambda driver: driver.webextension.install(path=str(fixture)),
            "goog:processID",
        )


def harness_launch(browser: str = "firefox") -> tuple[float, float]:
    """Seconds for `harness.launch()` until the extension answers; and to that
    and close(): what the first test of each worker pays."""
    start = time.perf_counter()
    with harness.launch(browser=browser):
        launched = time.perf_counter() - start
    return launched, time.perf_counter() - start


def trivial_test(browser: harness.Browser) -> None:
    if browser.sessions.get_recently_closed() != []:
        raise RuntimeError("reset() left entries in the closed list")


def extension_tests_ms(browser: str, resets: int) -> float:
    """Milliseconds per reset() plus a one-call test in a user's extension (its page kept
    by the reset and loaded again), mean of `resets`, after a warm-up, on a browser of its own."""
    with harness.launch(browser=browser, extensions=[str(USER_EXTENSION)]) as running:
        ext = running.extension(USER_EXTENSION_ID)

        def one_test() -> None:
            running.reset()
            if ext.sessions.get_recently_closed() != []:
                raise RuntimeError("reset() left entries in the closed list")

        for _ in range(WARM_UP):
            one_test()
        return 1000 * sum(timed(one_test) for _ in range(resets)) / resets


def blank_tab_cycle(browser: harness.Browser) -> float:
    """Milliseconds the browser takes to open and close a blank tab, measured inside it."""
    answer = browser.driver.execute_async_script(script("blank_tab_cycle.js"))
    if not isinstance(answer, int | float):
        raise RuntimeError(f"opening and closing a blank tab failed: {answer!r}")
    return float(answer)


def measure(runs: int, resets: int, browser: str = "firefox") -> list[Figure]:
    """Per run: one fresh launch, one harness launch, then `resets` times
    reset() plus a trivial test on a running browser (its mean), and the
    browser's own time to open and close a blank tab (reset() does that once)."""
    fresh_s: list[float] = []
    harness_s: list[float] = []
    plain_up_s: list[float] = []
    harness_up_s: list[float] = []
    reset_ms: list[float] = []
    tab_cycle_ms: list[float] = []
    with harness.launch(browser=browser) as running:
        title = running.engine.title
        for _ in range(WARM_UP):
            running.reset()
            trivial_test(running)

        def one_test() -> None:
            running.reset()
            trivial_test(running)

        for i in range(runs):
            # Taking turns at going first, as the machine's load changes.
            sides = [(fresh_launch, plain_up_s, fresh_s), (harness_launch, harness_up_s, harness_s)]
            for start, up, total in sides if i % 2 == 0 else sides[::-1]:
                launched, seconds = start(browser)
                up.append(launched)
                total.append(seconds)
            reset_ms.append(1000 * sum(timed(one_test) for _ in range(resets)) / resets)
            tab_cycle_ms.append(sum(blank_tab_cycle(running) for _ in range(resets)) / resets)
    extension_ms = [extension_tests_ms(browser, resets) for _ in range(runs)]
    return [
        figure(keyed(browser, "reset.reset_ms"), f"{title}: reset() + a trivial test", "ms", reset_ms),
        figure(
            keyed(browser, "reset.extension_test_ms"),
            f"{title}: reset() + a one-call test in a user's extension (its page kept)",
            "ms",
            extension_ms,
        ),
        figure(
            keyed(browser, "reset.fresh_launch_s"),
            f"{title}: fresh browser + extension, launch and quit (plain Selenium)",
            "s",
            fresh_s,
        ),
        figure(
            keyed(browser, "reset.share"),
            f"{title}: per-test overhead: reset / fresh launch",
            "%",
            ratios(reset_ms, fresh_s, 0.1),
        ),
        figure(
            keyed(browser, "reset.harness_launch_s"),
            f"{title}: harness.launch() until the extension answers, and close",
            "s",
            harness_s,
        ),
        figure(
            keyed(browser, "launch.plain_s"),
            f"{title}: plain Selenium launch + add-on install, until installed",
            "s",
            plain_up_s,
        ),
        figure(
            keyed(browser, "launch.harness_s"),
            f"{title}: harness.launch() until the extension answers",
            "s",
            harness_up_s,
        ),
        figure(
            keyed(browser, "launch.ratio"),
            f"{title}: launch: harness / plain Selenium + add-on",
            "x",
            ratios(harness_up_s, plain_up_s),
        ),
        figure(
            keyed(browser, "reset.tab_cycle_ms"),
            f"{title}: a blank tab opened + closed (reset() after a test that used its blank tab)",
            "ms",
            tab_cycle_ms,
        ),
    ]
