"""The one bridge between Python and an extension page.

Python sends a method name and arguments (`call`) or a function body
(`run`); the page answers with a plain dictionary (see
fixture_extension/dispatch.js). This module is the one place where that
answer, and every Selenium exception, becomes a Python value or one of
`harness.errors`.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import urllib3.exceptions
from selenium.common import exceptions as se

from . import encoding
from .errors import BrowserCrashed, ExtensionError, HarnessError, HarnessTimeout
from .timeouts import WATCHDOG_MARGIN, multiplier

# Selenium messages that mean the browser or the connection to it is gone.
_DEAD_MESSAGES = (
    "Failed to decode response from marionette",
    "Tried to run command without establishing a connection",
    "Browsing context has been discarded",
    "Process unexpectedly closed",
    "connection refused",
    "Connection refused",
)


class PageGone(HarnessError):
    """The extension page was navigated away or its tab closed; `reset()` opens it again."""


@cache
def script(name: str) -> str:
    """A JavaScript file from harness/js/, without its whole-line `//`
    comments: the text travels with every call and the browser parses it
    every time."""
    text = resources.files("harness").joinpath("js", name).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


@dataclass(frozen=True)
class CallRecord:
    """One bridge call, kept for failure reports."""

    method: str
    args: tuple[Any, ...]
    outcome: str


class Bridge:
    """Calls into one extension page through a WebDriver window handle."""

    def __init__(
        self,
        driver: Any,
        handle: str,
        default_timeout: float,
        diagnose: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.driver = driver
        self.handle = handle
        self.default_timeout = default_timeout
        self._diagnose = diagnose
        self._script_timeout: float | None = None
        self._page: str | None = None  # the page's URL, learned from its first answer
        self.in_flight = False
        self.history: collections.deque[CallRecord] = collections.deque(maxlen=50)

    def call(self, method: str, *args: Any, timeout: float | None = None) -> Any:
        """Run an allowlisted method of the page and return its decoded result."""
        seconds = self._seconds(timeout)
        answer = self._execute(method, args, seconds, script("call.js"), [method, encoding.encode(list(args))])
        return self._unwrap(method, args, seconds, answer)

    def run(self, body: str, *args: Any, timeout: float | None = None) -> Any:
        """Run an async function body with `browser`, `chrome` and `args` in scope."""
        seconds = self._seconds(timeout)
        source = script("execute.js").replace("/* BODY */", body)
        answer = self._execute("execute", args, seconds, source, [encoding.encode(list(args))])
        return self._unwrap("execute", args, seconds, answer)

    def wait(self, body: str, *args: Any, description: str, timeout: float | None = None) -> Any:
        """Re-run an async function body until it returns a truthy value, waiting
        inside the page (see dispatch.js `waitUntil`); return that value."""
        seconds = self._seconds(timeout)
        source = script("wait.js").replace("/* BODY */", body)
        answer = self._execute("wait_for", args, seconds, source, [encoding.encode(list(args)), description])
        return self._unwrap("wait_for", args, seconds, answer)

    def _seconds(self, timeout: float | None) -> float:
        return (self.default_timeout if timeout is None else timeout) * multiplier()

    def _execute(self, method: str, args: tuple[Any, ...], seconds: float, source: str, params: list[Any]) -> Any:
        """One WebDriver round trip per call: the page itself checks that it is
        this bridge's page (see onPage in fixture_extension/dispatch.js),
        so the window is looked up and switched only on the first call or after
        the driver was switched elsewhere (through `browser.driver`, say): then
        the answer is wrongPage, or notReady from a page without a bridge."""
        with self.translate(method, args, seconds):
            watchdog = seconds + WATCHDOG_MARGIN
            if self._script_timeout != watchdog:
                self.driver.set_script_timeout(watchdog)
                self._script_timeout = watchdog
            timeout_ms = int(seconds * 1000)
            # Stays set when the wait was interrupted (Ctrl-C, SIGTERM): the driver is
            # then still busy with the call, and stopping need not wait for a graceful quit.
            self.in_flight = True
            try:
                if self._page is not None:
                    answer = self.driver.execute_async_script(source, *params, timeout_ms, self._page)
                    if not (isinstance(answer, dict) and (answer.get("wrongPage") or answer.get("notReady"))):
                        self.in_flight = False
                        return answer
                if self.driver.current_window_handle != self.handle:
                    self.driver.switch_to.window(self.handle)
                answer = self.driver.execute_async_script(source, *params, timeout_ms)
            except Exception:
                self.in_flight = False
                raise
            self.in_flight = False
            if isinstance(answer, dict) and isinstance(answer.get("page"), str):
                self._page = answer["page"]
            return answer

    def _unwrap(self, method: str, args: tuple[Any, ...], seconds: float, answer: Any) -> Any:
        if not isinstance(answer, dict):
            self._log(method, args, f"malformed answer {answer!r}")
            raise HarnessError(f"{method}: the extension page sent a malformed answer: {answer!r}")
        if answer.get("ok"):
            self._log(method, args, "ok")
            return encoding.decode(answer.get("value"))
        if answer.get("timeout"):
            waiting = answer.get("waiting") or "the call to settle"
            self._log(method, args, f"timeout after {seconds:g}s")
            raise HarnessTimeout(f"{method}{_fmt(args)}: timed out after {seconds:g}s {waiting}")
        if answer.get("notReady"):
            self._log(method, args, "page not ready")
            raise PageGone(f"{method}: the extension page has no bridge (it was navigated away or not loaded)")
        error = answer.get("error") or {}
        self._log(method, args, f"rejected: {error.get('message')}")
        if error.get("name") == "HarnessError":
            raise HarnessError(str(error.get("message")))
        raise ExtensionError(
            str(error.get("message", "")),
            method=method,
            args=args,
            name=str(error.get("name", "Error")),
            synchronous=bool(error.get("synchronous")),
        )

    def _log(self, method: str, args: tuple[Any, ...], outcome: str) -> None:
        self.history.append(CallRecord(method, args, outcome))

    @contextmanager
    def translate(self, method: str, args: tuple[Any, ...] = (), seconds: float | None = None) -> Iterator[None]:
        """Turn Selenium's and urllib3's exceptions into ours, keeping the cause."""
        try:
            yield
        except se.TimeoutException as exc:
            self._log(method, args, "watchdog timeout")
            raise HarnessTimeout(f"{method}{_fmt(args)}: no answer from the browser within {seconds}s") from exc
        except se.JavascriptException as exc:
            self._log(method, args, f"script error: {exc.msg}")
            raise ExtensionError(exc.msg or str(exc), method=method, args=args, name="JavascriptError") from exc
        except (se.InvalidSessionIdException, urllib3.exceptions.HTTPError, ConnectionError) as exc:
            raise self._crashed(method, args) from exc
        except se.WebDriverException as exc:
            if any(text in str(exc) for text in _DEAD_MESSAGES):
                raise self._crashed(method, args) from exc
            if isinstance(exc, se.NoSuchWindowException):
                raise PageGone(f"{method}: the extension page's tab was closed") from exc
            raise HarnessError(f"{method}: WebDriver error: {exc.msg or exc}") from exc

    def _crashed(self, method: str, args: tuple[Any, ...]) -> BrowserCrashed:
        what = self._diagnose() or "the browser or the driver"
        self._log(method, args, f"crashed: {what}")
        return BrowserCrashed(f"{method}{_fmt(args)}: {what} died")


def _fmt(args: tuple[Any, ...]) -> str:
    return "(" + ", ".join(repr(a) for a in args) + ")"
