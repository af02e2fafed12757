"""One WebDriver session, local or remote, and everything that talks to it.

The Connection owns the session (and, when local, the driver process and the
browser's process tree), runs scripts in a given tab (WebDriver BiDi, no
window switch: the user's active tab stays where it is) or in the browser's
privileged context, and is the one place where Selenium's, urllib3's and the
BiDi socket's exceptions become harness errors (`translate`). Which browser
runs is not its business (harness/browsers/); what a page answers is the bridge's.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import urllib3.exceptions
from selenium import webdriver
from selenium.common import exceptions as se
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.common.service import Service
from selenium.webdriver.remote.client_config import ClientConfig

from . import processes
from .bidi import BiDi, BiDiClosed, BiDiError, BiDiTimeout
from .encoding import describe_args
from .errors import (
    BrowserCrashed,
    ExtensionError,
    HarnessError,
    HarnessTimeout,
    PageGone,
    SetupError,
    hide_harness_frames,
)
from .remote import hub_state, hub_status, no_node_for, node_of, node_shares_disk
from .scripts import script
from .timeouts import WATCHDOG_MARGIN, Timeouts

__tracebackhide__ = hide_harness_frames

# Selenium messages that mean the browser or the connection to it is gone.
_DEAD_MESSAGES = (
    "Failed to decode response from marionette",
    "Tried to run command without establishing a connection",
    "Browsing context has been discarded",
    "Process unexpectedly closed",
    "connection refused",
    "Connection refused",
    "session deleted because of page crash",
    "chrome not reachable",
    # A Selenium Grid node that lost its driver (measured: geckodriver killed on the node).
    "Connection error (",
    "Failed to execute request (",
)

# What a Selenium Grid hub answers when a new-session request waited in its queue too long.
QUEUE_TIMEOUT_MESSAGE = "New session request timed out"
SLOTS_HINT = (
    "Each pytest worker holds a session, and a test that launches a browser of its own needs one more at "
    "the same time: give the Grid twice as many slots as workers."
)


class Connection:
    """A WebDriver session: `driver`, script execution, error translation, stop."""

    def __init__(
        self,
        driver: Any,
        timeouts: Timeouts,
        *,
        service: Service | None = None,
        browser_pid: int | None = None,
        remote_url: str | None = None,
        log_path: Path | None = None,
        process_tag: str | None = None,
        browser_title: str = "the browser",
        driver_title: str = "the driver",
    ) -> None:
        self.driver = driver
        self.timeouts = timeouts
        self.service = service
        self.browser_pid = browser_pid
        self.remote_url = remote_url
        self.log_path = log_path
        self.process_tag = process_tag
        self.browser_title = browser_title
        self.driver_title = driver_title
        self.in_flight = False  # a script is running: stop() need not wait for a graceful quit
        self.closed = False
        self.dead = False  # a command said the browser or its driver is gone (what `alive` is when remote)
        self.node: str | None = None  # the Grid node running a remote session, when the hub says
        self.shares_disk = remote_url is None  # remote: checked once the session runs (see remote())
        self._http_timeout: float | None = None  # remote: the client's bound on one request
        self._script_timeout: float | None = None
        self._bidi: BiDi | None = None

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def local(
        cls,
        driver_class: Callable[..., Any],
        options: ArgOptions,
        service: Service,
        timeouts: Timeouts,
        *,
        log_path: Path,
        process_tag: str,
        browser_title: str,
        driver_title: str,
        browser_pid: Callable[[dict[str, Any]], int | None],
    ) -> Connection:
        """Start the driver process and a session through it."""
        try:
            driver = driver_class(options=options, service=service)
        except se.WebDriverException as exc:
            _stop_service(service, timeouts)
            raise SetupError(
                f"{browser_title} would not start ({getattr(options, 'binary_location', '')} through "
                f"{service.path}): {exc.msg}\ndriver log: {_tail(log_path)}"
            ) from exc
        except BaseException:
            _stop_service(service, timeouts)
            raise
        return cls(
            driver,
            timeouts,
            service=service,
            browser_pid=browser_pid(driver.capabilities),
            log_path=log_path,
            process_tag=process_tag,
            browser_title=browser_title,
            driver_title=driver_title,
        )

    @classmethod
    def remote(
        cls,
        url: str,
        options: ArgOptions,
        timeouts: Timeouts,
        *,
        browser_title: str,
        driver_title: str,
        workdir: Path,
    ) -> Connection:
        """A session on a Selenium Grid (or any remote WebDriver end). Every
        request is bounded (Selenium's client waits forever by default): the
        new session by the launch timeout, later ones by `_set_http_timeout`.
        Whether its node shares this disk is checked with a marker file (in `workdir`)."""
        check_remote_url(url)
        seconds = timeouts.scaled(timeouts.launch)
        # A hub without a node for this browser would queue the request until its own timeout.
        status = hub_status(url, seconds)  # a hub warming up answers its first /status in seconds
        refusal = no_node_for(status, options.capabilities["browserName"]) if status is not None else None
        if refusal is not None:
            raise SetupError(
                f"the Selenium Grid at {url} has no node that runs {browser_title}. The hub says: {refusal}"
            )
        config = ClientConfig(remote_server_addr=url, timeout=seconds)  # type: ignore[arg-type]
        try:
            driver = webdriver.Remote(command_executor=url, options=options, client_config=config)
        except (se.WebDriverException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise remote_start_error(url, exc, seconds, browser_title, hub_state(url, timeouts)) from exc
        connection = cls(driver, timeouts, remote_url=url, browser_title=browser_title, driver_title=driver_title)
        connection.node = node_of(url, driver.session_id, timeouts)
        connection._set_http_timeout(timeouts.scaled(timeouts.launch))
        try:
            with connection.translate("check the node's disk"):
                connection.shares_disk = node_shares_disk(driver, workdir)
        except BaseException:
            connection.stop()
            raise
        return connection

    # -- facts ---------------------------------------------------------------------------

    @property
    def capabilities(self) -> dict[str, Any]:
        return dict(self.driver.capabilities)

    @property
    def version(self) -> str:
        return str(self.capabilities.get("browserVersion", ""))

    @property
    def driver_pid(self) -> int | None:
        process = self.service.process if self.service is not None else None
        return process.pid if process is not None else None

    @property
    def where(self) -> str:
        """Where a remote session runs, for messages: the Grid, its node, the session."""
        if not self.remote_url:
            return "locally"
        node = f"node {self.node} of " if self.node else ""
        return f"on {node}the Selenium Grid at {self.remote_url} (session {self.driver.session_id})"

    # -- windows (tabs: top-level browsing contexts) -----------------------------------------

    def handles(self) -> list[str]:
        with self.translate("window_handles"):
            return list(self.driver.window_handles)

    def switch_to(self, handle: str) -> None:
        """Make `handle` WebDriver's current window (in Firefox this selects its
        tab: only `browser.driver` and reset() do it, never a bridge call)."""
        with self.translate("switch_to.window", (handle,)):
            try:
                current = self.driver.current_window_handle
            except se.NoSuchWindowException:
                current = None  # the window WebDriver was on has closed
            if current != handle:
                self.driver.switch_to.window(handle)

    @property
    def bidi(self) -> BiDi:
        """The session's WebDriver BiDi socket, opened on first use."""
        if self._bidi is None:
            url = self.capabilities.get("webSocketUrl")
            if not isinstance(url, str):
                raise HarnessError(
                    f"the {self.driver_title} session {self.where} has no WebDriver BiDi socket (no webSocketUrl "
                    "capability): the harness reaches its pages through it"
                )
            with self.translate("connect to WebDriver BiDi", (url,)):
                self._bidi = BiDi(url, self.timeouts.scaled(self.timeouts.launch))
        return self._bidi

    def bidi_command(self, method: str, params: dict[str, Any], seconds: float | None = None) -> dict[str, Any]:
        """One BiDi command, its errors translated."""
        seconds = seconds if seconds is not None else self.timeouts.scaled(self.timeouts.call)
        with self.translate(method, (), seconds):
            return self.bidi.command(method, params, seconds)

    def tabs(self) -> list[tuple[str, str]]:
        """Every tab's handle and URL (BiDi browsingContext.getTree: nothing is switched)."""
        tree = self.bidi_command("browsingContext.getTree", {"maxDepth": 0})
        return [(str(c["context"]), str(c.get("url", ""))) for c in tree.get("contexts", [])]

    def find_handle(self, url: str, excluded: list[str], tabs: list[tuple[str, str]] | None = None) -> str | None:
        """The handle of a tab showing exactly `url`, other than `excluded` ones (among `tabs`
        when the caller has read them already)."""
        listed = self.tabs() if tabs is None else tabs
        return next((handle for handle, shown in listed if shown == url and handle not in excluded), None)

    def open_tab(self, beside: str | None, *, background: bool = True) -> str:
        """A new tab, in the background unless told (in the window of tab `beside`, when given); its handle."""
        params: dict[str, Any] = {"type": "tab", "background": background}
        if beside is not None:
            params["referenceContext"] = beside
        return str(self.bidi_command("browsingContext.create", params)["context"])

    def navigate(self, handle: str, url: str) -> None:
        """Load `url` in tab `handle` without selecting it; returns once it has loaded."""
        self.bidi_command("browsingContext.navigate", {"context": handle, "url": url, "wait": "complete"})

    # -- scripts -------------------------------------------------------------------------

    def call_in(self, handle: str, what: str, args: tuple[Any, ...], seconds: float, source: str, *params: Any) -> Any:
        """Run an async script (written for WebDriver's execute async script) in
        tab `handle` through BiDi script.callFunction, which selects nothing;
        the browser-side timer is `seconds`, the Python-side watchdog a little longer."""
        declaration = script("bidi_call.js").replace("/* SCRIPT */", source)
        command = {
            "functionDeclaration": declaration,
            "arguments": [{"type": "string", "value": json.dumps(list(params))}],
            "target": {"context": handle},
            "awaitPromise": True,
            "resultOwnership": "none",
        }
        with self.translate(what, args, seconds):
            result = self.bidi.command("script.callFunction", command, seconds + WATCHDOG_MARGIN)
        if result.get("type") == "exception":
            details = result.get("exceptionDetails") or {}
            raise ExtensionError(str(details.get("text", "")), method=what, args=args, name="JavascriptError")
        value = (result.get("result") or {}).get("value")
        return json.loads(value) if isinstance(value, str) else None

    def _run_script(self, source: str, params: tuple[Any, ...]) -> Any:
        """`in_flight` stays set when the wait is interrupted (Ctrl-C, SIGTERM:
        not an Exception): the driver is then still busy with the script, and
        stop() must not wait for a graceful quit."""
        self.in_flight = True
        try:
            answer = self.driver.execute_async_script(source, *params)
        except Exception:
            self.in_flight = False
            raise
        self.in_flight = False
        return answer

    def privileged(self, what: str, args: tuple[Any, ...], seconds: float, source: str, *params: Any) -> Any:
        """Run an async script in the browser's privileged (chrome) context,
        where the engine offers one (Firefox with -remote-allow-system-access)."""
        with self.translate(what, args, seconds):
            self.driver.execute("SET_CONTEXT", {"context": "chrome"})
            try:
                self._set_script_timeout(seconds + WATCHDOG_MARGIN)
                return self._run_script(source, params)
            finally:
                self.driver.execute("SET_CONTEXT", {"context": "content"})

    def _set_script_timeout(self, seconds: float) -> None:
        if self.remote_url:  # the request carrying the script outlives the browser's watchdog
            self._set_http_timeout(max(self.timeouts.scaled(self.timeouts.launch), seconds + WATCHDOG_MARGIN))
        if self._script_timeout != seconds:
            self.driver.set_script_timeout(seconds)
            self._script_timeout = seconds

    def _set_http_timeout(self, seconds: float) -> None:
        """The client's bound on each request to a remote end (read by Selenium at every request)."""
        if self._http_timeout != seconds:
            self.driver.command_executor.client_config.timeout = seconds
            self._http_timeout = seconds

    # -- errors ------------------------------------------------------------------------

    @contextmanager
    def translate(self, what: str, args: tuple[Any, ...] = (), seconds: float | None = None) -> Iterator[None]:
        """Turn Selenium's and urllib3's exceptions into ours, keeping the cause."""
        try:
            yield
        except BiDiTimeout as exc:
            if self._session_lost():
                raise self.crashed(what, args) from exc
            raise HarnessTimeout(f"{what}{describe_args(args)}: no answer from the browser within {seconds}s") from exc
        except BiDiClosed as exc:
            raise self.crashed(what, args) from exc
        except BiDiError as exc:
            if exc.error == "no such frame":
                raise PageGone(f"{what}: the tab it ran in was closed") from exc
            if any(text in exc.message for text in _DEAD_MESSAGES):
                raise self.crashed(what, args) from exc
            raise HarnessError(f"{what}: WebDriver BiDi error: {exc}") from exc
        except se.TimeoutException as exc:
            raise HarnessTimeout(f"{what}{describe_args(args)}: no answer from the browser within {seconds}s") from exc
        except se.JavascriptException as exc:
            raise ExtensionError(exc.msg or str(exc), method=what, args=args, name="JavascriptError") from exc
        except (se.InvalidSessionIdException, urllib3.exceptions.HTTPError, ConnectionError) as exc:
            raise self.crashed(what, args) from exc
        except se.WebDriverException as exc:
            if any(text in str(exc) for text in _DEAD_MESSAGES):
                raise self.crashed(what, args) from exc
            if isinstance(exc, se.NoSuchWindowException):
                raise PageGone(f"{what}: the window it ran in was closed") from exc
            raise HarnessError(f"{what}: WebDriver error: {exc.msg or exc}") from exc

    def _session_lost(self) -> bool:
        """After a BiDi call went unanswered: whether the session is gone (a local
        process died, or its classic endpoint says so, as a Grid node does for a
        killed browser) rather than slow. A killed browser's BiDi socket may
        stay open, unanswered, behind a driver or a Grid."""
        if not self.remote_url and self.diagnose() is not None:
            return True
        if self.driver is None:
            return False
        try:
            self.driver.window_handles  # noqa: B018 - the cheapest classic command
        except (se.InvalidSessionIdException, urllib3.exceptions.HTTPError, ConnectionError):
            return True
        except se.WebDriverException as exc:
            return any(text in str(exc) for text in _DEAD_MESSAGES)
        return False

    def crashed(self, what: str, args: tuple[Any, ...] = ()) -> BrowserCrashed:
        self.dead = True
        if self.remote_url:
            # Nothing local to look at: the browser's pid names a process on the node.
            if hub_status(self.remote_url, self.timeouts.scaled(self.timeouts.launch)) is None:
                return BrowserCrashed(
                    f"{what}{describe_args(args)}: the Selenium Grid's hub at {self.remote_url} does not answer "
                    f"(stopped, or unreachable); the {self.browser_title} session {self.driver.session_id} "
                    f"{'on node ' + self.node + ' ' if self.node else ''}is lost"
                )
            return BrowserCrashed(
                f"{what}{describe_args(args)}: {self.browser_title} or its {self.driver_title} died, or stopped "
                f"answering within {self._http_timeout:g}s, {self.where}; the {self.driver_title} log is in "
                "that node's output"
            )
        dead = self.diagnose_death() or f"{self.browser_title} or its driver"
        return BrowserCrashed(f"{what}{describe_args(args)}: {dead} died")

    def diagnose(self) -> str | None:
        """What died, for BrowserCrashed messages (local processes only)."""
        dead = []
        if self.browser_pid and not processes.alive(self.browser_pid):
            dead.append(f"{self.browser_title} (pid {self.browser_pid})")
        process = self.service.process if self.service is not None else None
        if process is not None and process.poll() is not None:
            dead.append(f"{self.driver_title} (pid {process.pid})")
        return " and ".join(dead) or None

    def diagnose_death(self) -> str | None:
        """`diagnose()` once the connection broke: a killed process may close
        its sockets a moment before it shows as exited, so wait briefly for that."""
        if self.service is None:
            return None
        deadline = time.monotonic() + self.timeouts.scaled(self.timeouts.death_grace)
        while (what := self.diagnose()) is None and time.monotonic() < deadline:
            # allowed-sleep: polling for an exiting process; a non-child gives no event
            time.sleep(self.timeouts.poll)  # allowed-sleep: see above
        return what

    @property
    def alive(self) -> bool:
        """Remote: what the last command said; local: whether the processes run."""
        if self.remote_url:
            return not self.closed and not self.dead
        return not self.closed and self.diagnose() is None

    def log_tail(self, lines: int = 20) -> str:
        """The end of the driver's log; for a remote session, where to find it."""
        if self.remote_url:
            return (
                f"(the {self.driver_title} of this session runs {self.where}: its log is in that node's "
                "output, e.g. the console of `java -jar selenium-server.jar node`, or node-N.log in the "
                "--log-dir of `python -m harness.grid`)"
            )
        return _tail(self.log_path, lines)

    # -- stopping ----------------------------------------------------------------------

    def stop(self) -> None:
        """Quit gracefully, then make sure nothing is left: every process of the
        browser and the driver, SIGTERM then SIGKILL. Idempotent."""
        if self.closed:
            return
        self.closed = True
        # Locally, an interrupted call keeps the driver busy: do not wait on it, the processes are
        # stopped below. Remotely the quit is all there is (bounded by the client's timeout and
        # this join), else the node keeps the slot until its --session-timeout.
        if self._bidi is not None:
            _quietly(self._bidi.close)
        if self.remote_url or not self.in_flight:
            _quietly(_close_bidi_socket, self.driver)
            quitter = threading.Thread(target=_quietly, args=(self.driver.quit,), daemon=True)
            quitter.start()
            quitter.join(self.timeouts.scaled(self.timeouts.quit))
        if self.service is None:
            return
        # Everything at once, with one grace period: the browser's tree, the driver's,
        # and helpers re-parented away from both (crashhelper) that still carry the tag.
        process = self.service.process
        roots = [pid for pid in (self.browser_pid, process.pid if process is not None else None) if pid]
        processes.stop_family(roots, self.process_tag, self.timeouts.scaled(self.timeouts.stop_grace))
        _stop_service(self.service, self.timeouts)


