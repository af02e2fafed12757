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
from .errors import hide_harness_frames
from .types import Session

__tracebackhide__ = hide_harness_frames

_NOT_GIVEN: Any = object()


def to_session(value: Any) -> Any:
    return Session.from_raw(value) if isinstance(value, dict) else value


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

    def get_recently_closed(self, max_results: Any = None, *, filter: Any = _NOT_GIVEN) -> Any:  # noqa: A002
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
        return [to_session(item) for item in result] if isinstance(result, list) else result

    def restore(self, session_id: Any = None) -> Any:
        """`sessions.restore(sessionId?)`: the restored Session."""
        return to_session(self._call("restore", *_given(session_id)))

    def forget_closed_tab(self, window_id: Any, session_id: Any) -> None:
        """`sessions.forgetClosedTab(windowId, sessionId)`."""
        self._call("forgetClosedTab", window_id, session_id)

    def forget_closed_window(self, session_id: Any) -> None:
        """`sessions.forgetClosedWindow(sessionId)`."""
        self._call("forgetClosedWindow", session_id)

    def set_tab_value(self, tab_id: Any, key: Any, value: Any) -> None:
        """`sessions.setTabValue(tabId, key, value)`."""
        self._call("setTabValue", tab_id, key, value)

    def get_tab_value(self, tab_id: Any, key: Any) -> Any:
        """`sessions.getTabValue(tabId, key)`: `UNDEFINED` when the browser answered undefined."""
        return self._call("getTabValue", tab_id, key)

    def remove_tab_value(self, tab_id: Any, key: Any) -> None:
        """`sessions.removeTabValue(tabId, key)`."""
        self._call("removeTabValue", tab_id, key)

    def set_window_value(self, window_id: Any, key: Any, value: Any) -> None:
        """`sessions.setWindowValue(windowId, key, value)`."""
        self._call("setWindowValue", window_id, key, value)

    def get_window_value(self, window_id: Any, key: Any) -> Any:
        """`sessions.getWindowValue(windowId, key)`: `UNDEFINED` when the browser answered undefined."""
        return self._call("getWindowValue", window_id, key)

    def remove_window_value(self, window_id: Any, key: Any) -> None:
        """`sessions.removeWindowValue(windowId, key)`."""
        self._call("removeWindowValue", window_id, key)

    def get_devices(self, max_results: Any = None) -> Any:
        """`sessions.getDevices(filter?)` (Chromium only; Firefox has no such function)."""
        args = ({"maxResults": max_results},) if max_results is not None else ()
        return self._call("getDevices", *args)


def _given(value: Any) -> tuple[Any, ...]:
    return () if value is None else (value,)


__all__ = ["UNDEFINED", "OnChanged", "Sessions"]
