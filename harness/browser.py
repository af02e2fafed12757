"""Launching Firefox with the fixture extension, and the `Browser` a test uses.

The browser process (geckodriver and Firefox), the bridge to the extension
page, and the facades (`sessions`, `tabs`, `windows`) are separate objects;
this module owns the process lifecycle: every process it starts it stops,
also when start-up fails half way, on Ctrl-C, and at interpreter exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from selenium import webdriver
from selenium.common import exceptions as se
from selenium.webdriver.firefox.service import Service

from . import console, discovery, orphans, prefs, processes
from .bridge import Bridge, PageGone, script
from .contexts import ExtensionContext
from .errors import BrowserCrashed, HarnessError, SetupError
from .extensions import FIXTURE_ID, FIXTURE_PAGE, UserExtension, fixture_extension_path, prepare_extensions
from .sessions import Sessions
from .tabs import Tabs, Windows
from .timeouts import Timeouts

SUPPORTED_BROWSERS = ("firefox",)

# Seconds a dead process may take to show as exited after its connection broke.
DEATH_GRACE = 2.0


@dataclass(frozen=True)
class LaunchConfig:
    """Everything `launch()` was asked for; `restart()` reuses it."""

    browser: str = "firefox"
    headless: bool = True
    binary: str | None = None
    driver: str | None = None
    remote_url: str | None = None
    prefs: dict[str, Any] = field(default_factory=dict)
    profile: str | None = None
    extensions: tuple[str, ...] = ()
    private_browsing: bool = False
    timeout: float = 10.0


_live: weakref.WeakSet[Browser] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """Nothing outlives the interpreter that started it."""
    for browser in list(_live):
        browser.close()


def launch(
    browser: str = "firefox",
    headless: bool = True,
    binary: str | None = None,
    driver: str | None = None,
    remote_url: str | None = None,
    prefs: dict[str, Any] | None = None,
    profile: str | os.PathLike[str] | None = None,
    extensions: tuple[str | os.PathLike[str], ...] | list[str | os.PathLike[str]] = (),
    private_browsing: bool = False,
    timeout: float = 10.0,
) -> Browser:
    """Start a browser with the fixture extension; returns once it answers."""
    config = LaunchConfig(
        browser=browser,
        headless=headless,
        binary=binary,
        driver=driver,
        remote_url=remote_url,
        prefs=dict(prefs or {}),
        profile=str(profile) if profile is not None else None,
        extensions=tuple(str(e) for e in extensions),
        private_browsing=private_browsing,
        timeout=timeout,
    )
    return Browser(config)


class Browser:
    """A running browser with the fixture extension. A context manager:
    leaving it quits everything and removes every temporary file."""

    name: str
    version: str

    def __init__(self, config: LaunchConfig, timeouts: Timeouts | None = None) -> None:
        if config.browser not in SUPPORTED_BROWSERS:
            supported = ", ".join(SUPPORTED_BROWSERS)
            raise SetupError(f"browser {config.browser!r} is not supported yet; supported: {supported}")
        if config.remote_url:
            raise SetupError("remote_url (Selenium Grid) is not supported yet; run a local browser")
        self.config = config
        self.timeouts = timeouts or replace(Timeouts(), call=config.timeout)
        self.name = config.browser
        self.version = ""
        self._tmp = Path(tempfile.mkdtemp(prefix="harness-", dir=orphans.temp_root()))  # mode 0700
        # In every process this browser starts, so that none escapes stop (see processes.TAGS_ENV).
        self.process_tag = orphans.new_tag("browser")
        self.profile_dir = Path(config.profile) if config.profile else self._tmp / "profile"
        self.log_path = self._tmp / "geckodriver.log"
        self.firefox_path = ""
        self.geckodriver_path = ""
        self._driver: Any = None
        self._service: Service | None = None
        self._firefox_pid: int | None = None
        self._bridge: Bridge | None = None
        self._pref_originals: dict[str, dict[str, Any]] = {}
        self._closed = False
        self.harness_tab_id: int | None = None
        self.harness_window_id: int | None = None
        self.user_extensions: list[UserExtension] = []
        self._contexts: dict[str, ExtensionContext] = {}
        self.sessions = Sessions(self.bridge)
        self.tabs = Tabs(self.bridge)
        self.windows = Windows(self.bridge)
        _live.add(self)
        try:
            self.user_extensions = prepare_extensions(config.extensions, self._tmp / "extensions")
            self.firefox_path = discovery.find_firefox(config.binary)
            self.geckodriver_path = discovery.find_geckodriver(config.driver)
            self._start()
        except BaseException:
            self.close()
            raise

    # -- lifecycle -----------------------------------------------------------

    def _start(self) -> None:
        """Start geckodriver and Firefox on the profile, install the
        extensions, and connect to the fixture extension's page."""
        self.profile_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        prefs.write_user_js(self.profile_dir, prefs.merged(self.config.prefs))
        options = webdriver.FirefoxOptions()
        options.binary_location = self.firefox_path
        if self.config.headless:
            options.add_argument("-headless")
        # Chrome-context scripts (prefs, private-browsing permission, finding the page).
        options.add_argument("-remote-allow-system-access")
        options.add_argument("-profile")
        options.add_argument(str(self.profile_dir))
        env = {**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_CRASHREPORTER_SHUTDOWN": "1"}
        # geckodriver's add-on copies and Firefox's temp files go in our private dir, removed on close.
        env = processes.with_tag({**env, "TMPDIR": str(self._tmp)}, self.process_tag)
        self._service = Service(executable_path=self.geckodriver_path, log_output=str(self.log_path), env=env)
        try:
            self._driver = webdriver.Firefox(options=options, service=self._service)
        except se.WebDriverException as exc:
            raise SetupError(
                f"Firefox would not start ({self.firefox_path} through {self.geckodriver_path}): {exc.msg}\n"
                f"geckodriver log: {self._log_tail()}"
            ) from exc
        caps = self._driver.capabilities
        self.version = str(caps.get("browserVersion", ""))
        self._firefox_pid = caps.get("moz:processID")
        before = list(self._driver.window_handles)
        self._driver.install_addon(str(fixture_extension_path()), temporary=True)
        for extension in self.user_extensions:
            started = time.time()
            try:
                self._driver.install_addon(str(extension.copy), temporary=True)
            except se.WebDriverException as exc:
                why = "".join(f"\n  {p}" for p in console.install_problems(self, extension.id, started))
                raise SetupError(f"Firefox refused to install extension {extension.source}: {exc.msg}{why}") from exc
        if self.config.private_browsing:
            before = self._allow_private(before)
        self._connect(before)

    def _allow_private(self, before: list[str]) -> list[str]:
        """Allow the fixture extension in private windows; it reloads and reopens its page."""
        handles = list(self._driver.window_handles)
        answer = self._chrome_async("allow_private.js", FIXTURE_ID, True)
        if answer.get("error"):
            raise SetupError(f"could not allow the fixture extension in private windows: {answer['error']}")
        return handles

    def _connect(self, excluded: list[str]) -> None:
        """Find the fixture extension's page (not one of `excluded`) and wait until it answers."""
        seconds = self.timeouts.scaled(self.timeouts.launch)
        answer = self._chrome_async(
            "find_page.js", FIXTURE_ID, FIXTURE_PAGE, excluded, int(seconds * 1000), timeout=seconds
        )
        if "handle" not in answer:
            raise SetupError(f"the fixture extension did not open its page: {answer.get('error')}")
        self._driver.switch_to.window(answer["handle"])
        self._bridge = Bridge(self._driver, answer["handle"], self.config.timeout, self._diagnose_death)
        state = self._bridge.call("harness.ping", timeout=self.timeouts.launch)
        self.harness_tab_id = state["tabId"]
        self.harness_window_id = state["windowId"]

    def _chrome_async(self, name: str, *args: Any, timeout: float | None = None) -> Any:
        """Run a script from harness/js/ in Firefox's chrome (privileged) context."""
        driver = self._require_driver()
        bridge = Bridge(driver, "", 0)
        seconds = timeout or self.timeouts.scaled(self.timeouts.call)
        with bridge.translate(name, args, seconds), driver.context(driver.CONTEXT_CHROME):
            driver.set_script_timeout(seconds + 1)
            if self._bridge:
                self._bridge._script_timeout = None  # the bridge sets its own again
            return driver.execute_async_script(script(name), *args)

    def _require_driver(self) -> Any:
        if self._driver is None:
            raise HarnessError("the browser is closed")
        return self._driver

    def _diagnose(self) -> str | None:
        """What died, for BrowserCrashed messages."""
        dead = []
        if self._firefox_pid and not processes.alive(self._firefox_pid):
            dead.append(f"Firefox (pid {self._firefox_pid})")
        process = self._service.process if self._service else None
        if process is not None and process.poll() is not None:
            dead.append(f"geckodriver (pid {process.pid})")
        return " and ".join(dead) or None

    def _diagnose_death(self) -> str | None:
        """`_diagnose()` once the connection broke: a killed process may close
        its sockets a moment before it shows as exited, so wait briefly for that."""
        deadline = time.monotonic() + DEATH_GRACE
        while (what := self._diagnose()) is None and time.monotonic() < deadline:
            time.sleep(0.05)  # allowed-sleep: polling /proc for an exiting process; a non-child gives no event
        return what

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _stop_processes(self) -> None:
        """Quit gracefully, then make sure nothing is left: every process of
        the browser, SIGTERM then SIGKILL."""
        driver, service, firefox_pid = self._driver, self._service, self._firefox_pid
        interrupted = self._bridge is not None and self._bridge.in_flight
        self._driver = self._service = self._bridge = None
        self._firefox_pid = None
        if driver is not None and not interrupted:  # an interrupted call keeps the driver busy
            quitter = threading.Thread(target=_quietly, args=(driver.quit,), daemon=True)
            quitter.start()
            quitter.join(self.timeouts.scaled(self.timeouts.quit))
        # Everything at once, with one grace period: Firefox's tree, geckodriver's,
        # and helpers re-parented away from both (crashhelper) that still carry the tag.
        process = service.process if service is not None else None
        roots = [pid for pid in (firefox_pid, process.pid if process is not None else None) if pid]
        tree = [p for root in roots for p in (root, *processes.descendants(root))]
        processes.stop(sorted({*tree, *processes.tagged(self.process_tag)}))
        if process is not None:
            _quietly(process.wait, 5)
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream:
                    _quietly(stream.close)
        if service is not None:
            _quietly(getattr(service, "_close_log_file", lambda: None))

    @property
    def firefox_pid(self) -> int | None:
        """The browser process's pid while it runs."""
        return self._firefox_pid

    @property
    def driver_pid(self) -> int | None:
        """geckodriver's pid while it runs."""
        process = self._service.process if self._service else None
        return process.pid if process is not None else None

    @property
    def alive(self) -> bool:
        """False once closed or once the browser or the driver has died."""
        return not self._closed and self._driver is not None and self._diagnose() is None

    def close(self) -> None:
        """Quit the browser and the driver and remove every temporary file. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            self._stop_processes()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
            _live.discard(self)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def restart(self) -> None:
        """Quit and relaunch on the same profile (session state survives, as
        for a user); returns when the fixture extension answers again."""
        if self._closed:
            raise HarnessError("the browser is closed")
        self._stop_processes()
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    # -- the public surface ----------------------------------------------------

    def bridge(self) -> Bridge:
        """The bridge to the fixture extension's page."""
        if self._bridge is None:
            if self._closed:
                raise HarnessError("the browser is closed")
            raise BrowserCrashed("the browser is not running")
        return self._bridge

    @property
    def driver(self) -> Any:
        """The Selenium WebDriver, switched to the fixture extension's page."""
        driver = self._require_driver()
        bridge = self.bridge()
        if driver.current_window_handle != bridge.handle:
            driver.switch_to.window(bridge.handle)
        return driver

    def execute(self, js: str, *args: Any, timeout: float | None = None) -> Any:
        """Run an async JavaScript function body in the fixture extension's
        page, with `browser`, `chrome` and `args` in scope; return its result."""
        return self.bridge().run(js, *args, timeout=timeout)

    def extension(self, extension_id: str) -> ExtensionContext:
        """Another extension's context (one installed with `extensions=`):
        `.sessions`, `.execute()` and `.wait_for()` run inside it."""
        if extension_id not in self._contexts:
            found = [e for e in self.user_extensions if e.id == extension_id]
            if not found:
                installed = ", ".join(e.id for e in self.user_extensions) or "none"
                raise HarnessError(
                    f"extension {extension_id!r} was not installed with extensions= (installed: {installed})"
                )
            self._contexts[extension_id] = ExtensionContext(self, found[0])
        return self._contexts[extension_id]

    def set_prefs(self, values: dict[str, Any]) -> None:
        """Set Firefox prefs now; `reset()` puts them back. None clears a user value."""
        for name, value in values.items():
            if value is not None and not isinstance(value, (bool, int, str)):
                raise TypeError(f"pref {name!r}: {value!r} is not a bool, an int, a str or None")
        answer = self._chrome_async("prefs.js", values, [])
        for name, before in answer["before"].items():
            self._pref_originals.setdefault(name, before)

    def get_pref(self, name: str) -> Any:
        """A Firefox pref's current value (None when it does not exist)."""
        return self._chrome_async("prefs.js", {}, [name])["current"][name]

    def reset(self) -> None:
        """Back to the state right after launch: one window with one tab
        besides the harness page, an empty closed list, no values, an empty
        event log, default prefs."""
        if self._pref_originals:
            originals = {n: (b["value"] if b["userSet"] else None) for n, b in self._pref_originals.items()}
            self._chrome_async("prefs.js", originals, [])
            self._pref_originals.clear()
        try:
            state = self.bridge().call("harness.reset")
        except PageGone:
            self._reopen_page()
            state = self.bridge().call("harness.reset")
        self.harness_tab_id = state["harnessTabId"]
        self.harness_window_id = state["windowId"]
        # Values set any way at all (also through execute(), or by another extension).
        self._chrome_async("clear_values.js")
        self.bridge().call("events.clear")

    def _reopen_page(self) -> None:
        """Open the fixture extension's page again, after a test navigated
        its tab away or closed it, and connect the bridge to it."""
        driver = self._require_driver()
        driver.switch_to.window(driver.window_handles[0])  # the old handle may be gone
        old_handle = self._bridge.handle if self._bridge else ""
        answer = self._chrome_async("open_page.js", FIXTURE_ID, FIXTURE_PAGE, old_handle)
        if answer.get("error"):
            raise HarnessError(f"could not reopen the fixture extension's page: {answer['error']}")
        self._connect([])

    def __repr__(self) -> str:
        state = "closed" if self._closed else "running"
        return f"<Browser {self.name} {self.version} {state}>"


def _quietly(fn: Any, *args: Any) -> None:
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - best effort during teardown
        pass
