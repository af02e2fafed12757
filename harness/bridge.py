"""The one bridge between Python and an extension page.

Python sends a method name and arguments (`call`) or a function body
(`run`, `wait`); the page answers with a plain dictionary (see
fixture_extension/dispatch.js). This module is the one place where that
answer becomes a Python value or one of `harness.errors`; Selenium's own
exceptions are translated by the Connection underneath.
"""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import encoding
from .errors import ExtensionError, HarnessError, HarnessTimeout, PageGone, hide_harness_frames
from .scripts import script
from .timeouts import multiplier

if TYPE_CHECKING:
    from .connection import Connection

__tracebackhide__ = hide_harness_frames


ANSWER_LIMIT = 160  # characters of an answer kept in the call history


@dataclass(frozen=True)
class CallRecord:
    """One bridge call and what came of it, kept for failure reports."""

    method: str
    args: tuple[Any, ...]
    outcome: str

    def __str__(self) -> str:
        return f"{self.method}{encoding.describe_args(self.args)} -> {self.outcome}"


def abridged(value: Any) -> str:
    """A short JSON-ish rendering of an answer for the call history."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= ANSWER_LIMIT else text[: ANSWER_LIMIT - 3] + "..."


class Bridge:
    """Calls into one extension page, in its tab (a WebDriver window handle)."""

    def __init__(self, connection: Connection, handle: str, default_timeout: float) -> None:
        self.connection = connection
        self.handle = handle
        self.default_timeout = default_timeout
        self._page: str | None = None  # the page's URL, learned from its first answer
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
        """One round trip per call, in the page's own tab (WebDriver BiDi
        script.callFunction: no window switch, so the tab stays in the
        background). The page checks that it is this bridge's page (see onPage
        in fixture_extension/dispatch.js): a tab navigated elsewhere answers
        wrongPage, or notReady when the page there has no bridge."""
        try:
            return self._round_trip(method, args, seconds, source, params)
        except HarnessError as exc:
            self._log(method, args, f"{type(exc).__name__}: {exc}")
            raise

    def _round_trip(self, method: str, args: tuple[Any, ...], seconds: float, source: str, params: list[Any]) -> Any:
        page = [] if self._page is None else [self._page]
        try:
            answer = self.connection.call_in(
                self.handle, method, args, seconds, source, *params, int(seconds * 1000), *page
            )
        except PageGone:
            raise PageGone(f"{method}: the extension page's tab was closed") from None
        if isinstance(answer, dict) and isinstance(answer.get("page"), str):
            self._page = answer["page"]
        return answer

    def _unwrap(self, method: str, args: tuple[Any, ...], seconds: float, answer: Any) -> Any:
        if not isinstance(answer, dict):
            self._log(method, args, f"malformed answer {answer!r}")
            raise HarnessError(f"{method}: the extension page sent a malformed answer: {answer!r}")
        if answer.get("ok"):
            value = encoding.decode(answer.get("value"))
            self._log(method, args, abridged(value))
            return value
        if answer.get("timeout"):
            waiting = answer.get("waiting") or "the call to settle"
            self._log(method, args, f"timeout after {seconds:g}s")
            raise HarnessTimeout(f"{method}{encoding.describe_args(args)}: timed out after {seconds:g}s {waiting}")
        if answer.get("wrongPage"):
            self._log(method, args, "page navigated away")
            raise PageGone(f"{method}: the extension page's tab was navigated to another page of the extension")
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
