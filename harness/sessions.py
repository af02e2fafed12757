"""`browser.sessions`: the WebExtensions sessions API with Python names.

Arguments go to the browser exactly as given (no validation, no coercion),
so a conformance test can send a wrong type and read the browser's verdict.
`None` for an optional parameter means "not passed"; pass `UNDEFINED` to
send JavaScript `undefined` explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .bridge import Bridge
from .encoding import UNDEFINED
from .errors import HarnessError, hide_harness_frames
from .types import Session

__tracebackhide__ = hide_harness_frames

_NOT_GIVEN: Any = object()


def to_session(value: Any, method: str) -> Session:
    """The browser's Session object as a `Session`; anything else is not one."""
    if not isinstance(value, dict):
        raise HarnessError(f"sessions.{method} resolved to {value!r}, not a Session object")
    return Session.from_raw(value)


class OnChanged:
    """`sessions.onChanged` as recorded in the extension from its start."""

    def __init__(self, bridge: Callable[[], Bridge]) -> None:
        self._bridge = bridge

    @property
    def count(self) -> int:
        """Events recorded since the last `clear()`."""
        return int(self._bridge().call("events.count"))

    @property
    def calls(self) -> list[list[Any]]:
        """The argument list of each recorded event, oldest first."""
        return list(self._bridge().call("events.calls"))

    def wait(self, count: int, timeout: float | None = None) -> int:
        """Return once at least `count` events are recorded since the last
        `clear()`; raise HarnessTimeout otherwise. Waits inside the browser."""
        return int(self._bridge().call("events.wait", count, timeout=timeout))

    def clear(self) -> None:
        """Forget the recorded events."""
        self._bridge().call("events.clear")


class Sessions:
    """One facade over `browser.sessions` in one extension's context."""

    def __init__(self, bridge: Callable[[], Bridge]) -> None:
        self._bridge = bridge
        self.on_changed = OnChanged(bridge)

    def _call(self, name: str, *args: Any) -> Any:
        return self._bridge().call(f"sessions.{name}", *args)

    @property
    def MAX_SESSION_RESULTS(self) -> Any:  # noqa: N802 - the JavaScript name
        """`sessions.MAX_SESSION_RESULTS`, read from the browser."""
        return self._call("MAX_SESSION_RESULTS")

    def get_recently_closed(self, max_results: Any = None, *, filter: Any = _NOT_GIVEN) -> list[Session]:  # noqa: A002
        """`sessions.getRecentlyClosed(filter?)`: a list of Session.

        `max_results` sends `{maxResults: max_results}`; `filter=` sends a raw
        filter object unchanged (for example `{}` or a wrong type).
        """
        if filter is not _NOT_GIVEN:
            args: tuple[Any, ...] = (filter,)
        elif max_results is not None:
            args = ({"maxResults": max_results},)
        else:
            args = ()
        result = self._call("getRecentlyClosed", *args)
        if not isinstance(result, list):
            raise HarnessError(f"sessions.getRecentlyClosed resolved to {result!r}, not a list of Session objects")
        return [to_session(item, "getRecentlyClosed") for item in result]

    def restore(self, session_id: Any = None) -> Session:
        """`sessions.restore(sessionId?)`: the restored Session."""
        return to_session(self._call("restore", *_given(session_id)), "restore")

    def forget_closed_tab(self, window_id: Any, session_id: Any) -> Any:
        """`sessions.forgetClosedTab(windowId, sessionId)`: what it resolved to
        (`UNDEFINED` for undefined), so a test can check it."""
        return self._call("forgetClosedTab", window_id, session_id)

    def forget_closed_window(self, session_id: Any) -> Any:
        """`sessions.forgetClosedWindow(sessionId)`: what it resolved to (`UNDEFINED` for undefined)."""
        return self._call("forgetClosedWindow", session_id)

    def set_tab_value(self, tab_id: Any, key: Any, value: Any) -> Any:
        """`sessions.setTabValue(tabId, key, value)`: what it resolved to (`UNDEFINED` for undefined)."""
        return self._call("setTabValue", tab_id, key, value)

    def get_tab_value(self, tab_id: Any, key: Any) -> Any:
        """`sessions.getTabValue(tabId, key)`: `UNDEFINED` when the browser answered undefined."""
        return self._call("getTabValue", tab_id, key)

    def remove_tab_value(self, tab_id: Any, key: Any) -> Any:
        """`sessions.removeTabValue(tabId, key)`: what it resolved to (`UNDEFINED` for undefined)."""
        return self._call("removeTabValue", tab_id, key)

    def set_window_value(self, window_id: Any, key: Any, value: Any) -> Any:
        """`sessions.setWindowValue(windowId, key, value)`: what it resolved to (`UNDEFINED` for undefined)."""
        return self._call("setWindowValue", window_id, key, value)

    def get_window_value(self, window_id: Any, key: Any) -> Any:
        """`sessions.getWindowValue(windowId, key)`: `UNDEFINED` when the browser answered undefined."""
        return self._call("getWindowValue", window_id, key)

    def remove_window_value(self, window_id: Any, key: Any) -> Any:
        """`sessions.removeWindowValue(windowId, key)`: what it resolved to (`UNDEFINED` for undefined)."""
        return self._call("removeWindowValue", window_id, key)

    def get_devices(self, max_results: Any = None) -> Any:
        """`sessions.getDevices(filter?)` (Chromium only; Firefox has no such function)."""
        args = ({"maxResults": max_results},) if max_results is not None else ()
        return self._call("getDevices", *args)


def _given(value: Any) -> tuple[Any, ...]:
    return () if value is None else (value,)


__all__ = ["UNDEFINED", "OnChanged", "Sessions"]
