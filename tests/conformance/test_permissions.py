"""PERM, VAL-12, VAL-16: other extensions beside the fixture extension,
with other permissions, through `browser.extension(id)` (API.md, "Another
extension's context"). One browser with two extensions of
tests/conformance/extensions/ serves this module; it is reset before each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from check import check, holds, resolves, resolves_undefined
from scenarios import close_tab, close_window, titles

import harness
from harness import UNDEFINED, Browser
from harness.pages import Pages

EXTENSIONS = Path(__file__).with_name("extensions")
SESSIONS_ONLY = "sessions-only@conformance.invalid"
PEER = "peer@conformance.invalid"
HIDDEN_WITHOUT_TABS = ("url", "title", "favIconUrl")


@pytest.fixture(scope="module")
def _with_extensions(harness_launch_options: dict[str, Any]) -> Iterator[Browser]:
    paths = [str(EXTENSIONS / name) for name in ("sessions_only", "peer")]
    with harness.launch(**{**harness_launch_options, "extensions": paths}) as browser:
        yield browser


@pytest.fixture
def with_extensions(_with_extensions: Browser) -> Browser:
    _with_extensions.reset()
    return _with_extensions


@pytest.mark.spec("PERM-1")
def test_without_tabs_closed_tabs_hide_url_and_title(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    close_window(browser, pages, "window-tab")
    close_tab(browser, pages, "lone-tab")
    own = [e.tab or e.window for e in browser.sessions.get_recently_closed()]
    check("PERM-1", "fixture extension (tabs permission) sees titles", titles(browser), ["lone-tab", ["window-tab"]])
    seen = resolves("PERM-1", browser.extension(SESSIONS_ONLY).sessions.get_recently_closed)
    tab, window = seen[0].tab, seen[1].window
    call = f"getRecentlyClosed() in {SESSIONS_ONLY}"
    check("PERM-1", call + " [0].tab.{url,title,favIconUrl}", [tab[k] for k in HIDDEN_WITHOUT_TABS], [UNDEFINED] * 3)
    inner = window.tabs[0]
    check(
        "PERM-1",
        call + " [1].window.tabs[0].{url,title,favIconUrl}",
        [inner[k] for k in HIDDEN_WITHOUT_TABS],
        [UNDEFINED] * 3,
    )
    holds(
        "PERM-1",
        call,
        [tab.session_id, window.session_id],
        [tab.session_id, window.session_id] == [own[0].session_id, own[1].session_id],
        "the same sessionIds as the fixture sees",
    )


@pytest.mark.spec("PERM-2")
def test_without_tabs_restore_and_forget_work(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    close_tab(browser, pages, "to-forget")
    close_tab(browser, pages, "to-restore")
    other = browser.extension(SESSIONS_ONLY).sessions
    restore_entry, forget_entry = other.get_recently_closed()
    restored = resolves("PERM-2", other.restore, restore_entry.tab.session_id)
    browser.tabs.wait_loaded(restored.tab.id, pages.url("to-restore"))
    resolves_undefined("PERM-2", other.forget_closed_tab, forget_entry.tab.window_id, forget_entry.tab.session_id)
    check("PERM-2", f"getRecentlyClosed() after restore and forget in {SESSIONS_ONLY}", titles(browser), [])


@pytest.mark.spec("VAL-12")
def test_tab_values_are_private_to_each_extension(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    tab = browser.tabs.open(pages.url("shared-tab"))
    peer = browser.extension(PEER).sessions
    browser.sessions.set_tab_value(tab.id, "key", "fixture's")
    check("VAL-12", f"getTabValue({tab.id}, 'key') in {PEER}", peer.get_tab_value(tab.id, "key"), UNDEFINED)
    peer.set_tab_value(tab.id, "key", "peer's")
    got = [browser.sessions.get_tab_value(tab.id, "key"), peer.get_tab_value(tab.id, "key")]
    check("VAL-12", "getTabValue in the fixture and in the peer", got, ["fixture's", "peer's"])


@pytest.mark.spec("VAL-16")
def test_window_values_are_private_to_each_extension(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    window = browser.windows.open([pages.url("shared-window")])
    peer = browser.extension(PEER).sessions
    browser.sessions.set_window_value(window.id, "key", "fixture's")
    check("VAL-16", f"getWindowValue({window.id}, 'key') in {PEER}", peer.get_window_value(window.id, "key"), UNDEFINED)
    peer.set_window_value(window.id, "key", "peer's")
    got = [browser.sessions.get_window_value(window.id, "key"), peer.get_window_value(window.id, "key")]
    check("VAL-16", "getWindowValue in the fixture and in the peer", got, ["fixture's", "peer's"])
