"""Launching a browser with the fixture extension, and the `Browser` a test uses.

The engine (harness/browsers/) knows the browser; the Connection
(harness/connection.py) owns the WebDriver session and its processes; the
bridge talks to the extension page; the facades (`sessions`, `tabs`,
`windows`) sit on the bridge. This module ties them together and owns the
lifecycle: everything it starts it stops, also when start-up fails half way,
on Ctrl-C, and at interpreter exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import weakref
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from . import discovery, orphans, processes
from .bridge import Bridge, CallRecord
from .browsers import Engine, engine_for
from .config import LaunchConfig
from .connection import Connection
from .console import ConsoleError
from .contexts import ExtensionContext
from .errors import BrowserCrashed, HarnessError, PageGone, SetupError, hide_harness_frames
from .extensions import FIXTURE_PAGE, UserExtension, prepare_extensions
from .remote import DISK_CAPABILITY, PROFILE_MARKER, disk_claim_for, mark_profile, runs_on_profile
from .sessions import Sessions
from .tabs import Tabs, Windows
from .timeouts import BROWSER_WAIT_SHARE, DEFAULT, Timeouts

__tracebackhide__ = hide_harness_frames

# How a Connection words a node's refusal to start the browser (connection.remote_start_error).
START_REFUSED = "could not start a"

_live: weakref.WeakSet[Browser] = weakref.WeakSet()


def live_browsers() -> list[Browser]:
    """Every Browser of this process that is not closed yet."""
    return list(_live)


@atexit.register
def _close_all() -> None:
    """Nothing outlives the interpreter that started it."""
    for browser in list(_live):
        browser.close()


def launch(
    browser: str = "firefox",
    headless: bool = True,
    binary: str | os.PathLike[str] | None = None,
    driver: str | os.PathLike[str] | None = None,
    remote_url: str | None = None,
    prefs: dict[str, Any] | None = None,
    profile: str | os.PathLike[str] | None = None,
    extensions: tuple[str | os.PathLike[str], ...] | list[str | os.PathLike[str]] = (),
    private_browsing: bool = False,
    timeout: float = DEFAULT.call,
) -> Browser:
    """Start a browser with the fixture extension; returns once it answers."""
    config = LaunchConfig(
        browser=browser,
        headless=headless,
        binary=str(binary) if binary is not None else None,
        driver=str(driver) if driver is not None else None,
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
        self.config = config
        self.engine: Engine = engine_for(config.browser)
        self.timeouts = timeouts or (Timeouts() if config.timeout is None else replace(Timeouts(), call=config.timeout))
        self.name = self.engine.name
        self.version = ""
        self._tmp = Path(tempfile.mkdtemp(prefix="harness-", dir=orphans.temp_root()))  # mode 0700
        # In every process this browser starts, so that none escapes stop (see processes.TAGS_ENV).
        self.process_tag = orphans.new_tag("browser")
        self.profile_dir = Path(config.profile) if config.profile else self._tmp / "profile"
        self.log_path = self._tmp / f"{self.engine.driver_name}.log"
        self.binary_path: str | None = None
        self.driver_path: str | None = None
        self.connection: Connection | None = None
        self._bridge: Bridge | None = None
        self._pref_originals: dict[str, dict[str, Any]] = {}
        self._closed = False
        self.harness_tab_id: int | None = None
        # The browser runs on profile_dir, made here (locally, or on a Grid node that shares this disk).
        self.own_profile = config.remote_url is None
        self.harness_window_id: int | None = None
        self.user_extensions: list[UserExtension] = []
        self._contexts: dict[str, ExtensionContext] = {}
        self.sessions = Sessions(self.bridge)
        self.tabs = Tabs(self.bridge)
        self.windows = Windows(self.bridge)
        _live.add(self)
        try:
            self.user_extensions = prepare_extensions(config.extensions, self._tmp / "extensions", self.engine)
            if config.remote_url:
                self.binary_path = config.binary  # a path on the node, when given at all
            else:
                self.binary_path = self.engine.find_binary(config.binary)
                self.driver_path = self.engine.find_driver(config.driver)
                self.engine.check_driver(self.binary_path, self.driver_path)
            self._start()
        except BaseException:
            self.close()
            raise

    # -- lifecycle -----------------------------------------------------------

    @property
    def _extension_ids(self) -> list[str]:
        return [self.engine.fixture_id, *(e.id for e in self.user_extensions)]

    @property
    def _private_ids(self) -> list[str]:
        """Allowed in private windows from the start: with private_browsing, the fixture
        and the extensions given to launch() (not those add_extensions() adds)."""
        if not self.config.private_browsing:
            return []
        return self._extension_ids[: 1 + len(self.config.extensions)]

    def _start(self, *, restarting: bool = False, page_restored: bool = False) -> None:
        """Start a session on the profile, install the extensions, and connect
        to the fixture extension's page (`page_restored`: session restore brings a copy back)."""
        engine, config = self.engine, self.config
        fixture = engine.fixture(self._tmp)
        if config.remote_url:
            self.connection = self._start_remote(own_profile_needed=restarting)
        else:
            options = engine.options(
                config, self.binary_path, self.profile_dir, self._extension_ids, private_ids=self._private_ids
            )
            assert self.driver_path is not None and self.binary_path is not None
            # The driver's add-on copies and the browser's temp files go in our private dir, removed on close.
            env = processes.with_tag({**os.environ, "TMPDIR": str(self._tmp)}, self.process_tag)
            try:
                self.connection = Connection.local(
                    engine.driver_class,
                    options,
                    engine.service(self.driver_path, self.log_path, env),
                    self.timeouts,
                    log_path=self.log_path,
                    process_tag=self.process_tag,
                    browser_title=engine.title,
                    driver_title=engine.driver_name,
                    browser_pid=engine.browser_pid,
                )
            except SetupError as exc:
                # A browser too old to start through this driver gets the floor's message.
                engine.check_version(discovery.version_output(self.binary_path), self.binary_path)
                raise exc from exc.__cause__
        connection = self.connection
        self.version = connection.version
        engine.check_version(self.version, self.binary_path or str(config.remote_url))
        if page_restored:
            url = engine.page_url(engine.fixture_id, FIXTURE_PAGE)
            engine.wait_restored(connection, url, self.timeouts.scaled(self.timeouts.launch))
        open_it = not engine.fixture_opens_its_page
        before = [] if open_it else connection.handles()  # the page is found among the tabs new since
        engine.before_install(connection, self._extension_ids, self._private_ids)
        engine.install(connection, fixture, engine.fixture_id)
        self.user_extensions = [self._install(extension) for extension in self.user_extensions]
        self._connect(excluded=before, open_it=open_it, first=True)
        if restarting or config.profile is not None:  # a fresh profile has no session to restore
            prefixes = [engine.page_url(extension_id, "") for extension_id in self._extension_ids]
            self.bridge().call("harness.blankStalePages", prefixes)

    # Per Grid URL: whether its last session ran on a node sharing this disk (which options to try first).
    _last_shared: ClassVar[dict[str, bool]] = {}

    def _start_remote(self, *, own_profile_needed: bool = False) -> Connection:
        """A session on the Grid. Whether its node shares this disk is checked per
        session (harness/remote.py). Where it does, the browser runs on the profile
        folder made here (so restart() keeps it; a marker file written into it and
        read back by the browser proves that); elsewhere on the node's own profile,
        and a session started for the folder made here is replaced by one that is not.
        Where the folder made here is needed (profile=, restart()) and a node says it
        shares this disk (remote.DISK_CAPABILITY), the session asks for such a node."""
        config = self.config
        assert config.remote_url is not None
        needed = own_profile_needed or config.profile is not None
        if needed or self._last_shared.get(config.remote_url, True):
            disk = disk_claim_for(config.remote_url, self.engine.name, self.timeouts) if needed else None
            try:
                connection = self._remote_session(own_disk=True, disk=disk)
            except SetupError as exc:
                # A node elsewhere may refuse a profile folder it does not have (geckodriver does).
                if needed or START_REFUSED not in str(exc):
                    raise
                self._last_shared[config.remote_url] = False
                return self._start_remote()
            on_it = connection.shares_disk and runs_on_profile(
                self.engine.profile_file(connection, PROFILE_MARKER), self.profile_dir
            )
            if on_it:
                self._last_shared[config.remote_url] = self.own_profile = True
                return connection
            where = connection.where
            connection.stop()
            if config.profile is None:
                shutil.rmtree(self.profile_dir, ignore_errors=True)  # made for nothing: the node has its own
            if needed:
                feature = "restart()" if own_profile_needed else "profile="
                raise SetupError(
                    f"{feature} needs the browser to run on the profile folder {self.profile_dir} made on this "
                    f"machine, but its session ran {where}, on a node that does not share this machine's disk, "
                    f"and no node of the Grid says it does ({DISK_CAPABILITY} in its slots: python -m harness.grid "
                    f"sets it). Use a Grid with a node that runs here, or do without {feature} there"
                )
        connection = self._remote_session(own_disk=False)
        self._last_shared[config.remote_url] = connection.shares_disk
        self.own_profile = False
        return connection

    def _remote_session(self, *, own_disk: bool, disk: str | None = None) -> Connection:
        engine, config = self.engine, self.config
        assert config.remote_url is not None
        options = engine.options(
            config,
            self.binary_path,
            self.profile_dir,
            self._extension_ids,
            private_ids=self._private_ids,
            own_disk=own_disk,
        )
        if disk is not None:
            options.set_capability(DISK_CAPABILITY, disk)
        if own_disk:
            mark_profile(self.profile_dir, orphans.new_tag("profile"))
        self.connection = Connection.remote(
            config.remote_url,
            options,
            self.timeouts,
            browser_title=engine.title,
            driver_title=engine.driver_name,
            workdir=self._tmp,
        )  # stopped by close() from here on
        return self.connection

    def _install(self, extension: UserExtension) -> UserExtension:
        """Install a user's extension; the id the browser gave it (another on a node elsewhere
        when it comes from the folder's path) becomes its id, the one derived here an alias."""
        got = self.engine.install(
            self.require_connection(), extension.copy, extension.id, shown_as=str(extension.source)
        )
        if got == extension.id:
            return extension
        return replace(extension, id=got, aliases=(*extension.aliases, extension.id))

    def _connect(self, excluded: list[str], open_it: bool, *, first: bool = False) -> None:
        """Connect the bridge to the fixture's page (`first`: the one a start opens)."""
        self._bridge, state = self.open_bridge(
            self.engine.fixture_id, FIXTURE_PAGE, excluded, open_it=open_it, first=first
        )
        self.harness_tab_id = state["tabId"]
        self.harness_window_id = state["windowId"]

    def open_bridge(
        self,
        extension_id: str,
        path: str,
        excluded: list[str],
        *,
        open_it: bool,
        beside: str | None = None,
        first: bool = False,
    ) -> tuple[Bridge, dict[str, Any]]:
        """A bridge to an extension's page, once it answers: the engine opens
        the page (unless the extension opens it itself), it is found among the
        windows by its URL, and pinged. Returns the bridge and the ping's answer."""
        connection = self.require_connection()
        url = self.engine.page_url(extension_id, path)
        seconds = self.timeouts.scaled(self.timeouts.launch)
        handle = None
        if open_it:
            engine = self.engine
            handle = engine.open_first_page(connection, url) if first else engine.open_page(connection, url, beside)
        handle = handle or connection.find_handle(url, excluded)
        if handle is None:
            self.engine.wait_page(connection, url, seconds)
            handle = connection.find_handle(url, excluded)
        if handle is None:
            raise HarnessError(f"{url} has loaded, but no WebDriver window shows it")
        bridge = Bridge(connection, handle, self.timeouts.call if self.config.timeout is None else self.config.timeout)
        try:
            state = bridge.call("harness.ping", timeout=self.timeouts.launch)
        except PageGone:  # found while its scripts were still loading
            self.engine.wait_page(connection, url, seconds)
            state = bridge.call("harness.ping", timeout=self.timeouts.launch)
        return bridge, state

    def require_connection(self) -> Connection:
        if self.connection is None or self.connection.closed:
            if self._closed:
                raise HarnessError("the browser is closed")
            raise BrowserCrashed("the browser is not running")
        return self.connection

    @property
    def browser_pid(self) -> int | None:
        """The browser process's pid while it runs locally."""
        return self.connection.browser_pid if self.connection is not None and not self.connection.closed else None

    @property
    def driver_pid(self) -> int | None:
        """The driver's pid while it runs locally."""
        return self.connection.driver_pid if self.connection is not None and not self.connection.closed else None

    @property
    def alive(self) -> bool:
        """False once closed or once the browser or the driver has died."""
        return not self._closed and self.connection is not None and self.connection.alive

    def call_history(self) -> list[CallRecord]:
        """The last calls into the fixture extension's page and their answers (abridged)."""
        return list(self._bridge.history) if self._bridge is not None else []

    def log_tail(self, lines: int = 30) -> str:
        """The end of the driver's log (or where to find it, for a remote session)."""
        if self.connection is None:
            return "(no session)"
        return self.connection.log_tail(lines)

    def _stop(self) -> None:
        connection, self.connection, self._bridge = self.connection, None, None
        if connection is not None:
            connection.stop()

    def close(self) -> None:
        """Quit the browser and the driver and remove every temporary file. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            self._stop()
        finally:
            if self.config.profile and self.config.remote_url:
                (self.profile_dir / PROFILE_MARKER).unlink(missing_ok=True)  # the user's own folder
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
        if not self.own_profile:
            raise SetupError(
                "restart() needs the profile to stay on the browser's disk; this session ran "
                f"{self.connection.where if self.connection else 'remotely'}, on a node that does not share this "
                "machine's disk, where the next session may start on another node: restart() works only with a "
                "Grid whose nodes run on this machine (e.g. python -m harness.grid)"
            )
        url = self.engine.page_url(self.engine.fixture_id, FIXTURE_PAGE)
        connection = self.connection
        try:
            page_open = connection is not None and any(shown == url for _, shown in connection.tabs())
        except HarnessError:  # a browser that died: nothing is known of its tabs
            page_open = False
        self._stop()
        try:
            self._start(restarting=True, page_restored=page_open)
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
        """The Selenium WebDriver, switched to the fixture extension's page.

        Classic WebDriver commands run in the current window, so the first
        access (and any after the test switched elsewhere) is a window switch,
        which in Firefox selects the harness's tab; later accesses switch
        nothing. No other harness call switches windows."""
        connection = self.require_connection()
        connection.switch_to(self.bridge().handle)
        return connection.driver

    def execute(self, js: str, *args: Any, timeout: float | None = None) -> Any:
        """Run an async JavaScript function body in the fixture extension's
        page, with `browser`, `chrome` and `args` in scope; return its result."""
        return self.bridge().run(js, *args, timeout=timeout)

    def extension(self, extension_id: str) -> ExtensionContext:
        """Another extension's context (one installed with `extensions=` or
        `add_extensions()`): `.sessions`, `.execute()` and `.wait_for()` run inside it."""
        extension = self._user_extension(extension_id)
        if extension.id not in self._contexts:
            self._contexts[extension.id] = ExtensionContext(self, extension)
        return self._contexts[extension.id]

    def _user_extension(self, extension_id: str) -> UserExtension:
        found = [e for e in self.user_extensions if extension_id in (e.id, *e.aliases)]
        if not found:
            installed = ", ".join(" a.k.a. ".join((e.id, *e.aliases)) for e in self.user_extensions) or "none"
            raise HarnessError(
                f"extension {extension_id!r} was not installed with extensions= or add_extensions() "
                f"(installed: {installed})"
            )
        return found[0]

    def add_extensions(self, *sources: str | Path) -> list[ExtensionContext]:
        """Install more extensions into the running browser, checked and prepared
        as `extensions=` does at launch, and return their contexts: a module that
        needs other extensions beside the fixture shares the worker's browser
        instead of launching one (about 2 s). restart() installs them again."""
        connection = self.require_connection()
        workdir = Path(tempfile.mkdtemp(prefix="added-", dir=self._tmp))
        added = prepare_extensions(tuple(map(str, sources)), workdir, self.engine, tuple(self.user_extensions))
        self.engine.before_adding(connection, [e.id for e in added])
        for extension in added:
            self.user_extensions.append(self._install(extension))
        return [self.extension(e.id) for e in self.user_extensions[-len(added) :]]

    def remove_extensions(self, *extension_ids: str) -> None:
        """Uninstall extensions installed with `extensions=` or add_extensions().
        Their open pages close; a browser may list those as closed tabs, which
        the next reset() forgets."""
        connection = self.require_connection()
        removed = [self._user_extension(extension_id) for extension_id in extension_ids]
        try:
            connection.switch_to(self.bridge().handle)  # away from pages that are about to close
        except PageGone:
            # chromedriver's classic window list can miss the tab: a tab that session restore
            # brought back showing the page (a restart). The uninstall needs no window.
            pass
        for extension in removed:
            self.engine.uninstall(connection, extension.id)
            self.user_extensions.remove(extension)
            self._contexts.pop(extension.id, None)

    def allow_private(self, allowed: bool = True) -> None:
        """Allow (False: disallow) the fixture extension in private windows in the
        running browser, as launch(private_browsing=True) does at start; restart()
        keeps it. The extension reloads as it does for a user's toggle: its page
        opens again, and the closed entry Firefox makes of the old one is forgotten.
        Firefox only (Chromium: SetupError; launch with private_browsing=True)."""
        connection = self.require_connection()
        engine = self.engine
        before = connection.handles()
        engine.allow_private(connection, engine.fixture_id, allowed)
        self.config = replace(self.config, private_browsing=allowed)
        self._connect(excluded=before, open_it=not engine.fixture_opens_its_page)
        seconds = self.timeouts.scaled(self.timeouts.call)
        page = engine.page_url(engine.fixture_id, FIXTURE_PAGE)
        waited_ms = round(seconds * BROWSER_WAIT_SHARE * 1000)
        self.bridge().call("harness.forgetClosedPage", page, waited_ms, timeout=seconds)

    def extension_errors(
        self, ids: list[str] | None = None, since: float = 0.0, *, after: float = 0.0, wait: float = 0.0
    ) -> list[ConsoleError]:
        """Errors thrown in the given user extensions (default: all of them)
        since `since` (seconds since the epoch), oldest first, as the browser
        console recorded them (where the engine can read it). With `wait`: when
        none came after `after`, waits up to `wait` seconds for the next one first."""
        wanted = [e.id for e in self.user_extensions] if ids is None else ids
        if not wanted:
            return []
        raw = self.engine.extension_errors(self.require_connection(), wanted, since, after, wait)
        return [ConsoleError.from_raw(item) for item in raw]

    def set_prefs(self, values: dict[str, Any]) -> None:
        """Set browser prefs now (Firefox); `reset()` puts them back. None clears a user value."""
        for name, value in values.items():
            if value is not None and not isinstance(value, (bool, int, str)):
                raise TypeError(f"pref {name!r}: {value!r} is not a bool, an int, a str or None")
        before = self.engine.set_prefs(self.require_connection(), values)
        for name, was in before.items():
            self._pref_originals.setdefault(name, was)

    def get_pref(self, name: str) -> Any:
        """A browser pref's current value (None when it does not exist)."""
        return self.engine.get_pref(self.require_connection(), name)

    def reset(self) -> None:
        """Back to the state right after launch: one window with one tab
        besides the harness page (and the harness's pages in user extensions
        whose tabs the test left alone, loaded again), an empty closed list,
        no values, an empty event log, default prefs."""
        connection = self.require_connection()
        if self._pref_originals:
            originals = {n: (b["value"] if b["userSet"] else None) for n, b in self._pref_originals.items()}
            self.engine.set_prefs(connection, originals)
            self._pref_originals.clear()
        contexts = {tab: c for c in self._contexts.values() if (tab := c.open_tab(connection)) is not None}
        try:
            state = self.bridge().call("harness.reset", list(contexts))
        except PageGone:
            self._reopen_page()
            state = self.bridge().call("harness.reset", list(contexts))
        self.harness_tab_id = state["harnessTabId"]
        self.harness_window_id = state["windowId"]
        for tab_id, context in contexts.items():
            context.refresh(kept=tab_id in state["keptContexts"])
        # Values set any way at all (also through execute(), or by another extension).
        self.engine.clear_values(connection)

    def _reopen_page(self) -> None:
        """Open the fixture extension's page again, after a test navigated
        its tab away or closed it, and connect the bridge to it."""
        connection = self.require_connection()
        connection.switch_to(connection.handles()[0])  # the old handle may be gone
        self._connect(excluded=[], open_it=True)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "running"
        return f"<Browser {self.name} {self.version} {state}>"
