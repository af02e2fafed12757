"""The pytest plugin (a `pytest11` entry point): fixtures `browser`,
`sessions`, `pages`, `launch`, and the options to configure them.

Every setting is resolved in one order: command-line option, ini key,
environment variable, default (then discovery, for paths).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from . import browser as browser_module
from . import console, discovery, grid, runcheck
from .browser import Browser
from .browser import launch as launch_browser
from .browsers import engine_for
from .errors import HarnessError, SetupError
from .extensions import check_manifest, load_manifest
from .interrupts import drop_lineless_entries
from .pages import HOST, Pages
from .remote import on_this_machine
from .report import collect as conformance_report
from .sessions import Sessions


@dataclass(frozen=True)
class Setting:
    """One setting: its option, ini key and environment variable."""

    option: str
    ini: str
    env: str
    help: str
    kind: str = "string"  # "string", "bool" or "paths"


SETTINGS = (
    Setting("--browser", "browser", "HARNESS_BROWSER", "browser to test: firefox (default)"),
    Setting(
        "--browser-binary",
        "browser_binary",
        "HARNESS_BROWSER_BINARY",
        "path to the browser binary (default: found; also $HARNESS_FIREFOX)",
    ),
    Setting(
        "--driver",
        "driver",
        "HARNESS_DRIVER",
        "path to the WebDriver binary (default: found; also $HARNESS_GECKODRIVER)",
    ),
    Setting("--headed", "headed", "HARNESS_HEADED", "show the browser window (default: headless)", "bool"),
    Setting("--selenium-remote-url", "selenium_remote_url", "HARNESS_REMOTE_URL", "a Selenium Grid / WebDriver URL"),
    Setting(
        "--pages-host",
        "pages_host",
        "HARNESS_PAGES_HOST",
        "the address the `pages` server listens on and its URLs carry: one the browsers reach (default 127.0.0.1)",
    ),
    Setting(
        "--extension",
        "extensions",
        "HARNESS_EXTENSIONS",
        "an extension (directory or .xpi/.zip) to install beside the fixture extension; repeatable",
        "paths",
    ),
    Setting(
        "--harness-run-guard",
        "harness_run_guard",
        "HARNESS_RUN_GUARD",
        "guard the whole run (SIGTERM tears down like Ctrl-C; the run fails if a process the harness"
        " started outlives it); default: off",
        "bool",
    ),
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness", "WebExtensions sessions harness")
    for s in SETTINGS:
        if s.kind == "bool":
            group.addoption(s.option, action="store_true", default=None, help=s.help)
            parser.addini(s.ini, s.help, type="bool", default=None)
        elif s.kind == "paths":
            group.addoption(s.option, action="append", default=None, metavar="PATH", help=s.help)
            # "paths": relative ini entries are relative to the ini file, not the working directory.
            parser.addini(s.ini, s.help, type="paths", default=[])
        else:
            group.addoption(s.option, default=None, help=s.help)
            parser.addini(s.ini, s.help, default=None)
    # -- the conformance report (harness/report/collect.py): --conformance-report, --junit-catalogue
    conformance_report.addoption(parser)


def resolve(config: pytest.Config, name: str) -> Any:
    """A setting's value: option, then ini, then environment, then None."""
    s = next(s for s in SETTINGS if s.ini == name)
    value = config.getoption(s.option.lstrip("-").replace("-", "_"))
    if value in (None, []):
        value = config.getini(s.ini)
    if value in (None, [], ""):
        env = os.environ.get(s.env)
        if env:
            value = env.split(os.pathsep) if s.kind == "paths" else env
    if s.kind == "bool":
        return str(value).lower() in ("1", "true", "yes", "on") if isinstance(value, str) else bool(value)
    if s.kind == "paths":
        return tuple(str(v) for v in value or ())
    return value or None


def launch_options(config: pytest.Config) -> dict[str, Any]:
    """The `harness.launch` arguments the command line, ini and environment ask for."""
    return {
        "browser": resolve(config, "browser") or "firefox",
        "headless": not resolve(config, "headed"),
        "binary": resolve(config, "browser_binary"),
        "driver": resolve(config, "driver"),
        "remote_url": resolve(config, "selenium_remote_url"),
        "extensions": resolve(config, "extensions"),
    }


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spec(*ids): the behaviour catalogue items a conformance test checks")
    if resolve(config, "harness_run_guard"):
        runcheck.turn_on(config)
    # -- the conformance report (harness/report/collect.py): registered when one is asked for
    conformance_report.configure(config, launch_options(config))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """`wait_for_error()` looks from the start of the test by default."""
    console.mark_test_start(time.time())


