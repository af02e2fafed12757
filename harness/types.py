"""Typed views of what the browser returns: `Session`, `Tab`, `Window`.

Every property the browser sent becomes a snake_case field; one it did not
send is `UNDEFINED` (never None, which is JavaScript null). `.raw` keeps the
exact dictionary the browser sent, and `obj["jsName"]` reads any property,
including ones this module does not know yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

from .encoding import UNDEFINED

T = TypeVar("T", bound="BrowserObject")


def snake_case(name: str) -> str:
    """`favIconUrl` -> `fav_icon_url`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@dataclass(frozen=True, kw_only=True)
class BrowserObject:
    """Common base: construction from the browser's dictionary."""

    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _nested: ClassVar[dict[str, Any]] = {}

    @classmethod
    def from_raw(cls: type[T], raw: dict[str, Any]) -> T:
        known = {f.name for f in fields(cls)} - {"raw"}
        values: dict[str, Any] = {}
        for key, value in raw.items():
            name = snake_case(key)
            if name in known:
                values[name] = _convert(cls._nested.get(name), value)
        return cls(raw=raw, **values)

    def __getitem__(self, js_name: str) -> Any:
        """Any property by its JavaScript name, known or not."""
        return self.raw.get(js_name, UNDEFINED)


def _convert(kind: Any, value: Any) -> Any:
    if kind is None or not isinstance(value, (dict, list)):
        return value
    if isinstance(value, list):
        return [kind.from_raw(v) if isinstance(v, dict) else v for v in value]
    return kind.from_raw(value)


@dataclass(frozen=True, kw_only=True)
class Tab(BrowserObject):
    """`tabs.Tab`: an open tab (has `id`) or a closed one (has `session_id`)."""

    id: Any = UNDEFINED
    session_id: Any = UNDEFINED
    window_id: Any = UNDEFINED
    index: Any = UNDEFINED
    url: Any = UNDEFINED
    title: Any = UNDEFINED
    status: Any = UNDEFINED
    active: Any = UNDEFINED
    pinned: Any = UNDEFINED
    highlighted: Any = UNDEFINED
    incognito: Any = UNDEFINED
    hidden: Any = UNDEFINED
    discarded: Any = UNDEFINED
    fav_icon_url: Any = UNDEFINED
    last_accessed: Any = UNDEFINED
    opener_tab_id: Any = UNDEFINED
    cookie_store_id: Any = UNDEFINED
    width: Any = UNDEFINED
    height: Any = UNDEFINED
    audible: Any = UNDEFINED
    muted_info: Any = UNDEFINED
    attention: Any = UNDEFINED
    is_article: Any = UNDEFINED
    is_in_reader_mode: Any = UNDEFINED
    sharing_state: Any = UNDEFINED
    successor_tab_id: Any = UNDEFINED
    auto_discardable: Any = UNDEFINED
    group_id: Any = UNDEFINED
    # Chromium's: the deprecated twin of `highlighted`, a background tab the
    # browser froze, the URL a tab is loading before it commits, split view.
    selected: Any = UNDEFINED
    frozen: Any = UNDEFINED
    pending_url: Any = UNDEFINED
    split_view_id: Any = UNDEFINED


@dataclass(frozen=True, kw_only=True)
class Window(BrowserObject):
    """`windows.Window`: an open window (has `id`) or a closed one (has `session_id`)."""

    id: Any = UNDEFINED
    session_id: Any = UNDEFINED
    tabs: Any = UNDEFINED
    focused: Any = UNDEFINED
    incognito: Any = UNDEFINED
    type: Any = UNDEFINED
    state: Any = UNDEFINED
    always_on_top: Any = UNDEFINED
    title: Any = UNDEFINED
    top: Any = UNDEFINED
    left: Any = UNDEFINED
    width: Any = UNDEFINED
    height: Any = UNDEFINED

    _nested: ClassVar[dict[str, Any]] = {"tabs": Tab}


@dataclass(frozen=True, kw_only=True)
class Session(BrowserObject):
    """`sessions.Session`: a closed (or just restored) tab or window."""

    last_modified: Any = UNDEFINED
    tab: Any = UNDEFINED
    window: Any = UNDEFINED

    _nested: ClassVar[dict[str, Any]] = {"tab": Tab, "window": Window}
