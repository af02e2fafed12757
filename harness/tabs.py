"""`browser.tabs` and `browser.windows`: helpers that set up scenarios and
return once the browser's own events say they are done."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from .bridge import Bridge
from .encoding import UNDEFINED
from .errors import hide_harness_frames
from .types import Tab, Window

__tracebackhide__ = hide_harness_frames


def camel_case(name: str) -> str:
    """`window_id` -> `windowId`."""
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def _or_undefined(value: Any) -> Any:
    return UNDEFINED if value is None else value


class Tabs:
    """Tab helpers (`tabs.*`), each returning once the browser is done."""

    def __init__(self, bridge: Callable[[], Bridge]) -> None:
        self._bridge = bridge

    def _tab(self, method: str, *args: Any, timeout: float | None = None) -> Tab:
        return Tab.from_raw(self._bridge().call(method, *args, timeout=timeout))

    def open(self, url: str, window_id: int | None = None, active: bool = True, *, timeout: float | None = None) -> Tab:
        """`tabs.create({url, windowId, active})`; returns once the page has loaded."""
        return self._tab("tabs.open", url, _or_undefined(window_id), active, timeout=timeout)

    def navigate(self, tab_id: int, url: str, *, timeout: float | None = None) -> Tab:
        """`tabs.update(tabId, {url})`; returns once the navigation has completed."""
        return self._tab("tabs.navigate", tab_id, url, timeout=timeout)

    def go_back(self, tab_id: int, *, timeout: float | None = None) -> Tab:
        """`tabs.goBack(tabId)`; returns once the tab has loaded the previous (different) URL."""
        return self._tab("tabs.goBack", tab_id, timeout=timeout)

    def go_forward(self, tab_id: int, *, timeout: float | None = None) -> Tab:
        """`tabs.goForward(tabId)`; returns once the tab has loaded the next (different) URL."""
        return self._tab("tabs.goForward", tab_id, timeout=timeout)

    def close(self, tab_id: int, *, recorded: bool | None = None, timeout: float | None = None) -> None:
        """`tabs.remove(tabId)`; returns once the browser has recorded the closed tab.

        `recorded=None` decides from the tab whether a record will come (not
        for private tabs, nor tabs that only showed about:blank); pass True or
        False when the test knows better (for example with max_tabs_undo 0).
        """
        self._bridge().call("tabs.close", tab_id, _or_undefined(recorded), timeout=timeout)

    def get(self, tab_id: int) -> Tab:
        """`tabs.get(tabId)`."""
        return self._tab("tabs.get", tab_id)

    def query(self, **query_info: Any) -> list[Tab]:
        """`tabs.query(queryInfo)`, with snake_case keys (`window_id=...`)."""
        info = {camel_case(k): v for k, v in query_info.items()}
        return [Tab.from_raw(t) for t in self._bridge().call("tabs.query", info)]

    def duplicate(self, tab_id: int, *, timeout: float | None = None) -> Tab:
        """`tabs.duplicate(tabId)`; returns once the duplicate has loaded."""
        return self._tab("tabs.duplicate", tab_id, timeout=timeout)

    def move(self, tab_id: int, window_id: int, index: int = -1) -> Tab:
        """`tabs.move(tabId, {windowId, index})`."""
        return self._tab("tabs.move", tab_id, window_id, index)

    def wait_loaded(self, tab_id: int, url: str | None = None, *, timeout: float | None = None) -> Tab:
        """Wait for a tab (a restored one, say) to finish loading, at `url` if given."""
        return self._tab("tabs.waitLoaded", tab_id, _or_undefined(url), timeout=timeout)


class Windows:
    """Window helpers (`windows.*`), each returning once the browser is done."""

    def __init__(self, bridge: Callable[[], Bridge]) -> None:
        self._bridge = bridge

    def open(self, urls: Sequence[str] = (), private: bool = False, *, timeout: float | None = None) -> Window:
        """`windows.create({url: urls, incognito: private})`; returns once every tab has loaded."""
        return Window.from_raw(self._bridge().call("windows.open", list(urls), private, timeout=timeout))

    def close(self, window_id: int, *, recorded: bool | None = None, timeout: float | None = None) -> None:
        """`windows.remove(windowId)`; returns once the browser has recorded the closed window
        (private windows and windows of blank tabs are not recorded; see `Tabs.close`)."""
        self._bridge().call("windows.close", window_id, _or_undefined(recorded), timeout=timeout)

    def get(self, window_id: int) -> Window:
        """`windows.get(windowId, {populate: true})`."""
        return Window.from_raw(self._bridge().call("windows.get", window_id))

    def all(self) -> list[Window]:
        """`windows.getAll({populate: true})`."""
        return [Window.from_raw(w) for w in self._bridge().call("windows.all")]