@pytest.hookimpl(tryfirst=True)  # before the terminal reporter formats the traceback
def pytest_keyboard_interrupt(excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    """pytest's report of a Ctrl-C would crash on a traceback entry without a line (exit 1, not 2)."""
    drop_lineless_entries(excinfo.value)


def pytest_sessionstart(session: pytest.Session) -> None:
    """An extension given with --extension that cannot work stops the run
    before any browser starts, saying what is wrong and how to fix it."""
    options = launch_options(session.config)
    try:
        engine = engine_for(options["browser"])
        for path in options["extensions"]:
            manifest = load_manifest(path)
            check_manifest(path, manifest)
            engine.check_loadable(path, manifest)
            engine.check_id(path, manifest)
    except SetupError as exc:
        raise pytest.UsageError(str(exc)) from exc


def pytest_report_header(config: pytest.Config) -> list[str]:
    options = launch_options(config)
    mode = "headless" if options["headless"] else "headed"
    if options["remote_url"]:
        lines = [f"harness: {options['browser']} on the remote WebDriver {options['remote_url']}, {mode}"]
        # The preflight of `python -m harness.grid check`, for this run's browser.
        lines += [f"harness: {line}" for line in grid.check(options["remote_url"], (options["browser"],))[1]]
        if not on_this_machine(options["remote_url"]) and not resolve(config, "pages_host"):
            lines.append(
                f"harness: the `pages` server listens on {HOST}, which browsers on other machines cannot reach: "
                "give --pages-host (or $HARNESS_PAGES_HOST) an address of this machine they can"
            )
        return lines
    try:
        engine = engine_for(options["browser"])
        binary = engine.find_binary(options["binary"])
        driver = engine.find_driver(options["driver"])
        version, driver_version = discovery.version_output(binary), discovery.version_output(driver)
    except SetupError as exc:
        return [f"harness: browser not ready: {exc}"]
    return [f"harness: {version} ({binary}), {mode}", f"harness: {driver_version} ({driver})"]


class BrowserHolder:
    """The worker's one browser: launched on first use, relaunched after a crash."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.browser: Browser | None = None
        self.refused: SetupError | None = None  # a launch refused once is not tried again for every test

    def get(self) -> Browser:
        if self.refused is not None:
            raise SetupError(f"{self.refused} (refused at this worker's first launch; not tried again)")
        if self.browser is not None and not self.browser.alive:
            self.browser.close()
            self.browser = None
        if self.browser is None:
            try:
                self.browser = launch_browser(**self.options)
            except SetupError as exc:
                self.refused = exc
                raise
        return self.browser

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None


@pytest.fixture(scope="session")
def harness_launch_options(pytestconfig: pytest.Config) -> dict[str, Any]:
    """The `harness.launch` arguments for the shared `browser`; override to change them."""
    return launch_options(pytestconfig)


@pytest.fixture(scope="session")
def _harness_browser_holder(harness_launch_options: dict[str, Any]) -> Iterator[BrowserHolder]:
    holder = BrowserHolder(harness_launch_options)
    try:
        yield holder
    finally:
        holder.close()


@pytest.fixture
def browser(_harness_browser_holder: BrowserHolder) -> Browser:
    """The worker's browser, reset to its launch state before the test."""
    current = _harness_browser_holder.get()
    try:
        current.reset()
    except HarnessError:
        # A browser that cannot be reset (it died, or hangs) is replaced.
        _harness_browser_holder.close()
        current = _harness_browser_holder.get()
        current.reset()
    return current


@pytest.fixture
def sessions(browser: Browser) -> Sessions:
    """`browser.sessions` of the reset worker browser."""
    return browser.sessions


@pytest.fixture(scope="session")
def pages(pytestconfig: pytest.Config) -> Iterator[Pages]:
    """A web server for test pages, on --pages-host (default 127.0.0.1)."""
    with Pages(resolve(pytestconfig, "pages_host") or HOST) as server:
        yield server


@pytest.fixture
def launch(harness_launch_options: dict[str, Any]) -> Iterator[Callable[..., Browser]]:
    """A factory with the arguments of `harness.launch`; everything it
    launched is closed after the test."""
    launched: list[Browser] = []

    def factory(**kwargs: Any) -> Browser:
        browser = launch_browser(**{**harness_launch_options, **kwargs})
        launched.append(browser)
        return browser

    yield factory
    for browser in launched:
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On failure, add the last bridge calls and the browser log to the report.
    The outermost wrapper (tryfirst), so that it sees the final outcome: an
    expected failure (xfail) is not a failure and gets nothing. Reading
    Chromium's console costs 1.5 s, and its conformance run has 116 of them."""
    report = yield
    if report.failed and call.when in ("call", "setup"):
        funcargs = getattr(item, "funcargs", {})
        browser = funcargs.get("browser")
        if isinstance(browser, Browser):
            calls = browser.call_history()[-15:]
            if calls:
                report.sections.append(("harness: last bridge calls", "\n".join(str(r) for r in calls)))
            report.sections.append((f"harness: {browser.engine.driver_name} log (tail)", browser.log_tail(30)))
        for section in extension_error_sections(call.start):
            report.sections.append(section)
    return report


def extension_error_sections(since: float) -> list[tuple[str, str]]:
    """Errors thrown in users' extensions since `since`, and the last calls into
    them, one report section each, from every browser of this process (the
    shared one and those `launch` made)."""
    sections = []
    for browser in browser_module.live_browsers():
        if not browser.user_extensions or not browser.alive:
            continue
        try:
            errors = browser.extension_errors(since=since)
        except HarnessError as exc:
            sections.append(("harness: errors in extensions", f"could not read the browser console: {exc}"))
            continue
        for extension in browser.user_extensions:
            mine = [str(e) for e in errors if e.extension_id == extension.id]
            if mine:
                sections.append((f"harness: errors thrown in extension {extension.id}", "\n".join(mine)))
            calls = browser.extension(extension.id).history[-15:]
            if calls:
                text = "\n".join(str(r) for r in calls)
                sections.append((f"harness: last calls in extension {extension.id}", text))
    return sections