def check_remote_url(url: str) -> None:
    """SetupError unless `url` is an http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SetupError(
            f"remote_url {url!r} is not a Selenium Grid URL: give an http(s) URL such as http://grid.example:4444"
        )


def remote_start_error(url: str, exc: BaseException, seconds: float, title: str, state: str | None) -> SetupError:
    """Why a remote end gave no session, in words: the Grid is down, full, or
    the node failed to start the browser (the hub's answer verbatim)."""
    hub = f" The hub says: {state}." if state else ""
    reason = exc.reason if isinstance(exc, urllib3.exceptions.MaxRetryError) else exc
    if isinstance(reason, urllib3.exceptions.ReadTimeoutError | TimeoutError):
        return SetupError(
            f"the Selenium Grid at {url} gave no {title} session within {seconds:g}s (every slot busy, or the "
            f"browser's start slower than that).{hub} {SLOTS_HINT} Free a slot, or raise the bound with "
            "HARNESS_TIMEOUT_MULTIPLIER."
        )
    if isinstance(exc, se.SessionNotCreatedException) and QUEUE_TIMEOUT_MESSAGE in str(exc.msg):
        return SetupError(
            f"the Selenium Grid at {url} gave no {title} session: every slot was busy, or a browser start took "
            f"longer than the hub's --session-request-timeout.{hub} {SLOTS_HINT} Its answer: {exc.msg}"
        )
    if isinstance(exc, se.WebDriverException):
        return SetupError(f"the Selenium Grid at {url} could not start a {title} session: {exc.msg}")
    return SetupError(f"no Selenium Grid answers at {url}: {reason}")


def _close_bidi_socket(driver: Any) -> None:
    """Close Selenium's WebDriver BiDi socket (a test's use of Selenium's BiDi API opens it)
    without waiting for the peer's close frame. Selenium's own close waits up to
    3 s per try for a frame its reader thread may already have taken: quitting
    a Chromium session took 9.5 s in about half the runs (measured), 0.2 s without."""
    connection = getattr(driver, "_websocket_connection", None)
    app = getattr(connection, "_ws", None)
    if app is None:
        return
    app.close(timeout=0)  # its reader thread (a daemon) ends on the closed socket
    driver._websocket_connection = None


def _stop_service(service: Service, timeouts: Timeouts) -> None:
    """Reap the driver process and close its pipes and log file."""
    process = service.process if hasattr(service, "process") else None
    if process is not None:
        if process.poll() is None:
            processes.stop_family([process.pid], None, timeouts.scaled(timeouts.stop_grace))
        _quietly(process.wait, timeouts.scaled(timeouts.stop_grace))
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream:
                _quietly(stream.close)
    _quietly(getattr(service, "_close_log_file", lambda: None))


def _tail(path: Path | None, lines: int = 20) -> str:
    if path is None:
        return "(no log)"
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _quietly(fn: Any, *args: Any) -> None:
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - best effort during teardown
        pass
