"""Session/Tab/Window construction from the browser's dictionaries."""

from __future__ import annotations

import dataclasses

import pytest

from harness import UNDEFINED, Session, Tab, Window
from harness.tabs import camel_case
from harness.types import snake_case

CLOSED_TAB = {
    "lastModified": 1795765794020,
    "tab": {"sessionId": "7", "url": "http://127.0.0.1/page/a", "title": "a", "windowId": 1, "favIconUrl": None},
}


def test_snake_and_camel_case() -> None:
    assert snake_case("favIconUrl") == "fav_icon_url"
    assert snake_case("sessionId") == "session_id"
    assert snake_case("id") == "id"
    assert camel_case("window_id") == "windowId"
    assert camel_case("current_window") == "currentWindow"


def test_session_with_a_tab() -> None:
    session = Session.from_raw(CLOSED_TAB)
    assert session.last_modified == 1795765794020
    assert isinstance(session.tab, Tab)
    assert session.window is UNDEFINED
    assert session.tab.session_id == "7"
    assert session.tab.window_id == 1
    assert session.tab.id is UNDEFINED  # absent, not None
    assert session.tab.fav_icon_url is None  # the browser sent null
    assert session.raw is CLOSED_TAB
    assert session.tab.raw is CLOSED_TAB["tab"]


def test_window_tabs_become_tab_objects() -> None:
    window = Window.from_raw({"sessionId": "3", "tabs": [{"url": "u1"}, {"url": "u2"}], "incognito": False})
    assert [t.url for t in window.tabs] == ["u1", "u2"]
    assert all(isinstance(t, Tab) for t in window.tabs)
    assert window.id is UNDEFINED


def test_unknown_properties_are_kept_in_raw_and_readable_by_js_name() -> None:
    tab = Tab.from_raw({"id": 4, "brandNewProperty": [1]})
    assert tab["brandNewProperty"] == [1]
    assert tab["missing"] is UNDEFINED


def test_objects_are_frozen() -> None:
    tab = Tab.from_raw({"id": 4})
    with pytest.raises(dataclasses.FrozenInstanceError):
        tab.id = 5  # type: ignore[misc]


# Every property the browsers sent for an open tab (tabs.get, tabs.create while loading), a closed
# one and one restored (getRecentlyClosed, restore), and for windows the same ways: measured on
# Chromium 156.0.8078.108 and Firefox ESR 153.8.0 (the union of both).
TAB_PROPERTIES = {
    "chromium": [
        "active", "audible", "autoDiscardable", "discarded", "favIconUrl", "frozen", "groupId", "height",
        "highlighted", "id", "incognito", "index", "lastAccessed", "mutedInfo", "pendingUrl", "pinned", "selected",
        "sessionId", "splitViewId", "status", "title", "url", "width", "windowId",
    ],
    "firefox": [
        "active", "attention", "audible", "autoDiscardable", "cookieStoreId", "discarded", "groupId", "height",
        "hidden", "highlighted", "id", "incognito", "index", "isArticle", "isInReaderMode", "lastAccessed",
        "mutedInfo", "pinned", "sessionId", "sharingState", "splitViewId", "status", "successorTabId", "title", "url",
        "width", "windowId",
    ],
}  # fmt: skip
WINDOW_PROPERTIES = {
    "chromium": [
        "alwaysOnTop", "focused", "height", "id", "incognito", "left", "sessionId", "state", "tabs", "top", "type",
        "width",
    ],
    "firefox": [
        "alwaysOnTop", "focused", "height", "id", "incognito", "left", "sessionId", "state", "tabs", "title", "top",
        "type", "width",
    ],
}  # fmt: skip


@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_every_property_a_browser_sends_is_a_field(browser: str) -> None:
    tab = Tab.from_raw({name: f"<{name}>" for name in TAB_PROPERTIES[browser]})
    for name in TAB_PROPERTIES[browser]:
        assert getattr(tab, snake_case(name)) == f"<{name}>", name
    window = Window.from_raw({name: f"<{name}>" for name in WINDOW_PROPERTIES[browser] if name != "tabs"})
    for name in WINDOW_PROPERTIES[browser]:
        if name != "tabs":
            assert getattr(window, snake_case(name)) == f"<{name}>", name


def test_a_property_one_browser_does_not_send_is_undefined() -> None:
    chromium_closed = Tab.from_raw({"sessionId": "1", "selected": False, "frozen": False, "groupId": 0})
    assert (chromium_closed.selected, chromium_closed.frozen, chromium_closed.group_id) == (False, False, 0)
    assert chromium_closed.hidden is UNDEFINED and chromium_closed.cookie_store_id is UNDEFINED
    firefox_closed = Tab.from_raw({"sessionId": "1", "hidden": False})
    assert firefox_closed.selected is UNDEFINED and firefox_closed.pending_url is UNDEFINED
    assert firefox_closed.split_view_id is UNDEFINED and firefox_closed.frozen is UNDEFINED
